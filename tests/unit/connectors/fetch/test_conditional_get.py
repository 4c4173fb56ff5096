"""Conditional GET: what validators we send, and what a 304 gives back."""

from __future__ import annotations

from aiohttp import web

from connectors.fetch import Fetcher, Validators
from connectors.settings import ConnectorSettings
from tests.support.feeds import FeedServer
from tests.support.fetch_env import fixture_bytes

ETAG = '"v1"'
LAST_MODIFIED = "Tue, 03 Mar 2026 10:00:00 GMT"


def _publisher(body: bytes) -> web.Response:
    return web.Response(
        body=body,
        content_type="application/rss+xml",
        headers={"ETag": ETAG, "Last-Modified": LAST_MODIFIED},
    )


async def test_stored_etag_is_sent_and_takes_precedence_over_last_modified(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    url = feed_server.static("/feed", b"<rss/>")
    async with Fetcher(settings) as fetcher:
        await fetcher.fetch(url, Validators(etag=ETAG, last_modified=LAST_MODIFIED))
    headers = feed_server.seen[-1].headers
    assert headers["If-None-Match"] == ETAG
    assert "If-Modified-Since" not in headers


async def test_if_modified_since_is_the_stored_last_modified_verbatim(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    url = feed_server.static("/feed", b"<rss/>")
    async with Fetcher(settings) as fetcher:
        await fetcher.fetch(url, Validators(last_modified=LAST_MODIFIED))
    assert feed_server.seen[-1].headers["If-Modified-Since"] == LAST_MODIFIED


async def test_first_fetch_sends_no_invented_validators(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    url = feed_server.static("/feed", b"<rss/>")
    async with Fetcher(settings) as fetcher:
        await fetcher.fetch(url, Validators())
    headers = feed_server.seen[-1].headers
    assert "If-None-Match" not in headers
    assert "If-Modified-Since" not in headers


async def test_not_modified_answer_has_no_body_and_keeps_the_stored_validators(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    body = fixture_bytes("rss_relative_links.xml")

    async def handler(request: web.Request) -> web.StreamResponse:
        if request.headers.get("If-None-Match") == ETAG:
            return web.Response(status=304)
        return _publisher(body)

    url = feed_server.route("/feed", handler)
    async with Fetcher(settings) as fetcher:
        first = await fetcher.fetch(url, Validators())
        second = await fetcher.fetch(url, first.validators)
    assert first.status == 200 and first.body == body
    assert first.validators == Validators(ETAG, LAST_MODIFIED)
    assert second.status == 304 and second.not_modified
    assert second.body is None
    assert second.validators == Validators(ETAG, LAST_MODIFIED)


async def test_user_agent_names_newsmon_its_version_and_the_contact(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    url = feed_server.static("/feed", b"<rss/>")
    async with Fetcher(settings) as fetcher:
        await fetcher.fetch(url)
    agent = feed_server.seen[-1].headers["User-Agent"]
    assert agent.startswith("newsmon/0.")
    assert "test@example.org" in agent
    assert feed_server.seen[-1].headers["Accept-Encoding"] == "gzip, deflate, br"


async def test_cache_control_max_age_becomes_the_minimum_interval(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    url = feed_server.static("/feed", b"<rss/>", **{"Cache-Control": "public, max-age=900"})
    async with Fetcher(settings) as fetcher:
        result = await fetcher.fetch(url)
    assert result.min_interval_s == 900.0
