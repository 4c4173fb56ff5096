from __future__ import annotations

from connectors.fetch.http import Fetcher
from connectors.rss import RssConnector
from connectors.schedule import Bounds
from connectors.settings import ConnectorSettings
from connectors.state import FeedState
from tests.support.feeds import FeedServer

RELATIVE = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    b"<link>/</link><description>d</description>"
    b"<item><title>One</title><link>story-1.html</link><guid>g1</guid></item>"
    b"</channel></rss>"
)


async def test_relative_links_resolve_against_where_the_feed_moved_and_keep_its_name() -> None:
    server = await FeedServer(
        bodies={"new/feed.xml": RELATIVE}, moved={"feed.xml": "new/feed.xml"}
    ).start()
    try:
        settings = ConnectorSettings(per_host_spacing_s=0)
        async with Fetcher(settings) as fetcher:
            connector = RssConnector(fetcher, Bounds(60, 3600))
            result = await connector.poll(FeedState.initial(server.url("feed.xml")))
    finally:
        await server.stop()
    assert result.ok, result.error
    [article] = result.articles
    assert article.url == server.url("new/story-1.html")
    assert article.feed == server.url("feed.xml")
