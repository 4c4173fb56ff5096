"""The optional guard against server-side request forgery: refuse feed URLs that point,
directly or after DNS resolution, at private, loopback, link-local, multicast or reserved
addresses.

The check runs on resolved addresses (a resolver wrapper), so a public-looking name that
resolves to 127.0.0.1 is refused too; `Fetcher` also checks literal IP hosts and every
redirect target, because aiohttp never hands a literal IP to the resolver.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from newsmon.errors import NewsmonError


class BlockedAddressError(NewsmonError, OSError):
    """Raised by the guarded resolver; an OSError so aiohttp wraps it like a DNS failure."""


def is_blocked_ip(address: str) -> bool:
    """True for any address that is not globally routable unicast (or cannot be read)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:10.0.0.1 and 64:ff9b::/96 (NAT64) embed an IPv4 address: judge that one.
        mapped = ip.ipv4_mapped or (
            ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
            if ip in ipaddress.IPv6Network("64:ff9b::/96")
            else None
        )
        if mapped is not None:
            return is_blocked_ip(str(mapped))
    return (
        not ip.is_global
        or ip.is_multicast
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
    )


def literal_ip(host: str) -> str | None:
    """The host itself when it is an IP literal (brackets stripped), else None."""
    bare = host.strip("[]")
    try:
        ipaddress.ip_address(bare.split("%", 1)[0])
    except ValueError:
        return None
    return bare


class GuardedResolver(AbstractResolver):
    """Resolve with the default resolver, then drop blocked addresses.

    Raises BlockedAddressError when every address a name resolves to is blocked.
    """

    def __init__(
        self,
        inner: AbstractResolver | None = None,
        is_blocked: Callable[[str], bool] = is_blocked_ip,
    ) -> None:
        self._inner = inner or DefaultResolver()
        self._is_blocked = is_blocked

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        allowed = [r for r in results if not self._is_blocked(str(r["host"]))]
        if not allowed:
            seen = ", ".join(sorted({str(r["host"]) for r in results}))
            raise BlockedAddressError(f"{host} resolves only to blocked addresses ({seen})")
        return allowed

    async def close(self) -> None:
        await self._inner.close()

    def __getattr__(self, name: str) -> Any:  # pragma: no cover - delegation for extras
        return getattr(self._inner, name)
