"""Language detection: the English shortcut, the bounded prefix, and what the model decides."""

from __future__ import annotations

from streams.text.language import PREFIX_CHARS, detect_language


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
