"""Who may read a stream: the bearer token (in constant time) and the browser origins allowed."""

from __future__ import annotations

import hmac
from collections.abc import Mapping

# RFC 6750 §2.3: the token as a query parameter, for clients that cannot set a header (a
# browser's EventSource).
TOKEN_PARAMETER = "access_token"  # noqa: S105  # a parameter's name, not a secret


def bearer_ok(authorization: str | None, token: str) -> bool:
    """True when the `Authorization` header value is exactly `Bearer <token>`.

    Compared with hmac.compare_digest on bytes, so the time taken does not reveal how much of
    a guess was right (only, as with any such check, the token's length)."""
    if authorization is None:
        return False
    expected = f"Bearer {token}".encode()
    return hmac.compare_digest(authorization.encode("utf-8", "surrogateescape"), expected)


def request_token_ok(headers: Mapping[str, str], query: Mapping[str, str], token: str) -> bool:
    """The request carries `token`: as `Authorization: Bearer`, or else as `?access_token=`.
    A wrong header is not rescued by the query: a client sends one or the other."""
    if "Authorization" in headers:
        return bearer_ok(headers["Authorization"], token)
    given = query.get(TOKEN_PARAMETER)
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode())


def allowed_origin(origin: str | None, allowed: tuple[str, ...]) -> str | None:
    """The `Access-Control-Allow-Origin` value for a request from `origin`, or None (no CORS
    header: a browser page of another origin may not read the stream). "*" allows any."""
    if origin is None or not allowed:
        return None
    if "*" in allowed:
        return "*"
    return origin if origin in allowed else None
