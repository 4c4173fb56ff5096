"""canonical_url reads plain URLs without urlsplit; its answers must be urlsplit's answers.

Article ids hash the canonical URL, so a different answer would give a known article a new id
and publish it again. The reference below is canonical_url as it was, urlsplit for every URL.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsmon.contract.urls import _is_tracking, canonical_url

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _reference(url: str) -> str:
    stripped = url.strip()
    parts = urlsplit(stripped)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return stripped
    host = parts.hostname.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    netloc = host
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{port}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode(sorted((k, v) for k, v in pairs if not _is_tracking(k)))
    return urlunsplit(("https", netloc, parts.path or "/", query, ""))


SCHEMES = ("http://", "https://", "HTTP://", "Https://", "ftp://", "", "//")
HOSTS = ("News.Example.com", "www.example.org.", "www.", ".", "a_b.example", "[::1]", "u@h", "")
PORTS = ("", ":", ":80", ":443", ":8080", ":080", ":65535", ":65536", ":99999", ":x", ":1:2")
PATHS = ("", "/", "/a/b", "/a;p=1", "//x", "/a b", "/caf\u00e9", "/%7E", "/a?", "/a\t")
QUERIES = ("", "?", "?b=2&a=1", "?utm_source=x&id=3", "?a=1;b=2", "?q=a+b&q=%20", "?x=?y", "?=&")
FRAGMENTS = ("", "#", "#top", "#a#b", "#a b")


def _outcome(function: Callable[[str], str], url: str) -> str:
    try:
        return function(url)
    except ValueError as exc:  # urlsplit refuses unbalanced IPv6 brackets: so must we
        return f"ValueError: {exc}"


def test_every_combination_canonicalises_as_urlsplit_does() -> None:
    for parts in itertools.product(SCHEMES, HOSTS, PORTS, PATHS, QUERIES, FRAGMENTS):
        url = "".join(parts)
        assert _outcome(canonical_url, url) == _outcome(_reference, url), url


def test_random_urls_canonicalise_as_urlsplit_does() -> None:
    rng = random.Random(20260303)
    alphabet = "aZ09._-:/?#@[];=&%+ \t\u00e9~!$'()*,"
    for _ in range(20_000):
        tail = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        url = rng.choice(SCHEMES[:4]) + rng.choice(HOSTS[:5]) + tail
        assert _outcome(canonical_url, url) == _outcome(_reference, url), url
