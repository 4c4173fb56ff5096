"""Status answers become error kinds (with Retry-After); redirects are followed by hand."""

from __future__ import annotations

from email.utils import format_datetime

import pytest
from aiohttp import web

from connectors.fetch import FeedError, FeedErrorKind, Fetcher
from connectors.settings import ConnectorSettings
from newsmon.contract import utc_now
from tests.support.feeds import FeedServer


def _status(status: int, **headers: str) -> web.Response:
    return web.Response(status=status, headers=headers)


async def _fetch_error(settings: ConnectorSettings, url: str) -> FeedError:
    async with Fetcher(settings) as fetcher:
        with pytest.raises(FeedError) as caught:
            await fetcher.fetch(url)
    return caught.value


async def test_429_with_retry_after_seconds_reports_the_wait(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    async def handler(_r: web.Request) -> web.Response:
        return _status(429, **{"Retry-After": "120"})

    error = await _fetch_error(settings, feed_server.route("/feed", handler))
    assert error.kind is FeedErrorKind.HTTP_429
    assert error.retry_after_s == 120.0
    assert error.status == 429


async def test_503_with_retry_after_http_date_reports_the_wait(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    from datetime import timedelta

    when = format_datetime(utc_now() + timedelta(seconds=300), usegmt=True)

    async def handler(_r: web.Request) -> web.Response:
        return _status(503, **{"Retry-After": when})

    error = await _fetch_error(settings, feed_server.route("/feed", handler))
    assert error.kind is FeedErrorKind.HTTP_5XX
    assert error.retry_after_s is not None
    assert 290.0 <= error.retry_after_s <= 300.0


@pytest.mark.parametrize(
    ("status", "kind"),
    [(404, FeedErrorKind.HTTP_4XX), (410, FeedErrorKind.HTTP_4XX), (500, FeedErrorKind.HTTP_5XX)],
)
async def test_error_statuses_map_to_their_kind_without_retry_after(
    feed_server: FeedServer, settings: ConnectorSettings, status: int, kind: FeedErrorKind
) -> None:
    async def handler(_r: web.Request) -> web.Response:
        return _status(status)

    error = await _fetch_error(settings, feed_server.route("/feed", handler))
    assert error.kind is kind
    assert error.retry_after_s is None


def _redirect(status: int, location: str) -> web.Response:
    return web.Response(status=status, headers={"Location": location})


async def test_a_chain_of_permanent_redirects_reports_the_new_url(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    async def first(_r: web.Request) -> web.Response:
        return _redirect(301, "/second")

    async def second(_r: web.Request) -> web.Response:
        return _redirect(308, feed_server.url("/final"))

    url = feed_server.route("/first", first)
    feed_server.route("/second", second)
    final = feed_server.static("/final", b"<rss/>")
    async with Fetcher(settings) as fetcher:
        result = await fetcher.fetch(url)
    assert result.url == final
    assert result.permanent_redirect == final
    assert result.body == b"<rss/>"


async def test_a_temporary_hop_in_the_chain_means_no_permanent_move(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    async def first(_r: web.Request) -> web.Response:
        return _redirect(301, "/second")

    async def second(_r: web.Request) -> web.Response:
        return _redirect(302, "/final")

    url = feed_server.route("/first", first)
    feed_server.route("/second", second)
    final = feed_server.static("/final", b"<rss/>")
    async with Fetcher(settings) as fetcher:
        result = await fetcher.fetch(url)
    assert result.url == final
    assert result.permanent_redirect is None


async def test_a_redirect_loop_stops_at_the_limit(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    async def loop(_r: web.Request) -> web.Response:
        return _redirect(307, "/loop")

    error = await _fetch_error(settings, feed_server.route("/loop", loop))
    assert error.kind is FeedErrorKind.TOO_MANY_REDIRECTS
    assert len(feed_server.seen) == 6  # the request and five redirects, no more


async def test_a_redirect_to_a_local_file_is_refused(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    async def to_file(_r: web.Request) -> web.Response:
        return _redirect(302, "file:///etc/passwd")

    error = await _fetch_error(settings, feed_server.route("/feed", to_file))
    assert error.kind is FeedErrorKind.BAD_URL
