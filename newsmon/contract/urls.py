"""Canonical URLs: the form of a link that identifies an article whatever tracking it carries."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a reader came from; they never select content.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "hsa_", "oly_")
_TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mkt_tok",
        "ocid",
        "cmpid",
        "smid",
        "ito",
        "_ga",
        "_gl",
        "ref_src",
        "at_medium",
        "at_campaign",
        "wt.mc_id",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# What urlsplit would read from an http(s) URL without userinfo, IPv6 brackets, whitespace,
# control characters or non-ASCII: scheme (lower-case), host, port, path, query; the fragment
# is dropped anyway. Anything else goes through urlsplit itself.
_PLAIN_HTTP = re.compile(
    r"(https?)://([A-Za-z0-9._-]+)(?::([0-9]*))?"
    r"(/[^\x00-\x20\x7f?#]*)?(?:\?([^\x00-\x20\x7f#]*))?(?:#[^\x00-\x20\x7f]*)?"
)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def _split(url: str) -> tuple[str, str, int | None, str, str] | None:
    """(scheme, host, port, path, query) of an http(s) URL with a host, as urlsplit reads
    them; None for anything else. Plain URLs, nearly all of them, skip urlsplit's work."""
    plain = _PLAIN_HTTP.fullmatch(url) if url.isascii() else None
    if plain is not None:
        scheme, host, port, path, query = plain.groups()
        number = int(port) if port else None
        return (
            scheme,
            host.lower(),
            number if number is None or number <= 65535 else None,
            path,
            query or "",
        )
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, parts.hostname.lower(), port, parts.path, parts.query


def canonical_url(url: str) -> str:
    """Return `url` with scheme and host lower-cased, default port, fragment and tracking
    parameters removed, and the remaining query sorted. Non-HTTP strings come back stripped."""
    stripped = url.strip()
    split = _split(stripped)
    if split is None:
        return stripped
    scheme, host, port, path, raw_query = split
    host = host.rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    netloc = host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{port}"
    path = path or "/"
    query = ""
    if raw_query:
        query = urlencode(
            sorted(
                (k, v)
                for k, v in parse_qsl(raw_query, keep_blank_values=True)
                if not _is_tracking(k)
            )
        )
    # http and https copies of one article are one article.
    return urlunsplit(("https", netloc, path, query, ""))
