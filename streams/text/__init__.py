"""Cleaning of article text: HTML to text, boilerplate removal, normalisation, language."""

from streams.text.boilerplate import strip_boilerplate
from streams.text.clean import clean_field, clean_html_field
from streams.text.html import html_to_text
from streams.text.language import detect_language, detect_languages
from streams.text.normalize import fold_for_matching, normalize_text

__all__ = [
    "clean_field",
    "clean_html_field",
    "detect_language",
    "detect_languages",
    "fold_for_matching",
    "html_to_text",
    "normalize_text",
    "strip_boilerplate",
]
