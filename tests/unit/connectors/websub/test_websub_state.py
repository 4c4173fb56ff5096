"""A feed's state remembers the WebSub hub its latest fetched document advertised."""

from __future__ import annotations

from connectors.rss import RssConnector
from connectors.schedule import Bounds
from connectors.state import FeedState
from tests.support.feeds import rss
from tests.unit.connectors.test_validators import OneDocument

FEED = "https://feeds.test/pushed.xml"
HUB = "https://hub.test/"
SELF = "https://feeds.test/canonical.xml"


async def test_a_fetched_document_naming_a_hub_is_remembered_with_its_self_link() -> None:
    connector = RssConnector(
        OneDocument(rss("f", ["a"], hub=HUB, self_url=SELF), '"1"'), Bounds(10, 60)
    )
    state = (await connector.poll(FeedState.initial(FEED))).state
    assert (state.websub_hub, state.websub_topic) == (HUB, SELF)


async def test_a_fetched_document_without_a_hub_forgets_it() -> None:
    before = FeedState(feed=FEED, url=FEED, websub_hub=HUB, websub_topic=SELF)
    connector = RssConnector(OneDocument(rss("f", ["a"]), '"2"'), Bounds(10, 60))
    state = (await connector.poll(before)).state
    assert (state.websub_hub, state.websub_topic) == (None, None)


async def test_pushed_content_without_the_feed_links_keeps_the_hub() -> None:
    before = FeedState(feed=FEED, url=FEED, websub_hub=HUB, websub_topic=SELF)
    connector = RssConnector(OneDocument(b"", '"3"'), Bounds(10, 60))
    result = await connector.ingest(before, rss("f", ["b", "a"]), "application/rss+xml")
    assert result.ok and len(result.articles) == 2
    assert (result.state.websub_hub, result.state.websub_topic) == (HUB, SELF)
