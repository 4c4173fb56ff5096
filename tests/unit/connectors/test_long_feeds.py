"""A feed listing more entries than the seen-id limit still publishes each entry once."""

from __future__ import annotations

from connectors.rss import RssConnector
from connectors.schedule import Bounds
from connectors.state import SEEN_IDS_LIMIT, FeedState

FEED = "https://feeds.test/archive.xml"


def _document(count: int, first: int = 0) -> bytes:
    items = "".join(
        f"<item><title>n{n}</title><link>https://feeds.test/{n}</link></item>"
        for n in range(first + count - 1, first - 1, -1)  # newest first, as feeds list them
    )
    return f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


async def test_a_feed_listing_more_entries_than_the_limit_is_not_republished() -> None:
    connector = RssConnector(None, Bounds(10, 60))  # type: ignore[arg-type]  # ingest only
    entries = SEEN_IDS_LIMIT + 500
    first = await connector.ingest(FeedState.initial(FEED), _document(entries), None)
    assert len(first.articles) == entries
    second = await connector.ingest(first.state, _document(entries), None)
    assert second.articles == []


async def test_when_ids_are_dropped_it_is_the_oldest_ones() -> None:
    connector = RssConnector(None, Bounds(10, 60))  # type: ignore[arg-type]
    state = (await connector.ingest(FeedState.initial(FEED), _document(SEEN_IDS_LIMIT), None)).state
    newer = await connector.ingest(state, _document(10, first=SEEN_IDS_LIMIT), None)
    assert len(newer.articles) == 10
    assert len(newer.state.seen_ids) == SEEN_IDS_LIMIT
    # The ten newest entries are remembered; entries 0..9, the oldest, were let go.
    again = await connector.ingest(newer.state, _document(10, first=SEEN_IDS_LIMIT), None)
    assert again.articles == []
    oldest = await connector.ingest(newer.state, _document(10), None)
    assert len(oldest.articles) == 10
