"""HTML fragments (feed summaries, full-text bodies) to plain text.

Uses the standard library's tolerant `HTMLParser`: it never raises on broken markup, so a feed
that ships half a tag still yields its text. Page furniture (scripts, styles, navigation, forms,
figures' captions are kept) is dropped with everything inside it; block elements become line
breaks so that later boilerplate removal can work line by line.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

# Elements whose whole content is never article text.
_SKIPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "template",
        "svg",
        "iframe",
        "object",
        "head",
        "title",
        "menu",
    }
)
# Elements that end a line of text.
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "blockquote",
        "pre",
        "hr",
        "dd",
        "dt",
        "dl",
        "figure",
        "figcaption",
        "main",
    }
)
_VOID = frozenset(["br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "col"])


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED and tag not in _VOID:
            self._skip_depth += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and tag not in _VOID:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Return the visible text of an HTML fragment, one line per block element.

    Entities are decoded; whitespace is NOT normalised here (see `normalize_text`).
    Plain text without markup is returned unchanged apart from entity decoding.
    """
    if "<" not in markup:
        return html.unescape(markup)
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)
