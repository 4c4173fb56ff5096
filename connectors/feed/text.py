"""HTML fragments from feeds reduced to plain text for the Article record.

Scripts, styles and other non-content elements are dropped with their contents; block
elements become line breaks so words from adjacent paragraphs do not run together;
entities are unescaped; runs of whitespace collapse to one space.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

from selectolax.lexbor import LexborHTMLParser, LexborNode

SKIPPED = frozenset(
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
_MARKUP_HINT = re.compile(r"<[a-zA-Z!/]|&[#a-zA-Z0-9]+;")


# Elements with no content: one separator, not one on each side.
_VOID_BLOCKS = frozenset({"br", "hr"})
_TEXT = "-text"  # selectolax's tag of a text node


# lexbor builds the tree in time quadratic in the nesting depth (40,000 nested elements: 1.3 s
# of parsing, 10,000: 0.09 s); a fragment with more tags than this, only a hostile or broken
# feed's, is read by the standard library's parser instead, linear in its length, which gives
# the same text for well-formed markup.
MAX_TAGS_FOR_LEXBOR = 4096


def extract_text(fragment: str, *, skipped: frozenset[str] = SKIPPED, separator: str = " ") -> str:
    """Text of an HTML fragment, elements in `skipped` dropped with their content and each
    block element ending in `separator`; whitespace is left as it is.

    Parsed by lexbor (selectolax), a C implementation of the HTML5 parsing algorithm that
    browsers follow: half a tag, unclosed or misnested elements never raise, and the text is
    what a browser would show. Parsed as the body's content (as a feed's fragment is shown),
    so a leading <noscript> or <style> is not moved into a head. Only the walk is Python, with
    a stack of its own (no recursion however deep the nesting)."""
    if fragment.count("<") > MAX_TAGS_FOR_LEXBOR:
        return _extract_linear(fragment, skipped, separator)
    body = LexborHTMLParser("<body>" + fragment).body
    if body is None:  # not for a parsed string; the type allows it
        return ""
    parts: list[str] = []
    # Each level: its children still to visit, and whether it ends in a separator.
    stack: list[tuple[Iterator[LexborNode], bool]] = [(body.iter(include_text=True), False)]
    while stack:
        children, ends_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if ends_block:
                parts.append(separator)
            continue
        tag = child.tag
        if tag == _TEXT:
            parts.append(child.text_content or "")
        elif tag is None or tag in skipped or tag.startswith("_"):
            continue  # dropped with its content; comments (`_comment`) say nothing
        elif tag in _BLOCKS:
            parts.append(separator)
            if tag not in _VOID_BLOCKS:
                stack.append((child.iter(include_text=True), True))
        else:
            stack.append((child.iter(include_text=True), False))
    return "".join(parts)


def _extract_linear(fragment: str, skipped: frozenset[str], separator: str) -> str:
    """`extract_text` by the standard library's tolerant tag-stream parser."""
    collector = _TextCollector(skipped, separator)
    collector.feed(fragment)
    collector.close()
    return "".join(collector.parts)


class _TextCollector(HTMLParser):
    def __init__(self, skipped: frozenset[str], separator: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipped = skipped
        self._separator = separator
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._skipped:
            self._skipping.append(tag)
        elif tag in _BLOCKS:
            self.parts.append(self._separator)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append(self._separator)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skipping:
            # Close back to the matching element: an unclosed <nav> inside a closed <header>
            # must not swallow the rest of the document.
            last = len(self._skipping) - 1 - self._skipping[::-1].index(tag)
            del self._skipping[last:]
        elif tag in _BLOCKS and not self._skipping:
            self.parts.append(self._separator)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def collapse(text: str) -> str:
    """Whitespace runs (newlines, tabs, NBSP included) to one space, ends stripped."""
    # str.split() splits on exactly the characters `\s` matches in a str pattern, NBSP too.
    return " ".join(text.split())


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment; text without markup comes back collapsed."""
    if not _MARKUP_HINT.search(fragment):
        return collapse(fragment)
    return collapse(extract_text(fragment))


def plain_or_html_to_text(value: str, content_type: str | None) -> str:
    """Text of a feed text construct: HTML types are reduced, text/plain kept as written."""
    if content_type and "html" not in content_type and "xml" not in content_type:
        return collapse(value)
    return html_to_text(value)
