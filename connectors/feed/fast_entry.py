"""One RSS item or Atom entry (an lxml element) as the entry dict feedparser would build.

Only the keys `to_articles` reads are filled, with feedparser's rules for each: first
title, description/summary/content and the summary copied from content, link and links,
guid/id as a permalink, dates (feedparser's own date parser), authors. An element these rules
do not cover raises Unsupported unless feedparser's handling of it is known not to touch
those keys.
"""

from __future__ import annotations

from html import escape
from typing import Any

from lxml import etree

from connectors.compat.feedparser import private
from connectors.feed.fast_dates import parse_date
from connectors.feed.fast_names import Unsupported, is_harmless, name_of
from connectors.feed.fast_text import (
    element_text,
    join_url,
    looks_like_html,
    repair_link,
    repair_text,
)
from connectors.feed.fast_text import split_author as _split_author

_sanitize_html = private("feedparser.sanitizer", "_sanitize_html")
_SAFE_SCHEMES = private("feedparser.urls", "ACCEPTABLE_URI_SCHEMES")
resolve_relative_uris = private("feedparser.urls", "resolve_relative_uris")

XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SCOPE_ATTRS = frozenset({XML_BASE, XML_LANG})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"}) | _HTML_TYPES
_DATE_KEYS = {
    "pubdate": "published",
    "published": "published",
    "issued": "published",
    "dcterms_issued": "published",
    "updated": "updated",
    "modified": "updated",
    "dc_date": "updated",
    "dcterms_modified": "updated",
    "created": "created",
    "dcterms_created": "created",
}
_AUTHORS = frozenset({"author", "dc_creator", "dc_author"})
_CONTENT_TYPE_ALIASES = {
    "text": "text/plain",
    "plain": "text/plain",
    "html": "text/html",
    "xhtml": "application/xhtml+xml",
}


def content_type(value: str) -> str:
    lower = value.lower()
    return _CONTENT_TYPE_ALIASES.get(lower, lower)


def scope(el: Any, base: str, lang: str | None) -> tuple[str, str | None]:
    """xml:base and xml:lang in force inside `el`, given those of its parent."""
    attrib = el.attrib
    if attrib:
        declared = attrib.get(XML_BASE) or attrib.get("base")
        if declared:
            joined = join_url(base, declared)
            if joined.strip().split(":", 1)[0] in _SAFE_SCHEMES:
                base = joined
        declared_lang = attrib.get(XML_LANG, attrib.get("lang"))
        if declared_lang is not None:
            lang = declared_lang or None
    return base, lang


def _plain_text(el: Any) -> str:
    if len(el):
        raise Unsupported("markup inside a text element")
    return str(el.text or "")


def _xhtml(el: Any) -> str:
    """The markup inside an Atom type="xhtml" element."""
    parts = [escape(el.text or "", quote=False)]
    parts += [etree.tostring(child, encoding="unicode", with_tail=True) for child in el]
    return "".join(parts)


def _only_attrs(el: Any, allowed: frozenset[str]) -> None:
    for key in el.attrib:
        if key not in _SCOPE_ATTRS and key.lower() not in allowed:
            raise Unsupported(f"attribute {key} on {el.tag}")


def harmless_tree(el: Any) -> None:
    """Raise Unsupported unless feedparser's handling of `el` and all it holds is harmless."""
    if not is_harmless(name_of(el)):
        raise Unsupported(f"element {el.tag}")
    for child in el:
        harmless_tree(child)


