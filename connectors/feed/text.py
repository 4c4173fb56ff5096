"""HTML fragments from feeds reduced to plain text for the Article record.

Scripts, styles and other non-content elements are dropped with their contents; block
elements become line breaks so words from adjacent paragraphs do not run together;
entities are unescaped; runs of whitespace collapse to one space.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "svg", "head", "title"}
)
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
_SPACES = re.compile(r"\s+")
_MARKUP_HINT = re.compile(r"<[a-zA-Z!/]|&[#a-zA-Z0-9]+;")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping.append(tag)
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and tag == self._skipping[-1]:
            self._skipping.pop()
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def collapse(text: str) -> str:
    """Whitespace runs (newlines, tabs, NBSP included) to one space, ends stripped."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment; text without markup comes back collapsed."""
    if not _MARKUP_HINT.search(fragment):
        return collapse(fragment)
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return collapse("".join(collector.parts))


def plain_or_html_to_text(value: str, content_type: str | None) -> str:
    """Text of a feed text construct: HTML types are reduced, text/plain kept as written."""
    if content_type and "html" not in content_type and "xml" not in content_type:
        return collapse(value)
    return html_to_text(value)
