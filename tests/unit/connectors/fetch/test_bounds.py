"""Hostile servers: content codings, size caps (a gzip bomb too), drip-feeding, HTML pages."""

from __future__ import annotations

import asyncio
import gzip
import time
import tracemalloc
import zlib

import brotli
import pytest
from aiohttp import web

from connectors.fetch import FeedError, FeedErrorKind, Fetcher
from connectors.fetch.fetch_once import fetch_and_parse
from connectors.settings import ConnectorSettings
from tests.support.feeds import FeedServer
from tests.support.fetch_env import fixture_bytes

FEED = fixture_bytes("rss_relative_links.xml")


def _gzip_of_zeros(expanded: int) -> bytes:
    """A gzip stream that expands to `expanded` zero bytes, built a megabyte at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(expanded >> 20)]
    parts.append(packer.flush())
    return b"".join(parts)


@pytest.mark.parametrize(
    ("coding", "encoded"),
    [
        ("gzip", gzip.compress(FEED)),
        ("deflate", zlib.compress(FEED)),
        ("br", brotli.compress(FEED)),
    ],
)
async def test_compressed_bodies_are_decoded(
    feed_server: FeedServer, settings: ConnectorSettings, coding: str, encoded: bytes
) -> None:
    url = feed_server.static("/feed", encoded, **{"Content-Encoding": coding})
    async with Fetcher(settings) as fetcher:
        result, articles = await fetch_and_parse(fetcher, url)
    assert result.body == FEED
    assert result.bytes_received == len(encoded)
    assert articles is not None and len(articles) == 2


async def test_a_body_over_the_cap_is_refused(feed_server: FeedServer) -> None:
    settings = ConnectorSettings(per_host_spacing_s=0, max_body_bytes=10_000)

    async def chunked(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()  # no Content-Length: the cap must count bytes
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(100):
            await response.write(b"x" * 1000)
        return response

    url = feed_server.route("/chunked", chunked)
    declared = feed_server.static("/declared", b"x" * 20_000)
    async with Fetcher(settings) as fetcher:
        for target in (url, declared):
            with pytest.raises(FeedError) as caught:
                await fetcher.fetch(target)
            assert caught.value.kind is FeedErrorKind.TOO_LARGE


async def test_a_gzip_bomb_stops_at_the_cap_with_bounded_memory(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    bomb = _gzip_of_zeros(1 << 30)  # ~1 MiB on the wire, 1 GiB expanded
    assert len(bomb) < 2 << 20
    url = feed_server.static("/bomb", bomb, **{"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        async with Fetcher(settings) as fetcher:
            with pytest.raises(FeedError) as caught:
                await fetcher.fetch(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.kind is FeedErrorKind.TOO_LARGE
    assert peak < 100 * 1024 * 1024


async def test_a_server_that_drips_bytes_is_cut_off_at_the_deadline(
    feed_server: FeedServer,
) -> None:
    settings = ConnectorSettings(per_host_spacing_s=0, fetch_deadline_s=1.0)

    async def drip(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        for byte in FEED:
            await response.write(bytes([byte]))
            await asyncio.sleep(0.2)
        return response

    url = feed_server.route("/drip", drip)
    started = time.monotonic()
    async with Fetcher(settings) as fetcher:
        with pytest.raises(FeedError) as caught:
            await fetcher.fetch(url)
    assert caught.value.kind is FeedErrorKind.TIMEOUT
    assert time.monotonic() - started < 2.5


async def test_an_html_page_where_a_feed_was_expected_is_not_a_feed(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    url = feed_server.static(
        "/page", fixture_bytes("html_page.xml"), **{"Content-Type": "text/html; charset=utf-8"}
    )
    async with Fetcher(settings) as fetcher:
        with pytest.raises(FeedError) as caught:
            await fetch_and_parse(fetcher, url)
    assert caught.value.kind is FeedErrorKind.NOT_A_FEED
