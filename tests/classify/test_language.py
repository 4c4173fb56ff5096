"""Language detection: the English shortcut, the bounded prefix, and what the model decides."""

# ruff: noqa: RUF001  # Cyrillic sample texts are meant, not look-alike Latin letters

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.text.language import (
    _ENGLISH_MARKERS,
    PREFIX_CHARS,
    _ascii_words,
    _classify,
    _clearly_english,
    _enough_letters,
    _identifier,
    _VectorWalk,
    detect_language,
)

# Latin with accents and a combining mark, Cyrillic, Greek, CJK, digits, punctuation, spaces,
# and characters whose lower case is longer or ASCII (İ, K): the byte walk sees all of them.
SCRIPT_MIX = "abcxyz ABC éßłąñ\u0301 İKı абвгдеёжяєї ΑΒΓαβγ 中文字 0123 .,;!?'’«»-\n\t"
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


# The vectorised walk must score exactly as py3langid does: same language, same confidence.
MODEL_TEXTS = [
    "Die Bundesregierung will die Förderung für kleine Betriebe im Osten verlängern.",
    "Le Parlement européen a voté jeudi une résolution sur les exportations d'armes.",
    "Sejm uchwalił nowelizację ustawy o podatku dochodowym od osób prawnych.",
    "Центробанк сохранил ключевую ставку, сославшись на замедление инфляции.",
    "Верховна Рада ухвалила закон про державний бюджет на наступний рік.",
    "Il governo ha approvato il decreto sulle concessioni autostradali.",
    "O governo anunciou novas medidas para o setor energético.",
    "De gemeenteraad stemde in met het plan voor een nieuwe brug.",
    "SHORT ALL CAPS HEADLINE ABOUT TRADE TALKS IN GENEVA",
    "12:45 — 3,5% | €200 ... ### ¶",
    "mixed Deutsch and English Wörter with ümlauts and the news",
    "",
]


@pytest.mark.parametrize("text", MODEL_TEXTS)
def test_the_vectorised_walk_scores_as_py3langid_does(text: str) -> None:
    identifier = _identifier()
    walk = _VectorWalk(identifier)
    assert np.array_equal(walk.scores(text), identifier._decide(text))
    assert walk.classify(text) == identifier.classify(text)


@given(st.text(alphabet=SCRIPT_MIX, max_size=80) | st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_the_vectorised_walk_classifies_any_text_as_py3langid_does(text: str) -> None:
    identifier = _identifier()
    assert _VectorWalk(identifier).classify(text) == identifier.classify(text)


def test_detection_uses_the_vectorised_walk_when_it_reproduces_py3langid() -> None:
    _classify.cache_clear()
    assert isinstance(getattr(_classify(), "__self__", None), _VectorWalk)


def test_detection_falls_back_to_py3langid_when_the_walk_disagrees(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_VectorWalk, "scores", lambda self, text: np.zeros(10, np.float32))
    _classify.cache_clear()
    try:
        assert _classify() == _identifier().classify
        assert detect_language("Die Regierung hat am Montag neue Maßnahmen beschlossen.") == "de"
    finally:
        monkeypatch.undo()
        _classify.cache_clear()


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
