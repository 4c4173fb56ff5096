"""The cached trie dictionaries give simplemma's own lemmas, and a cache is built atomically."""

# ruff: noqa: RUF001  # Cyrillic test words are meant

from __future__ import annotations

from pathlib import Path

import pytest
import simplemma

from streams.classify.dictionaries import CACHE_ENV, Lemmas, lemmas

WORDS = {
    "en": ("companies", "leaves", "sanctioned", "withdrew", "markets", "allies"),
    "ru": ("санкций", "вступила", "компании", "ушла", "рынка", "союзников"),
    "uk": ("санкцій", "вступила", "компанії", "пішла", "ринку", "союзників"),
    "de": ("Sanktionen", "Märkte", "Unternehmen", "verlässt", "zog", "Verbündeten"),
    "fr": ("sanctions", "quitte", "entreprises", "marchés", "alliés", "retiré"),
    "pl": ("sankcji", "wycofuje", "rynku", "spółki", "sojuszników", "wszedł"),
}
OWN_CACHE = ("en", "fr")


@pytest.fixture(scope="module")
def shared() -> Lemmas:
    """The tries every process of this machine uses (built here if the suite is the first)."""
    return lemmas(WORDS)


@pytest.fixture(scope="module")
def cached(tmp_path_factory: pytest.TempPathFactory) -> tuple[Lemmas, Path]:
    """A cache of its own, with the two quickest languages to build."""
    cache = tmp_path_factory.mktemp("tries")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(cache))
        return lemmas(OWN_CACHE), cache


@pytest.mark.parametrize("language", sorted(WORDS))
def test_the_tries_give_simplemmas_own_lemmas(shared: Lemmas, language: str) -> None:
    tries = shared
    for word in (*WORDS[language], "xqzzyv", word_of(language)):
        assert tries.lemmatize(word, language) == simplemma.lemmatize(word, lang=language)
        assert tries.is_known(word, language) == simplemma.is_known(word, lang=language)


def word_of(language: str) -> str:
    return {"en": "the", "ru": "и", "uk": "і", "de": "und", "fr": "et", "pl": "i"}[language]


def test_each_language_has_one_trie_and_no_build_left_behind(cached: tuple[Lemmas, Path]) -> None:
    _, cache = cached
    (version,) = (cache / "newsmon-tries").iterdir()
    assert sorted(p.name for p in version.iterdir()) == [f"{lang}.dic" for lang in OWN_CACHE]


def test_a_second_process_reuses_the_cache(
    cached: tuple[Lemmas, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, cache = cached
    monkeypatch.setenv(CACHE_ENV, str(cache))
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*.dic")}
    lemmas(OWN_CACHE)
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*.dic")} == before


def test_an_unwritable_cache_falls_back_to_simplemmas_dictionaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(CACHE_ENV, str(blocker))
    fallback = lemmas(("de",))
    assert fallback.lemmatize("Sanktionen", "de") == simplemma.lemmatize("Sanktionen", lang="de")
