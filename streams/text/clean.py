"""One call that turns a raw article field into the cleaned text everything downstream reads."""

from __future__ import annotations

import unicodedata

from streams.text.boilerplate import strip_boilerplate
from streams.text.html import html_to_text
from streams.text.normalize import normalize_text


def clean_html_field(raw: str) -> str:
    """HTML (or plain text) -> text without boilerplate, NFKC, whitespace collapsed to spaces."""
    text = normalize_text(html_to_text(raw), keep_lines=True)
    kept = strip_boilerplate(text)
    # Most fields are one line with no boilerplate: already normalised, invisible characters
    # gone and whitespace collapsed, so the second pass would return them unchanged. (The NFKC
    # check is needed: dropping an invisible character can leave an accent to compose.)
    if kept == text and "\n" not in text and unicodedata.is_normalized("NFKC", text):
        return text
    return normalize_text(kept)


def clean_field(raw: str) -> str:
    """Same as `clean_html_field`; the name for fields that are usually plain (titles)."""
    return clean_html_field(raw)
