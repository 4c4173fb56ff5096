"""Sorting failures into error kinds: HTTP statuses, and aiohttp / OS / TLS exceptions."""

from __future__ import annotations

import asyncio
import ssl

import aiohttp
from multidict import CIMultiDictProxy

from connectors.fetch.errors import FeedError, FeedErrorKind
from connectors.fetch.guard import BlockedAddressError
from connectors.fetch.hints import retry_after_seconds
from newsmon.contract import utc_now


def status_error(status: int, reason: str, headers: CIMultiDictProxy[str]) -> FeedError:
    """The FeedError for a non-2xx, non-304, non-redirect answer (429/503 with Retry-After)."""
    detail = f"HTTP {status} {reason}".strip()
    if status in (429, 503):
        wait = retry_after_seconds(headers.get("Retry-After"), utc_now())
        kind = FeedErrorKind.HTTP_429 if status == 429 else FeedErrorKind.HTTP_5XX
        return FeedError(kind, detail, retry_after_s=wait, status=status)
    if 400 <= status < 500:
        return FeedError(FeedErrorKind.HTTP_4XX, detail, status=status)
    if status >= 500:
        return FeedError(FeedErrorKind.HTTP_5XX, detail, status=status)
    return FeedError(FeedErrorKind.PROTOCOL, f"unexpected {detail}", status=status)


def client_error(exc: BaseException, url: str) -> FeedError:
    """Sort aiohttp / OS / TLS exceptions into error kinds (most specific first)."""
    if isinstance(exc, FeedError):
        return exc
    detail = f"{url}: {type(exc).__name__}: {exc}"
    cause: BaseException | None = exc
    while cause is not None:  # the guard's refusal may be wrapped by aiohttp
        if isinstance(cause, BlockedAddressError):
            return FeedError(FeedErrorKind.BLOCKED_ADDRESS, f"{url}: {cause}")
        cause = cause.__cause__ or getattr(cause, "os_error", None)
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return FeedError(FeedErrorKind.TIMEOUT, detail)
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return FeedError(FeedErrorKind.DNS, detail)
    if isinstance(
        exc,
        aiohttp.ClientConnectorCertificateError
        | aiohttp.ClientConnectorSSLError
        | aiohttp.ClientSSLError
        | ssl.SSLError,
    ):
        return FeedError(FeedErrorKind.TLS, detail)
    if isinstance(exc, aiohttp.InvalidURL | aiohttp.NonHttpUrlClientError):
        return FeedError(FeedErrorKind.BAD_URL, detail)
    if isinstance(exc, aiohttp.ClientResponseError | aiohttp.ClientPayloadError):
        return FeedError(FeedErrorKind.PROTOCOL, detail)
    return FeedError(FeedErrorKind.CONNECT, detail)
