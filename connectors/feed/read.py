"""`read_document`: a feed body -> its Articles and feed-level hints (parse, then normalise).

The one way a body is read, whether it was polled, pushed by a WebSub hub, fetched by
`newsmon fetch` or read from a file: the same cap, the same normaliser. Module-level and
picklable so that a process pool can run it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from connectors.feed.normalise import to_articles
from connectors.feed.parse import DEFAULT_MAX_BYTES, parse_feed
from newsmon.contract.article import Article

# Bodies above this are parsed in a worker thread so that the event loop (Kafka heartbeats,
# other feeds) is not held for long; small ones are cheaper to parse in place.
THREAD_PARSE_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class Document:
    articles: list[Article]
    ttl_s: float | None  # RSS <ttl>: a lower bound on the polling interval
    hub: str | None  # WebSub hub the feed advertises
    self_url: str | None  # the feed's own URL, the WebSub topic


def read_document(
    body: bytes,
    base_url: str,
    feed: str,
    content_type: str | None,
    now: datetime,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Parse and normalise; raises FeedError (too_large over `max_bytes`, not_a_feed, ...).

    Relative links resolve against `base_url`, where the document was really read from (after
    redirects); articles name `feed`, the configured URL, so their ids survive a feed's move.
    """
    parsed = parse_feed(body, base_url, content_type, max_bytes=max_bytes)
    articles = to_articles(parsed, feed, now)
    return Document(articles, parsed.ttl_s, parsed.websub_hub, parsed.self_url)


async def read_document_off_loop(
    body: bytes,
    base_url: str,
    feed: str,
    content_type: str | None,
    now: datetime,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """`read_document`, in a worker thread when the body is large."""
    if len(body) <= THREAD_PARSE_BYTES:
        return read_document(body, base_url, feed, content_type, now, max_bytes)
    return await asyncio.to_thread(
        read_document, body, base_url, feed, content_type, now, max_bytes
    )
