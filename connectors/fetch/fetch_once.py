"""`fetch_and_parse`: one fetch of one feed, through to Article records."""

from __future__ import annotations

import asyncio

from connectors.contract import Article, utc_now
from connectors.feed.normalise import to_articles
from connectors.feed.parse import parse_feed
from connectors.fetch.http import Fetcher, FetchResult, Validators

# Parsing a large document takes a while; below this size the thread hop costs more.
_THREAD_THRESHOLD = 256 * 1024


def parse_to_articles(
    body: bytes, feed_url: str, result: FetchResult, max_bytes: int
) -> list[Article]:
    """Parse a fetched body: relative links resolve against the final URL, while `feed_url`
    (the URL the feed is configured under) names the feed in every Article."""
    feed = parse_feed(body, result.url, result.content_type, max_bytes=max_bytes)
    return to_articles(feed, feed_url, utc_now())


async def fetch_and_parse(
    fetcher: Fetcher, url: str, validators: Validators | None = None
) -> tuple[FetchResult, list[Article] | None]:
    """Fetch `url` conditionally and parse what came back.

    Returns the FetchResult and the articles (None when the server said 304 Not Modified).
    Raises FeedError for every failure, of the fetch or of the parse. Article `feed` fields
    carry `url` as given (not the URL redirects led to), so ids stay put when a feed moves.
    """
    result = await fetcher.fetch(url, validators or Validators())
    if result.body is None:
        return result, None
    cap = fetcher.settings.max_body_bytes
    if len(result.body) < _THREAD_THRESHOLD:
        return result, parse_to_articles(result.body, url, result, cap)
    return result, await asyncio.to_thread(parse_to_articles, result.body, url, result, cap)
