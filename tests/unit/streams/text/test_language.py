"""Language detection: the English shortcut, the bounded prefix, and what the model decides."""

# ruff: noqa: RUF001  # typographic quotes are meant, not look-alike ASCII

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from streams.text.language import (
    _ENGLISH_MARKERS,
    PREFIX_CHARS,
    _ascii_words,
    _clearly_english,
    _enough_letters,
    detect_language,
    detect_languages,
)

SHORTCUT_PIECES = [
    "the", "of", "and", "which", "was", "die", "der", "and", "The", "THE", "OF", " ", "  ", ",",
    ".", "\n", "ministers", "said", "x", "é", "İ", "K", "theé", "ofthe", "-", "’", "\ud800",
]  # fmt: skip


def test_a_plain_english_news_sentence_is_english() -> None:
    text = "The minister said that the council would meet after the summit with their allies."
    assert detect_language(text) == "en"


def test_german_and_dutch_words_shared_with_english_do_not_make_a_text_english() -> None:
    german = "Was will die Regierung? Sie will bis Mittwoch über neue Hilfen entscheiden."
    dutch = "Het kabinet was het over de nieuwe regels eens, zei de minister van financiën."
    assert detect_language(german) == "de"
    assert detect_language(dutch) == "nl"


def test_only_the_opening_of_a_long_text_is_read() -> None:
    opening = "Le gouvernement a annoncé lundi de nouvelles mesures contre la Russie. "
    text = opening * (PREFIX_CHARS // len(opening) + 1)
    tail = " The of and that for with from which would their." * 200
    assert detect_language(text + tail) == "fr"


def clearly_english_by_regex(prefix: str) -> bool:
    """The shortcut as first written: [a-z]+ runs of the lower-cased text."""
    words = re.findall("[a-z]+", prefix.lower())
    markers = sum(1 for word in words if word in _ENGLISH_MARKERS)
    return len(words) >= 6 and markers >= 2 and markers * 8 >= len(words)


@given(st.lists(st.sampled_from(SHORTCUT_PIECES), max_size=30).map("".join) | st.text())
def test_the_english_shortcut_reads_the_words_the_regex_reads(prefix: str) -> None:
    regex_words = [word.encode() for word in re.findall("[a-z]+", prefix.lower())]
    assert _ascii_words(prefix) == regex_words
    assert _clearly_english(prefix) == clearly_english_by_regex(prefix)


@given(st.text(alphabet="ab1 .é\u0301", max_size=80))
def test_the_letter_glance_decides_as_a_full_count(prefix: str) -> None:
    assert _enough_letters(prefix) == (sum(map(str.isalpha, prefix)) >= 12)


def test_languages_in_a_batch_are_the_ones_detected_one_by_one() -> None:
    texts = [
        "The council said on Monday that the new rules would apply from next year.",
        "Der Stadtrat hat am Montag neue Regeln für den Verkehr beschlossen.",
        "Too short.",
        "Rada miasta przyjęła w poniedziałek nowe przepisy dotyczące ruchu.",
        "",
        "Городской совет в понедельник принял новые правила движения.",
        "NATO summit ends",
        "Le conseil municipal a adopté lundi de nouvelles règles.",
    ]
    assert detect_languages(texts) == [detect_language(text) for text in texts]
    assert detect_languages(texts)[:4] == ["en", "de", None, "pl"]
    assert detect_languages([]) == []
