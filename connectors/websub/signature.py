"""Checking `X-Hub-Signature: <method>=<hex HMAC of the body>` of content a hub pushed."""

from __future__ import annotations

import hashlib
import hmac

# WebSub allows sha1, sha256, sha384 and sha512; sha1 remains common among hubs.
_METHODS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha384": hashlib.sha384,
            "sha512": hashlib.sha512}  # fmt: skip


def sign(secret: bytes, body: bytes, method: str = "sha256") -> str:
    """The header value a hub sends for `body` (used by tests and by our own checks)."""
    return f"{method}={hmac.new(secret, body, _METHODS[method]).hexdigest()}"


def signature_ok(secret: bytes, body: bytes, header: str | None) -> bool:
    """True only for a well-formed header with a supported method whose HMAC matches."""
    if not header or "=" not in header:
        return False
    method, _, received = header.strip().partition("=")
    digest = _METHODS.get(method.strip().lower())
    if digest is None:
        return False
    expected = hmac.new(secret, body, digest).hexdigest()
    return hmac.compare_digest(expected, received.strip().lower())
