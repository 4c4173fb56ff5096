"""`Fetcher`: one polite, bounded HTTP GET of a feed, with redirects followed by hand.

Every failure leaves `Fetcher.fetch` as a `FeedError` with a named kind; nothing else
escapes (programming errors aside: using a Fetcher outside `async with` is a RuntimeError).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import aiohttp
from yarl import URL

from connectors.fetch.decode import BoundedDecoder
from connectors.fetch.errors import FeedError, FeedErrorKind
from connectors.fetch.failures import client_error, status_error
from connectors.fetch.guard import GuardedResolver, is_blocked_ip, literal_ip
from connectors.fetch.hints import min_interval_seconds
from connectors.fetch.identity import ACCEPT, user_agent
from connectors.fetch.politeness import HostGate
from connectors.settings import ConnectorSettings
from newsmon.contract import utc_now

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Validators:
    """What the publisher gave us to ask "has it changed?": sent back as conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A successful fetch: 2xx with a body, or 304 Not Modified (`body` None).

    `validators` are the ones to store for the next fetch (the old ones on a 304 that sent
    none); `permanent_redirect` is the new URL when only 301/308 hops led to `url`;
    `min_interval_s` is the freshness lifetime from Cache-Control max-age or Expires;
    `bytes_received` counts bytes on the wire (before decompression).
    """

    url: str
    status: int
    body: bytes | None
    content_type: str | None
    validators: Validators
    permanent_redirect: str | None
    min_interval_s: float | None
    elapsed_s: float
    bytes_received: int

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class _Hop:
    """One response that told us where to go next."""

    location: str
    status: int


def _host_of(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(FeedErrorKind.BAD_URL, f"not an http(s) URL: {url!r}")
    return parts.hostname


@functools.lru_cache(maxsize=16_384)
def _parsed_url(url: str) -> URL:
    """`url` as aiohttp would parse it; the same feeds are fetched again and again."""
    return URL(url)


def _conditional_headers(validators: Validators) -> dict[str, str]:
    # The ETag is the precise validator: when we hold one we send only it, so a server
    # that (wrongly) prefers If-Modified-Since cannot answer 304 for a changed body.
    # If-Modified-Since is only ever the publisher's own Last-Modified, never a date we made up.
    if validators.etag:
        return {"If-None-Match": validators.etag}
    if validators.last_modified:
        return {"If-Modified-Since": validators.last_modified}
    return {}


class Fetcher:
    """Fetches feeds with one shared aiohttp session; use as `async with Fetcher(settings)`.

    Politeness and bounds come from `settings`: per-host concurrency and spacing, the body
    cap (on the wire and after decompression), the overall deadline per fetch, the contact
    in the User-Agent and the private-address guard.
    """

    def __init__(
        self,
        settings: ConnectorSettings,
        *,
        max_redirects: int = MAX_REDIRECTS,
        is_blocked: Callable[[str], bool] = is_blocked_ip,
    ) -> None:
        """`is_blocked` decides which IP addresses the guard refuses (when
        `settings.block_private_addresses` is on); tests narrow it to reach 127.0.0.1."""
        self._settings = settings
        self._is_blocked = is_blocked
        self._max_redirects = max_redirects
        self._gate = HostGate(settings.per_host_concurrency, settings.per_host_spacing_s)
        self._session: aiohttp.ClientSession | None = None

    @property
    def settings(self) -> ConnectorSettings:
        return self._settings

    async def __aenter__(self) -> Fetcher:
        settings = self._settings
        connector = aiohttp.TCPConnector(
            resolver=GuardedResolver(is_blocked=self._is_blocked)
            if settings.block_private_addresses
            else None,
            limit=100,
            limit_per_host=settings.per_host_concurrency,
            ttl_dns_cache=300,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            auto_decompress=False,  # we decompress ourselves, so the cap sees decoded bytes
            trust_env=False,  # no proxy or netrc from the environment: behaviour is the config
            # Every request runs under the overall deadline (`fetch`), never longer than these
            # would allow: aiohttp's own connect and per-read timers would only cost CPU.
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=None, sock_read=None),
            headers={
                "User-Agent": user_agent(settings.contact),
                "Accept": ACCEPT,
                "Accept-Encoding": "gzip, deflate, br",
            },
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch(self, url: str, validators: Validators | None = None) -> FetchResult:
        """GET `url` conditionally; follow up to `max_redirects` redirects.

        Returns a FetchResult for 2xx (body, decoded) and 304 (body None). Raises FeedError
        for everything else: status errors (429/503 with retry_after_s), network errors,
        too_large, too_many_redirects, blocked_address, and timeout at the overall deadline.
        """
        if self._session is None:
            raise RuntimeError("Fetcher.fetch called outside `async with Fetcher(...)`")
        validators = validators or Validators()
        loop = asyncio.get_running_loop()
        started = loop.time()
        # The deadline budget runs only while a request holds its host slot: waiting in
        # line behind other feeds of the same host is politeness, not a slow server.
        budget = self._settings.fetch_deadline_s
        current = url
        permanent_only = True
        redirects = 0
        try:
            while True:
                host = _host_of(current)
                self._check_address(host)
                async with self._gate.slot(host):
                    hop_started = loop.time()
                    try:
                        async with asyncio.timeout(max(budget, 0.0)):
                            outcome = await self._one_request(current, validators)
                    finally:
                        budget -= loop.time() - hop_started
                if isinstance(outcome, FetchResult):
                    moved = current if permanent_only and redirects else None
                    return FetchResult(
                        url=current,
                        status=outcome.status,
                        body=outcome.body,
                        content_type=outcome.content_type,
                        validators=outcome.validators,
                        permanent_redirect=moved,
                        min_interval_s=outcome.min_interval_s,
                        elapsed_s=loop.time() - started,
                        bytes_received=outcome.bytes_received,
                    )
                redirects += 1
                if redirects > self._max_redirects:
                    raise FeedError(
                        FeedErrorKind.TOO_MANY_REDIRECTS,
                        f"{url}: more than {self._max_redirects} redirects",
                    )
                permanent_only = permanent_only and outcome.status in _PERMANENT
                current = outcome.location
        except FeedError:
            raise
        except TimeoutError as exc:
            raise FeedError(
                FeedErrorKind.TIMEOUT,
                f"{current}: no complete answer within {self._settings.fetch_deadline_s:g} s",
            ) from exc
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            raise client_error(exc, current) from exc
        except Exception as exc:
            # The contract is "FeedError or success": an unforeseen library exception is
            # logged with its traceback and reported as a protocol failure of this feed.
            log.exception("unexpected error fetching %s", current)
            raise FeedError(
                FeedErrorKind.PROTOCOL, f"{current}: {type(exc).__name__}: {exc}"
            ) from exc

    def _check_address(self, host: str) -> None:
        if not self._settings.block_private_addresses:
            return
        ip = literal_ip(host)
        if ip is not None and self._is_blocked(ip):
            raise FeedError(FeedErrorKind.BLOCKED_ADDRESS, f"{host} is a blocked address")

    async def _one_request(self, url: str, validators: Validators) -> FetchResult | _Hop:
        assert self._session is not None
        async with self._session.get(
            _parsed_url(url), headers=_conditional_headers(validators), allow_redirects=False
        ) as response:
            status = response.status
            if status in _REDIRECTS and "Location" in response.headers:
                target = urljoin(url, response.headers["Location"])
                _host_of(target)  # refuses file:, ftp:, javascript: ... targets
                return _Hop(target, status)
            if status == 304:
                return FetchResult(
                    url=url,
                    status=304,
                    body=None,
                    content_type=None,
                    validators=Validators(
                        response.headers.get("ETag") or validators.etag,
                        response.headers.get("Last-Modified") or validators.last_modified,
                    ),
                    permanent_redirect=None,
                    min_interval_s=self._freshness(response),
                    elapsed_s=0.0,
                    bytes_received=0,
                )
            if not 200 <= status < 300:
                raise status_error(status, response.reason or "", response.headers)
            body, received = await self._read_body(response)
            return FetchResult(
                url=url,
                status=status,
                body=body,
                content_type=response.headers.get("Content-Type"),
                validators=Validators(
                    response.headers.get("ETag"), response.headers.get("Last-Modified")
                ),
                permanent_redirect=None,
                min_interval_s=self._freshness(response),
                elapsed_s=0.0,
                bytes_received=received,
            )

    @staticmethod
    def _freshness(response: aiohttp.ClientResponse) -> float | None:
        headers = response.headers
        if "Cache-Control" not in headers and "Expires" not in headers:
            return None
        return min_interval_seconds(
            headers.get("Cache-Control"), headers.get("Expires"), headers.get("Date"), utc_now()
        )

    async def _read_body(self, response: aiohttp.ClientResponse) -> tuple[bytes, int]:
        """Read and decode the body chunk by chunk, refusing it once either count passes the cap."""
        cap = self._settings.max_body_bytes
        declared = response.content_length
        if declared is not None and declared > cap:
            raise FeedError(
                FeedErrorKind.TOO_LARGE, f"{response.url}: Content-Length {declared} > cap {cap}"
            )
        decoder = BoundedDecoder(response.headers.get("Content-Encoding"), cap)
        parts: list[bytes] = []
        received = 0
        async for chunk in response.content.iter_chunked(_CHUNK):
            received += len(chunk)
            if received > cap:
                raise FeedError(
                    FeedErrorKind.TOO_LARGE, f"{response.url}: more than {cap} bytes on the wire"
                )
            parts.append(decoder.feed(chunk))
        parts.append(decoder.finish())
        return b"".join(parts), received
