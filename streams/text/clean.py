"""One call that turns a raw article field into the cleaned text everything downstream reads."""

from __future__ import annotations

from streams.text.boilerplate import strip_boilerplate
from streams.text.html import html_to_text
from streams.text.normalize import normalize_text


def clean_html_field(raw: str) -> str:
    """HTML (or plain text) -> text without boilerplate, NFKC, whitespace collapsed to spaces."""
    text = normalize_text(html_to_text(raw), keep_lines=True)
    return normalize_text(strip_boilerplate(text))


def clean_field(raw: str) -> str:
    """Same as `clean_html_field`; the name for fields that are usually plain (titles)."""
    return clean_html_field(raw)
