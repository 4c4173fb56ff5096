"""Bearer-token check of stream requests, in constant time."""

from __future__ import annotations

import hmac


def bearer_ok(authorization: str | None, token: str) -> bool:
    """True when the `Authorization` header value is exactly `Bearer <token>`.

    Compared with hmac.compare_digest on bytes, so the time taken does not reveal how much of
    a guess was right (only, as with any such check, the token's length)."""
    if authorization is None:
        return False
    expected = f"Bearer {token}".encode()
    return hmac.compare_digest(authorization.encode("utf-8", "surrogateescape"), expected)
