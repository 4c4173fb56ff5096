"""One reading of a feed body, used by the service, `newsmon fetch` and fetch_and_parse."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from connectors.feed.read import read_document
from connectors.fetch.errors import FeedError, FeedErrorKind
from connectors.rss import RssConnector
from connectors.schedule import Bounds
from connectors.state import FeedState

FEED = "https://feeds.test/big.xml"
NOW = datetime(2026, 3, 3, tzinfo=UTC)
BODY = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    + b"".join(
        b"<item><title>n%d</title><link>https://feeds.test/%d</link></item>" % (n, n)
        for n in range(100)
    )
    + b"</channel></rss>"
)


def test_a_document_is_read_into_articles_and_its_feed_level_hints() -> None:
    document = read_document(BODY, FEED, FEED, None, NOW, max_bytes=len(BODY))
    assert len(document.articles) == 100 and document.ttl_s is None


def test_a_document_over_the_cap_is_refused_as_too_large() -> None:
    with pytest.raises(FeedError) as raised:
        read_document(BODY, FEED, FEED, None, NOW, max_bytes=len(BODY) - 1)
    assert raised.value.kind is FeedErrorKind.TOO_LARGE


async def test_the_service_applies_the_configured_body_cap_to_what_it_parses() -> None:
    connector = RssConnector(None, Bounds(10, 60), max_body_bytes=1000)  # type: ignore[arg-type]
    result = await connector.ingest(FeedState.initial(FEED), BODY, None)
    assert result.error is not None and result.error.kind is FeedErrorKind.TOO_LARGE
