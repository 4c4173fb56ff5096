"""`fetch_and_parse`: one fetch of one feed, through to Article records."""

from __future__ import annotations

from connectors.feed.read import read_document_off_loop
from connectors.fetch.http import Fetcher, FetchResult, Validators
from newsmon.contract import Article, utc_now


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
    document = await read_document_off_loop(
        result.body,
        result.url,
        url,
        result.content_type,
        utc_now(),
        fetcher.settings.max_body_bytes,
    )
    return result, document.articles
