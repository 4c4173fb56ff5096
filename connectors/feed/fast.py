"""Fast path of `parse_feed`: well-formed UTF-8 RSS 2.0, RSS 1.0 and Atom 1.0 read with lxml.

feedparser spends ~1.5 ms on a five-item feed, nearly all of it in Python handlers per SAX
event; lxml builds the tree in C, and reading the few fields an Article needs from it costs
a tenth of that. The fast path gives up (returns None, and `parse_feed` runs feedparser) on
anything it could read differently from feedparser: another encoding, a DOCTYPE or entity
declaration, an XML error, another feed format or version, or an element whose feedparser
handling it does not reproduce (see fast_entry). `tests/connectors/fetch/test_fast_parse.py`
checks over the shared corpus that the Articles of both paths are equal.

The lxml parser is hardened: no entity resolution, no DTD loading, no network, no huge trees.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from lxml import etree

from connectors.feed.fast_entry import EntryReader, content_type, scope
from connectors.feed.fast_names import Unsupported, name_of
from connectors.feed.fast_text import element_text, join_url
from connectors.feed.parsed import ParsedFeed, ttl_seconds

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RSS1 = "http://purl.org/rss/1.0/"
_ATOM = "http://www.w3.org/2005/Atom"
_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)")
_UTF8 = frozenset({"utf-8", "utf8"})
_ASCII = frozenset({"us-ascii", "ascii"})
# Without a charset parameter feedparser lets the XML declaration decide for these (RFC 7303).
_XML_MEDIA_TYPES = frozenset(
    {"application/xml", "application/rss+xml", "application/atom+xml", "application/rdf+xml"}
)
_local = threading.local()


def _parser() -> Any:
    """One hardened parser per thread (lxml parsers must not be shared between threads)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            recover=False,
            remove_comments=True,
            remove_pis=True,
        )
        _local.parser = parser
    return parser


def _encoding_agrees(body: bytes, declared_type: str | None) -> bool:
    """True when feedparser would read `body` as UTF-8 (or as ASCII, and it is ASCII)."""
    start = body[3:] if body.startswith(b"\xef\xbb\xbf") else body
    if not start.startswith(b"<"):
        return False
    match = _DECLARED_ENCODING.match(start[:200])
    declared = match.group(1).decode("ascii").lower() if match else "utf-8"
    charset = None
    if declared_type:
        media, _, params = declared_type.partition(";")
        media = media.strip().lower()
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset":
                charset = value.strip().strip("\"'").lower()
        if charset is None and media not in _XML_MEDIA_TYPES:
            return body.isascii()  # text/xml without charset is read as US-ASCII
    for name in (declared, charset):
        if name is not None and name not in _UTF8 and not (name in _ASCII and body.isascii()):
            return False
    return True


def read_fast(body: bytes, url: str, declared_type: str | None) -> ParsedFeed | None:
    """The feed in `body` read without feedparser, or None when feedparser must read it."""
    if not _encoding_agrees(body, declared_type) or b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        return None
    try:
        root = etree.fromstring(body, _parser())
        return _read_root(root, url)
    except (etree.XMLSyntaxError, Unsupported, ValueError):
        return None


def _read_root(root: Any, url: str) -> ParsedFeed | None:
    tag = root.tag
    base, lang = scope(root, url, None)
    feed_language = lang.replace("_", "-") if lang else None
    if tag == "rss" and str(root.get("version", "")).startswith("2."):
        channel = root.find("channel")
        if channel is None:
            return None
        items = channel.findall("item")
        if len(items) != sum(1 for _ in root.iter("item")):
            return None  # items outside the channel
        version, atom, head, head_scope = "rss20", False, channel, scope(channel, base, lang)
    elif tag == f"{{{_RDF}}}RDF":
        head = root.find(f"{{{_RSS1}}}channel")
        items = root.findall(f"{{{_RSS1}}}item")
        if head is None or len(items) != sum(1 for _ in root.iter(f"{{{_RSS1}}}item")):
            return None
        version, atom, head_scope = "rss10", False, scope(head, base, lang)
    elif tag == f"{{{_ATOM}}}feed":
        head, items, atom, version = root, root.findall(f"{{{_ATOM}}}entry"), True, "atom10"
        head_scope = (base, lang)
        if len(items) != sum(1 for _ in root.iter(f"{{{_ATOM}}}entry")):
            return None
    else:
        return None
    feed = _read_head(head, *head_scope)
    entry_base, entry_lang = (base, lang) if version == "rss10" else head_scope
    entries = tuple(_read_item(item, atom, entry_base, entry_lang) for item in items)
    return ParsedFeed(
        entries=entries,
        title=feed.get("title") or None,
        link=feed.get("link") or None,
        language=feed.get("language") or feed_language,
        ttl_s=ttl_seconds(feed.get("ttl")),
        websub_hub=feed.get("hub"),
        self_url=feed.get("self"),
        bozo_reason=None,
        version=version,
        encoding="utf-8",
    )


def _read_item(item: Any, atom: bool, base: str, lang: str | None) -> dict[str, Any]:
    item_base, item_lang = scope(item, base, lang)
    for key in item.attrib:
        if key not in (f"{{{_RDF}}}about", *_SCOPE):
            raise Unsupported(f"attribute {key} on an item")
    reader = EntryReader(atom, item_base, item_lang)
    about = item.get(f"{{{_RDF}}}about")
    if about:
        reader.entry["id"] = about
    return reader.read(item)


_SCOPE = (
    "{http://www.w3.org/XML/1998/namespace}base",
    "{http://www.w3.org/XML/1998/namespace}lang",
)


def _read_head(head: Any, base: str, lang: str | None) -> dict[str, str]:
    """Title, link, language, ttl and hub/self links of the channel (or Atom feed)."""
    feed: dict[str, str] = {}
    for child in head:
        if not isinstance(child.tag, str):
            continue
        name = name_of(child)
        if name == "title" and not feed.get("title") and not len(child):
            feed["title"] = element_text(str(child.text or ""))
        elif name in ("language", "dc_language", "ttl") and not len(child):
            feed["ttl" if name == "ttl" else "language"] = element_text(str(child.text or ""))
        elif name == "link":
            _head_link(feed, child, *scope(child, base, lang))
    return feed


def _head_link(feed: dict[str, str], el: Any, base: str, lang: str | None) -> None:
    href = el.get("href") or el.get("url") or el.get("uri")
    rel = str(el.get("rel", "alternate")).lower()
    if href:
        href = join_url(base, href)
        kind = str(el.get("type", "application/atom+xml" if rel == "self" else "text/html"))
        if rel == "alternate" and content_type(kind) in ("text/html", "application/xhtml+xml"):
            feed["link"] = href
        elif rel in ("self", "hub") and href:
            feed.setdefault(rel, href)
    elif not len(el):
        text = str(el.text or "").strip()
        feed["link"] = element_text(join_url(base, text) if text else text)