class EntryReader:
    """Builds one entry dict, element by element in document order, as feedparser does."""

    def __init__(self, atom: bool, base: str, lang: str | None) -> None:
        self.atom = atom
        self.base = base
        self.lang = lang
        self.entry: dict[str, Any] = {}
        self.has_content = False

    def read(self, item: Any) -> dict[str, Any]:
        for child in item:
            if not isinstance(child.tag, str):
                continue  # comments and processing instructions
            name = name_of(child)
            base, lang = scope(child, self.base, self.lang)
            handler = _HANDLERS.get(name)
            if handler is None:
                harmless_tree(child)
            else:
                handler(self, child, name, base, lang)
        return self.entry

    def _text_construct(
        self, el: Any, default_type: str, base: str, lang: str | None
    ) -> dict[str, Any]:
        type_attr = el.get("type")
        if type_attr is not None and not self.atom:
            raise Unsupported("type attribute on an RSS text element")
        _only_attrs(el, frozenset({"type"}))
        ctype = content_type(type_attr or default_type)
        if ctype not in _TEXT_TYPES:
            raise Unsupported(f"content type {ctype}")  # feedparser would base64-decode it
        raw = _xhtml(el) if ctype == "application/xhtml+xml" else _plain_text(el)
        value = raw.strip()
        if not self.atom and ctype == "text/plain" and looks_like_html(value):
            ctype = "text/html"
        if ctype in _HTML_TYPES and "<" in value:
            # feedparser re-writes markup twice (relative URLs, then its sanitiser); text
            # drawn from broken markup depends on how they repaired it, so do the same.
            value = _sanitize_html(
                resolve_relative_uris(value, base, "utf-8", ctype), "utf-8", ctype
            )
        value = repair_text(value)
        language = lang.replace("_", "-") if lang else lang
        return {"type": ctype, "language": language, "base": base, "value": value}

    def title(self, el: Any, name: str, base: str, lang: str | None) -> None:
        if "title" in self.entry:
            raise Unsupported("second title")
        detail = self._text_construct(el, "text/plain", base, lang)
        self.entry["title"] = detail["value"]
        self.entry["title_detail"] = detail

    def summary(self, el: Any, name: str, base: str, lang: str | None) -> None:
        if "summary" in self.entry and not self.has_content:
            raise Unsupported("second summary (feedparser reads it as content)")
        if "summary_detail" in self.entry:
            raise Unsupported("second summary")
        default = "text/html" if name in ("description", "dc_description") else "text/plain"
        detail = self._text_construct(el, default, base, lang)
        self.entry["summary"] = detail["value"]
        self.entry["summary_detail"] = detail

    def content(self, el: Any, name: str, base: str, lang: str | None) -> None:
        if el.get("src") is not None:
            raise Unsupported("out-of-line content")
        self.has_content = True
        default = "text/plain" if name == "content" else "text/html"
        detail = self._text_construct(el, default, base, lang)
        self.entry.setdefault("content", []).append(detail)
        self.entry.setdefault("summary", detail["value"])

    def link(self, el: Any, name: str, base: str, lang: str | None) -> None:
        attrs = {k.lower(): v for k, v in el.attrib.items() if k not in _SCOPE_ATTRS}
        for key in ("rel", "type"):
            if key in attrs:
                attrs[key] = attrs[key].lower()
        attrs.setdefault("rel", "alternate")
        attrs.setdefault("type", "application/atom+xml" if attrs["rel"] == "self" else "text/html")
        href = attrs.pop("url", None) or attrs.pop("uri", None) or attrs.get("href")
        links = self.entry.setdefault("links", [])
        if href:
            attrs["href"] = join_url(base, href)
            links.append(attrs)
            if attrs["rel"] == "alternate" and content_type(attrs["type"]) in _HTML_TYPES:
                self.entry["link"] = attrs["href"]
            return
        links.append(attrs)
        value = _plain_text(el).strip()
        if value:
            value = join_url(base, value)
        value = repair_link(element_text(value))
        self.entry["link"] = value
        if value:
            links[-1]["href"] = value

    def guid(self, el: Any, name: str, base: str, lang: str | None) -> None:
        _only_attrs(el, frozenset({"ispermalink"}))
        attrs = {k.lower(): v for k, v in el.attrib.items()}
        is_link = attrs.get("ispermalink", "true") == "true"
        value = _plain_text(el).strip()
        if value and is_link:
            value = join_url(base, value)
        value = element_text(value)
        self.entry["id"] = value
        self.entry.setdefault("guidislink", is_link and "link" not in self.entry)
        if is_link:
            self.entry.setdefault("link", value)

    def date(self, el: Any, name: str, base: str, lang: str | None) -> None:
        _only_attrs(el, frozenset())
        key = _DATE_KEYS[name]
        value = element_text(_plain_text(el))
        self.entry[key] = value
        self.entry[f"{key}_parsed"] = parse_date(value)

    def author(self, el: Any, name: str, base: str, lang: str | None) -> None:
        _only_attrs(el, frozenset())
        authors = self.entry.setdefault("authors", [])
        if len(el):
            authors.append(self._atom_person(el))
            return
        authors.append({})
        value = element_text(str(el.text or ""))
        self.entry["author"] = value
        if value:
            authors[-1].update(_split_author(value))

    def _atom_person(self, el: Any) -> dict[str, Any]:
        person: dict[str, Any] = {}
        for part in el:
            if not isinstance(part.tag, str):
                continue
            key = name_of(part)
            if key not in ("name", "email", "uri") or len(part) or part.attrib:
                raise Unsupported(f"{key} in an author")
            person[key] = str(part.text or "").strip()
        if not person.get("name"):
            raise Unsupported("author without a name")
        return {k: v for k, v in person.items() if k in ("name", "email")}

    def harmless(self, el: Any, name: str, base: str, lang: str | None) -> None:
        if len(el):
            raise Unsupported(f"element {el.tag} with children")


_HANDLERS = {
    "title": EntryReader.title,
    "description": EntryReader.summary,
    "summary": EntryReader.summary,
    "content": EntryReader.content,
    "content_encoded": EntryReader.content,
    "link": EntryReader.link,
    "guid": EntryReader.guid,
    "id": EntryReader.guid,
    "source": EntryReader.harmless,
    **dict.fromkeys(_DATE_KEYS, EntryReader.date),
    **dict.fromkeys(_AUTHORS, EntryReader.author),
}
