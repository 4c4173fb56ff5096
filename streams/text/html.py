"""HTML fragments (feed summaries, full-text bodies) to plain text.

Uses the connector's extractor (lexbor, the HTML5 parsing algorithm in C, through
selectolax): it never raises on broken markup, so a feed that ships half a tag still yields
its text. Page furniture (scripts, styles, navigation, headers, footers; forms and figures'
captions are kept) is dropped with everything inside it; block elements become line breaks so
that later boilerplate removal can work line by line.
"""

from __future__ import annotations

import html

from connectors.feed.text import SKIPPED, extract_text

# Page furniture of scraped or full-text bodies, dropped with everything inside it, on top of
# what is never text in a feed fragment either. Not <form>: some sites wrap a whole page in one.
_PAGE_FURNITURE = SKIPPED | {
    "nav",
    "header",
    "footer",
    "aside",
    "button",
    "select",
    "menu",
}


def html_to_text(markup: str) -> str:
    """Return the visible text of an HTML fragment, one line per block element.

    Entities are decoded; whitespace is NOT normalised here (see `normalize_text`).
    Plain text without markup is returned unchanged apart from entity decoding.
    """
    if "<" not in markup:
        return html.unescape(markup)
    return extract_text(markup, skipped=_PAGE_FURNITURE, separator="\n")
