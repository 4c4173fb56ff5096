"""`parse_feed`: feed bytes -> `ParsedFeed`, or a FeedError saying why there is no feed.

feedparser always gets BYTES in a stream, never a URL or a path (given a plain string or
bytes it would try to open it as a file or fetch it). Before it runs, a gzip body is
decompressed within the cap and whitespace before the XML declaration is dropped; when a
mis-declared encoding leaves no entries, the body is re-read in the encodings it plausibly
has. Bad input never raises anything but FeedError.

Well-formed UTF-8 feeds are first offered to the lxml fast path (connectors/feed/fast.py),
imported on first use: it reuses feedparser's private helpers (connectors/compat/feedparser.py),
and when the installed feedparser is not the release it was written for, or a helper is gone,
it stays off and feedparser reads every feed, so the connector always imports and parses.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import feedparser

from connectors.compat import feedparser as feedparser_compat
from connectors.feed.parsed import ParsedFeed, ttl_seconds
from connectors.fetch.decode import decode_all
from connectors.fetch.errors import FeedError, FeedErrorKind

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_LEADING_SPACE_BEFORE_DECL = re.compile(rb"^(?:\xef\xbb\xbf)?[ \t\r\n]+(?=<\?xml)")
_XML_DECL_ENCODING = re.compile(rb"^(<\?xml[^>]*?encoding\s*=\s*[\"'])([A-Za-z0-9._:-]+)([\"'])")
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<(?:html|head|body)[\s>])",
    re.IGNORECASE | re.DOTALL,
)
# Re-reading in other encodings costs one feedparser pass each; beyond this size a broken
# document is not worth several more seconds of CPU.
_MAX_RETRY_BYTES = 2 * 1024 * 1024
_ENCODING_PROBLEMS = ("CharacterEncodingOverride", "CharacterEncodingUnknown", "NonXMLContentType")


FastReader = Callable[[bytes, str, str | None], ParsedFeed | None]


@cache
def fast_reader() -> FastReader | None:
    """The fast path's `read_fast`, or None when it cannot run with the installed feedparser
    (logged once, naming the patch)."""
    if not feedparser_compat.check_at_start():
        return None
    try:
        from connectors.feed.fast import read_fast
    except ImportError as exc:
        log.warning("%s; every feed is read by feedparser instead (slower, same result)", exc)
        return None
    return read_fast


def looks_like_html(body: bytes) -> bool:
    """True when the document starts like an HTML page (after BOM, XML decl, comments)."""
    return bool(_HTML_START.match(body[:4096]))


def _prepare(body: bytes, max_bytes: int) -> bytes:
    if body.startswith(_GZIP_MAGIC):
        try:
            body = decode_all(body, "gzip", max_bytes)
        except FeedError as exc:
            if exc.kind is FeedErrorKind.TOO_LARGE:
                raise
            raise FeedError(FeedErrorKind.PARSE_ERROR, f"gzip body: {exc.detail}") from exc
    if len(body) > max_bytes:
        raise FeedError(FeedErrorKind.TOO_LARGE, f"document of {len(body)} bytes > cap {max_bytes}")
    # An XML declaration must be the very first thing; feeds with a stray newline before it
    # are common, and dropping it lets the strict parser (not only the lenient one) run.
    return _LEADING_SPACE_BEFORE_DECL.sub(b"", body, count=1)


def _run_feedparser(body: bytes, url: str, content_type: str | None) -> Any:
    # Without a Content-Type (a local file, a server that sent none) the XML declaration
    # decides the encoding, as RFC 7303 says for application/xml.
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    try:
        return feedparser.parse(
            io.BytesIO(body),
            response_headers=headers,
            resolve_relative_uris=True,
            sanitize_html=True,
        )
    except Exception as exc:  # feedparser promises never to raise; if it does, it is our FeedError
        log.warning("feedparser raised on %s: %r", url, exc)
        raise FeedError(FeedErrorKind.PARSE_ERROR, f"{type(exc).__name__}: {exc}") from exc


def _reencoded_candidates(body: bytes) -> list[bytes]:
    """The body transcoded to UTF-8 from each plausible encoding, declaration rewritten."""
    declared = _XML_DECL_ENCODING.search(body[:200])
    names = ["utf-8"]
    if declared:
        names.append(declared.group(2).decode("ascii", "replace"))
    names += ["windows-1252", "big5", "gb18030", "shift_jis"]
    seen: set[str] = set()
    out: list[bytes] = []
    for name in names:
        try:
            text = body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        utf8 = text.encode("utf-8")
        utf8 = _XML_DECL_ENCODING.sub(rb"\1utf-8\3", utf8, count=1)
        out.append(utf8)
    return out


def _bozo_reason(result: Any) -> str | None:
    if not result.get("bozo"):
        return None
    exc = result.get("bozo_exception")
    return f"{type(exc).__name__}: {exc}" if exc is not None else "ill-formed"


def _link(feed: Mapping[str, Any], rel: str) -> str | None:
    for link in feed.get("links", ()):
        if link.get("rel") == rel and link.get("href"):
            return str(link["href"])
    return None


def _to_parsed(result: Any, content_type: str | None) -> ParsedFeed:
    feed: Mapping[str, Any] = result.get("feed", {})
    return ParsedFeed(
        entries=tuple(result.get("entries", ())),
        title=feed.get("title") or None,
        link=feed.get("link") or None,
        language=feed.get("language") or None,
        ttl_s=ttl_seconds(feed.get("ttl")),
        websub_hub=_link(feed, "hub"),
        self_url=_link(feed, "self"),
        bozo_reason=_bozo_reason(result),
        version=result.get("version") or "",
        encoding=result.get("encoding") or None,
    )


def parse_feed(
    body: bytes,
    url: str,
    content_type: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fast: bool = True,
) -> ParsedFeed:
    """Parse a feed document. `url` is where it came from (the base of relative links);
    `content_type` the Content-Type header, if any.

    Returns the feed (possibly with no entries, when the document is a feed that has none).
    Raises FeedError: not_a_feed (HTML page, or XML that is no RSS/Atom/RDF), parse_error
    (too broken to read), too_large (over `max_bytes`, after gunzip too).
    """
    body = _prepare(body, max_bytes)
    if not body.strip():
        raise FeedError(FeedErrorKind.PARSE_ERROR, "empty document")
    read_fast = fast_reader() if fast else None
    if read_fast is not None:
        quick = read_fast(body, url, content_type)
        if quick is not None and quick.entries:
            return quick
    result = _run_feedparser(body, url, content_type)
    if not result.get("entries") and result.get("bozo") and len(body) <= _MAX_RETRY_BYTES:
        # A wrong or missing charset is the commonest reason a feed yields nothing: retry
        # as UTF-8 transcoded from each plausible encoding, and keep the first that reads.
        for candidate in _reencoded_candidates(body):
            if candidate == body:
                continue
            retry = _run_feedparser(candidate, url, "application/xml; charset=utf-8")
            if retry.get("entries"):
                result = retry
                break
    parsed = _to_parsed(result, content_type)
    if parsed.entries:
        return parsed
    return _without_entries(parsed, result, body)


def _without_entries(parsed: ParsedFeed, result: Any, body: bytes) -> ParsedFeed:
    """Judge a document that yielded no entries: an empty feed, or not a feed at all."""
    feed_fields = any(key in result.get("feed", {}) for key in ("title", "link", "subtitle"))
    if parsed.version and (parsed.bozo_reason is None or feed_fields):
        return parsed  # a real feed that has no entries right now
    if looks_like_html(body):
        raise FeedError(FeedErrorKind.NOT_A_FEED, "an HTML page, not a feed")
    exc_name = type(result.get("bozo_exception")).__name__
    if parsed.bozo_reason is None or exc_name in _ENCODING_PROBLEMS:
        raise FeedError(FeedErrorKind.NOT_A_FEED, "a document with no RSS, Atom or RDF feed in it")
    raise FeedError(FeedErrorKind.PARSE_ERROR, parsed.bozo_reason)
