"""The one local feed server of the tests (aiohttp on 127.0.0.1), and RSS documents to serve.

Two ways to answer, per path: `bodies` (feeds we write, with ETags, 304s, forced statuses,
moves and gates) or `routes` (a handler per path, for fetcher tests that shape each response).
Every request is counted per path in `requests` and logged with its arrival time and headers in
`seen`, so tests can assert what the client sent and when.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

import pytest
from aiohttp import web
from multidict import CIMultiDictProxy

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def rss(
    feed_name: str,
    items: list[str],
    *,
    host: str = "news.example.test",
    hub: str | None = None,
    self_url: str | None = None,
) -> bytes:
    """An RSS 2.0 document whose items link to https://{host}/{feed_name}/{item}.

    With `hub` (and `self_url`) it advertises a WebSub hub with atom:link elements.
    """
    base = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    entries = "".join(
        f"<item><title>{escape(item)} headline</title>"
        f"<link>https://{host}/{escape(feed_name)}/{escape(item)}</link>"
        f"<description>Story {escape(item)} of {escape(feed_name)}.</description>"
        f"<pubDate>{format_datetime(base - timedelta(minutes=10 * n))}</pubDate></item>"
        for n, item in enumerate(items)
    )
    links = ""
    if hub:
        links = f'<atom:link rel="hub" href="{escape(hub)}"/>'
        links += f'<atom:link rel="self" href="{escape(self_url or "")}"/>'
    return (
        f'<?xml version="1.0" encoding="utf-8"?>'
        f'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>{links}'
        f"<title>{escape(feed_name)}</title><link>https://{host}/</link>"
        f"<description>test feed</description>{entries}</channel></rss>"
    ).encode()


@dataclass
class Seen:
    path: str
    at: float
    headers: CIMultiDictProxy[str]


@dataclass
class FeedServer:
    """Serves `routes[/path]` by its handler, else `bodies[path]` with an ETag (304 on a match).

    Paths are given with or without the leading slash: `url("a.xml") == url("/a.xml")`.
    """

    routes: dict[str, Handler] = field(default_factory=dict)  # "/path" -> handler
    seen: list[Seen] = field(default_factory=list)
    bodies: dict[str, bytes] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)  # force an error status per path
    moved: dict[str, str] = field(default_factory=dict)  # path -> new path (301)
    gates: dict[str, asyncio.Event] = field(default_factory=dict)  # answer once set
    requests: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)
    port: int = 0
    _runner: web.AppRunner | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.removeprefix('/')}"

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def static(self, path: str, body: bytes, **headers: str) -> str:
        async def handler(_request: web.Request) -> web.StreamResponse:
            return web.Response(body=body, headers=headers)

        return self.route(path, handler)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        self.seen.append(Seen(request.path, time.monotonic(), request.headers))
        self.requests[path] += 1
        handler = self.routes.get(request.path)
        if handler is not None:
            return await handler(request)
        if path in self.gates:
            await self.gates[path].wait()
        if path in self.moved:
            raise web.HTTPMovedPermanently(location=self.url(self.moved[path]))
        if path in self.status:
            return web.Response(status=self.status[path])
        body = self.bodies.get(path)
        if body is None:
            return web.Response(status=404)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            self.not_modified[path] += 1
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            body=body, headers={"ETag": etag, "Content-Type": "application/rss+xml"}
        )

    async def start(self) -> FeedServer:
        app = web.Application()
        app.router.add_get("/{path:.*}", self._handle)
        # a handler that waits forever is cancelled when its client gives up
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


async def published_by(
    bootstrap: str, feed_url: str, topic: str = "newsmon.articles.raw"
) -> list[dict[str, object]]:
    """Every article on `topic` whose feed is `feed_url`, duplicates included, in topic order."""
    import json

    from aiokafka import AIOKafkaConsumer, TopicPartition

    from newsmon.kafka.compacted import partitions_of

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        numbers = await partitions_of(bootstrap, topic)
        partitions = [TopicPartition(topic, p) for p in numbers]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found: list[dict[str, object]] = []
        remaining = {tp for tp in partitions if ends[tp] > 0}
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=500)
            for records in batches.values():
                for record in records:
                    article = json.loads(record.value)
                    if article["feed"] == feed_url:
                        assert record.key == article["id"].encode()
                        found.append(article)
            remaining = {tp for tp in remaining if await consumer.position(tp) < ends[tp]}
        return found
    finally:
        await consumer.stop()


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    server = await FeedServer().start()
    try:
        yield server
    finally:
        await server.stop()
