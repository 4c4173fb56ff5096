"""The one exception type of fetching and parsing, and the named kinds it sorts failures into.

A kind is a bounded label: metrics, logs and back-off decisions key on it, never on the
free-text `detail`.
"""

from __future__ import annotations

import enum

from newsmon.errors import NewsmonError


class FeedErrorKind(enum.StrEnum):
    """Why one feed could not be fetched or read."""

    TIMEOUT = "timeout"  # overall deadline or socket timeout passed
    DNS = "dns"  # the host name did not resolve
    CONNECT = "connect"  # refused, reset, or dropped mid-response
    TLS = "tls"  # handshake or certificate failure
    HTTP_4XX = "http_4xx"  # client errors other than 429
    HTTP_429 = "http_429"  # rate limited; see retry_after_s
    HTTP_5XX = "http_5xx"  # server errors (503 carries retry_after_s when the server sent one)
    TOO_LARGE = "too_large"  # body over the cap, before or after decompression
    NOT_A_FEED = "not_a_feed"  # an HTML page or other document where a feed was expected
    PARSE_ERROR = "parse_error"  # a feed too broken to yield anything
    BLOCKED_ADDRESS = "blocked_address"  # private/loopback/... address while the guard is on
    TOO_MANY_REDIRECTS = "too_many_redirects"
    BAD_URL = "bad_url"  # not an http(s) URL, or a redirect to one
    PROTOCOL = "protocol"  # malformed HTTP, unknown or corrupt content encoding, odd status
    INTERNAL = "internal"  # a bug or resource failure on our side (not the feed's fault)


# The kinds a later attempt may cure by itself; the others need a change at the publisher.
TRANSIENT_KINDS = frozenset(
    {
        FeedErrorKind.TIMEOUT,
        FeedErrorKind.DNS,
        FeedErrorKind.CONNECT,
        FeedErrorKind.TLS,
        FeedErrorKind.HTTP_429,
        FeedErrorKind.HTTP_5XX,
    }
)


class FeedError(NewsmonError):
    """A feed failed: `kind` says how, `detail` says what for a human.

    `retry_after_s` is set for 429 and 503 answers that carried a usable Retry-After header
    (seconds from now, never negative); `status` is the HTTP status when there was one.
    """

    def __init__(
        self,
        kind: FeedErrorKind,
        detail: str,
        *,
        retry_after_s: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.retry_after_s = retry_after_s
        self.status = status

    @property
    def transient(self) -> bool:
        """True when retrying later, unchanged, may succeed."""
        return self.kind in TRANSIENT_KINDS


def internal_error(exc: BaseException) -> FeedError:
    """An unexpected exception as a FeedError, so that it backs off like any failing feed."""
    return FeedError(FeedErrorKind.INTERNAL, f"{type(exc).__name__}: {exc}")
