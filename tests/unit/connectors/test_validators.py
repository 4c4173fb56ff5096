"""A feed's ETag and Last-Modified are stored only once the document they name was read."""

from __future__ import annotations

from dataclasses import dataclass

from connectors.fetch.http import FetchResult, Validators
from connectors.rss import RssConnector
from connectors.schedule import Bounds
from connectors.state import FeedState

FEED = "https://feeds.test/world.xml"
GOOD = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    b"<item><title>a</title><link>https://feeds.test/a</link></item></channel></rss>"
)
BROKEN = b"<html><body>Service temporarily replaced by a page</body></html>"


@dataclass
class OneDocument:
    body: bytes
    etag: str

    async def fetch(self, url: str, validators: Validators | None = None) -> FetchResult:
        return FetchResult(
            url,
            200,
            self.body,
            "text/html",
            Validators(self.etag, "Tue, 03 Mar 2026 10:00:00 GMT"),
            None,
            None,
            0.01,
            len(self.body),
        )


async def test_validators_of_a_document_that_failed_to_parse_are_not_stored() -> None:
    before = FeedState(feed=FEED, url=FEED, etag='"v1"', last_modified=None)
    connector = RssConnector(OneDocument(BROKEN, '"v2"'), Bounds(10, 60))
    result = await connector.poll(before)
    assert result.error is not None
    assert (result.state.etag, result.state.last_modified) == ('"v1"', None)


async def test_validators_of_a_document_that_was_read_are_stored() -> None:
    connector = RssConnector(OneDocument(GOOD, '"v2"'), Bounds(10, 60))
    result = await connector.poll(FeedState.initial(FEED))
    assert result.ok and len(result.articles) == 1
    assert result.state.etag == '"v2"' and result.state.last_modified is not None
