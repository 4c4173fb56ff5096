"""Text clean-ups feedparser applies to element text, reproduced for the fast path.

Each is a small, documented feedparser behaviour that changes what an Article says, so the
fast path must apply it too: trimming, the UTF-8-read-as-Latin-1 repair, the Windows-1252
C1 mapping, the plain-text-that-is-really-HTML guess, link ampersand repair, URL joining
and author "name (email)" splitting.
"""

from __future__ import annotations

import contextlib
import html.entities
import re
import urllib.parse
from typing import Any

from connectors.compat.feedparser import private
from connectors.feed.links import is_plain_absolute

# C1 control characters that are really Windows-1252 punctuation (0x81, 0x8d, 0x8f, 0x90 and
# 0x9d are undefined there and stay as they are).
_C1_AS_CP1252 = {}
for _code in range(0x80, 0xA0):
    try:
        _C1_AS_CP1252[_code] = bytes([_code]).decode("cp1252")
    except UnicodeDecodeError:
        continue

_ACCEPTABLE_ELEMENTS: frozenset[str] = frozenset(
    private("feedparser.sanitizer", "_HTMLSanitizer").acceptable_elements
)
_CLOSE_TAG = re.compile(r"</(\w+)>")
_ENTITY_REF = re.compile(r"&#?\w+;")
_TAG_NAME = re.compile(r"</?(\w+)")
_NAMED_ENTITY = re.compile(r"&(\w+);")
_AMP_ENTITY = re.compile(r"&([A-Za-z0-9_]+);")
_EXTRA_SLASHES = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_EMAIL = re.compile(
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)


def element_text(value: str) -> str:
    """Text of an element as feedparser stores it (UTF-8 documents only)."""
    return repair_text(value.strip())


def repair_text(value: str) -> str:
    """feedparser's last touches to element text (after its HTML clean-up, if any)."""
    if value.isascii():
        return value
    # feedparser repairs UTF-8 that was decoded as Latin-1 somewhere upstream...
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        value = value.encode("iso-8859-1").decode("utf-8")
    # ...and maps C1 controls to the Windows-1252 characters they usually are.
    return value.translate(_C1_AS_CP1252)


def looks_like_html(value: str) -> bool:
    """feedparser's guess that RSS 'plain text' is HTML: a close tag or entity, only known
    HTML elements, only known entities."""
    if not (_CLOSE_TAG.search(value) or _ENTITY_REF.search(value)):
        return False
    if any(t.lower() not in _ACCEPTABLE_ELEMENTS for t in _TAG_NAME.findall(value)):
        return False
    return all(e in html.entities.entitydefs for e in _NAMED_ENTITY.findall(value))


def join_url(base: str, uri: str) -> str:
    """feedparser's URL join: extra slashes after 'scheme://' dropped, '' when unjoinable."""
    if is_plain_absolute(uri):
        return uri
    uri = _EXTRA_SLASHES.sub(r"\1\3", uri)
    try:
        return urllib.parse.urljoin(base, uri)
    except ValueError:
        return ""


def repair_link(value: str) -> str:
    """feedparser's repair of `?a=1&b=2` links that were escaped as `&b;`."""
    if "&" not in value:
        return value
    return _AMP_ENTITY.sub(r"&\g<1>", value.replace("&amp;", "&"))


def split_author(author: str) -> dict[str, Any]:
    """An RSS author string ("jo@example.org (Jo)") as feedparser's {name, email} detail."""
    email = None
    match = _EMAIL.search(author)
    if match:
        email = match.group(0)
        author = author.replace(email, "").replace("()", "").replace("<>", "")
        author = author.replace("&lt;&gt;", "").strip()
        if author and author[0] == "(":
            author = author[1:]
        if author and author[-1] == ")":
            author = author[:-1]
        author = author.strip()
    detail: dict[str, Any] = {}
    if author:
        detail["name"] = author
    if email:
        detail["email"] = email
    return detail
