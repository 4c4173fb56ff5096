"""The py3langid patch against the real library: same scores, and the fallbacks that keep
detection working when the installed version or its internals differ."""

# ruff: noqa: RUF001  # Cyrillic sample texts are meant, not look-alike Latin letters

from __future__ import annotations

import logging

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.compat import py3langid as compat
from streams.text import language
from streams.text.language import _classify, _identifier, detect_language

# Latin with accents and a combining mark, Cyrillic, Greek, CJK, digits, punctuation, spaces,
# and characters whose lower case is longer or ASCII (İ, K): the byte walk sees all of them.
SCRIPT_MIX = "abcxyz ABC éßłąñ\u0301 İKı абвгдеёжяєї ΑΒΓαβγ 中文字 0123 .,;!?'’«»-\n\t"
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


def test_the_pinned_version_is_the_installed_one() -> None:
    # pyproject.toml pins py3langid exactly; if this fails the pin and PINNED_VERSION drifted.
    assert compat.installed_version() == compat.PINNED_VERSION


@pytest.mark.parametrize("text", MODEL_TEXTS)
def test_the_vectorised_walk_scores_as_py3langid_does(text: str) -> None:
    identifier = _identifier()
    walk = compat.VectorWalk(identifier)
    assert np.array_equal(walk.scores(text), compat.library_scores(identifier, text))
    assert walk.classify(text) == identifier.classify(text)


@given(st.text(alphabet=SCRIPT_MIX, max_size=80) | st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_the_vectorised_walk_classifies_any_text_as_py3langid_does(text: str) -> None:
    identifier = _identifier()
    assert compat.VectorWalk(identifier).classify(text) == identifier.classify(text)


def test_detection_uses_the_vectorised_walk_when_it_reproduces_py3langid() -> None:
    _classify.cache_clear()
    assert isinstance(getattr(_classify(), "__self__", None), compat.VectorWalk)


def test_another_py3langid_version_gets_the_library_classify_and_a_warning_naming_the_patch(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(compat, "installed_version", lambda: "9.9.9")
    _classify.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger=compat.__name__):
            assert _classify() == _identifier().classify
        assert compat.PATCH in caplog.text
        assert "9.9.9" in caplog.text
        assert detect_language("Die Regierung hat am Montag neue Maßnahmen beschlossen.") == "de"
    finally:
        monkeypatch.undo()
        _classify.cache_clear()


def test_detection_falls_back_to_py3langid_when_the_walk_disagrees(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(compat.VectorWalk, "scores", lambda self, text: np.zeros(10, np.float32))
    _classify.cache_clear()
    try:
        assert _classify() == _identifier().classify
        assert detect_language("Die Regierung hat am Montag neue Maßnahmen beschlossen.") == "de"
    finally:
        monkeypatch.undo()
        _classify.cache_clear()


def test_missing_internals_fall_back_to_py3langid(monkeypatch: pytest.MonkeyPatch) -> None:
    class WithoutInternals:
        """The public face of an identifier whose internals were renamed."""

        def __init__(self) -> None:
            self.classify = _identifier().classify

    classify = compat.fast_classify(WithoutInternals(), language._CHECK_TEXTS)
    assert classify("Городской совет принял новые правила.") == _identifier().classify(
        "Городской совет принял новые правила."
    )


def test_the_batched_walk_scores_every_text_as_py3langid_does() -> None:
    identifier = _identifier()
    walk = compat.VectorWalk(identifier)
    texts = [*MODEL_TEXTS, *reversed(MODEL_TEXTS), "", "Ein Satz."]
    batch = walk.scores_many(texts)
    assert len(batch) == len(texts)
    for scores, text in zip(batch, texts, strict=True):
        assert np.array_equal(scores, compat.library_scores(identifier, text)), text
    assert walk.classify_many(texts) == [identifier.classify(text) for text in texts]
    assert walk.scores_many([]) == []


@given(st.lists(st.text(alphabet=SCRIPT_MIX, max_size=60) | st.text(max_size=60), max_size=8))
@settings(max_examples=150, deadline=None)
def test_the_batched_walk_classifies_any_texts_as_py3langid_does(texts: list[str]) -> None:
    identifier = _identifier()
    walk = compat.VectorWalk(identifier)
    assert walk.classify_many(texts) == [identifier.classify(text) for text in texts]


def test_batches_go_text_by_text_when_the_batched_walk_disagrees(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(
        compat.VectorWalk,
        "scores_many",
        lambda self, texts: [np.zeros(10, np.float32)] * len(texts),
    )
    with caplog.at_level(logging.WARNING, logger=compat.__name__):
        classify_many = compat.fast_classify_many(_identifier(), language._CHECK_TEXTS)
    assert "in batches is off" in caplog.text
    text = "Die Regierung hat am Montag neue Maßnahmen beschlossen."
    assert classify_many([text, text]) == [_identifier().classify(text)] * 2


def test_batches_use_the_library_where_the_walk_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compat, "installed_version", lambda: "9.9.9")
    classify_many = compat.fast_classify_many(_identifier(), language._CHECK_TEXTS)
    text = "Городской совет принял новые правила."
    assert classify_many([text]) == [_identifier().classify(text)]
