"""Network failures get named kinds; the private-address guard refuses before connecting;
per-host politeness holds under concurrent fetches."""

from __future__ import annotations

import asyncio
import itertools
import socket

import pytest
from aiohttp import web

from connectors.fetch import FeedError, FeedErrorKind, Fetcher
from connectors.fetch.guard import BlockedAddressError, GuardedResolver, is_blocked_ip
from connectors.settings import ConnectorSettings
from tests.support.feeds import FeedServer


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _kind(settings: ConnectorSettings, url: str, **kwargs: object) -> FeedErrorKind:
    async with Fetcher(settings, **kwargs) as fetcher:  # type: ignore[arg-type]
        with pytest.raises(FeedError) as caught:
            await fetcher.fetch(url)
    return caught.value.kind


async def test_a_closed_port_is_a_connect_error(settings: ConnectorSettings) -> None:
    assert await _kind(settings, f"http://127.0.0.1:{_closed_port()}/feed") is FeedErrorKind.CONNECT


async def test_an_unresolvable_host_is_a_dns_error(settings: ConnectorSettings) -> None:
    assert await _kind(settings, "http://no-such-host.invalid/feed") is FeedErrorKind.DNS


async def test_a_non_http_url_is_a_bad_url(settings: ConnectorSettings) -> None:
    assert await _kind(settings, "file:///etc/passwd") is FeedErrorKind.BAD_URL


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "224.0.0.1",
        "0.0.0.0",
        "100.64.0.1",
        "::ffff:10.0.0.1",
        "fc00::1",
        "240.0.0.1",
    ],
)
def test_private_and_special_addresses_are_blocked(address: str) -> None:
    assert is_blocked_ip(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_are_not_blocked(address: str) -> None:
    assert not is_blocked_ip(address)


async def test_the_guard_refuses_a_loopback_literal_and_a_name_resolving_to_loopback(
    feed_server: FeedServer,
) -> None:
    guarded = ConnectorSettings(per_host_spacing_s=0, block_private_addresses=True)
    url = feed_server.static("/feed", b"<rss/>")
    assert await _kind(guarded, url) is FeedErrorKind.BLOCKED_ADDRESS
    by_name = url.replace("127.0.0.1", "localhost")
    assert await _kind(guarded, by_name) is FeedErrorKind.BLOCKED_ADDRESS
    assert feed_server.seen == []  # refused before any connection


async def test_the_guard_checks_every_redirect_target(feed_server: FeedServer) -> None:
    guarded = ConnectorSettings(per_host_spacing_s=0, block_private_addresses=True)

    async def to_internal(_r: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": "http://127.0.0.2:8080/admin"})

    url = feed_server.route("/feed", to_internal)

    # Only the test server's own address is let through, so the first hop happens.
    def blocked(ip: str) -> bool:
        return ip != "127.0.0.1"

    kind = await _kind(guarded, url, is_blocked=blocked)
    assert kind is FeedErrorKind.BLOCKED_ADDRESS
    assert len(feed_server.seen) == 1


async def test_the_guarded_resolver_refuses_names_with_only_blocked_addresses() -> None:
    class Fixed(GuardedResolver):
        pass

    class Inner:
        async def resolve(
            self, host: str, port: int = 0, family: int = 0
        ) -> list[dict[str, object]]:
            return [
                {
                    "hostname": host,
                    "host": "10.0.0.5",
                    "port": port,
                    "family": family,
                    "proto": 0,
                    "flags": 0,
                }
            ]

        async def close(self) -> None:
            return None

    resolver = Fixed(inner=Inner())  # type: ignore[arg-type]
    with pytest.raises(BlockedAddressError):
        await resolver.resolve("intranet.example.org", 80)


async def test_requests_to_one_host_are_spaced_apart(feed_server: FeedServer) -> None:
    spaced = ConnectorSettings(per_host_spacing_s=0.3, per_host_concurrency=4)
    urls = [feed_server.static(f"/feed{i}", b"<rss/>") for i in range(4)]
    async with Fetcher(spaced) as fetcher:
        await asyncio.gather(*(fetcher.fetch(url) for url in urls))
    times = sorted(seen.at for seen in feed_server.seen)
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(gaps) == 3
    assert min(gaps) >= 0.27


async def test_no_more_than_the_per_host_concurrency_is_in_flight(
    feed_server: FeedServer,
) -> None:
    limited = ConnectorSettings(per_host_spacing_s=0, per_host_concurrency=2)
    in_flight = 0
    peak = 0

    async def slow(_r: web.Request) -> web.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.2)
        in_flight -= 1
        return web.Response(body=b"<rss/>")

    urls = [feed_server.route(f"/slow{i}", slow) for i in range(6)]
    async with Fetcher(limited) as fetcher:
        await asyncio.gather(*(fetcher.fetch(url) for url in urls))
    assert peak == 2


async def test_a_failed_tls_handshake_is_a_tls_error(
    feed_server: FeedServer, settings: ConnectorSettings
) -> None:
    # https:// to a plain-HTTP server: the handshake fails.
    url = feed_server.static("/feed", b"<rss/>").replace("http://", "https://")
    assert await _kind(settings, url) is FeedErrorKind.TLS
