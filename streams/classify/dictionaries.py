"""simplemma's lemma dictionaries as memory-mapped tries, built once per machine.

simplemma's default dictionaries are decoded from their compressed form into Python dicts in
every process that needs them: about 5 s of CPU and several hundred megabytes for the six
shipped languages, paid again by every worker, every `newsmon classify` job and every restart.
Its `TrieDictionaryFactory` (the `marisa-trie` extra) builds a MARISA trie per language once,
keeps it in a cache directory and loads it in milliseconds afterwards; the lemmas are the same
(`tests/unit/streams/classify/test_dictionaries.py`).

The cache lives in simplemma's own cache directory (`~/.cache/simplemma/...`, one per simplemma
version) unless `NEWSMON_LEMMA_CACHE` names another. simplemma writes a trie in place, so two
processes building the same language at once could leave a file that one of them reads half
written. `lemmas()` therefore builds each missing trie in a directory of its own and moves
it into the cache with one atomic rename; a process that finds the file uses it. Should this
simplemma no longer offer the trie factory, or the cache not be writable, lemmas come from its
default dictionaries, slower to load and the same.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import simplemma
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY, DictionaryFactory
from simplemma.utils import normalize_token

log = logging.getLogger(__name__)

CACHE_ENV = "NEWSMON_LEMMA_CACHE"


class Lemmas:
    """simplemma's `lemmatize` and `is_known`, on the dictionaries of `factory`."""

    def __init__(self, factory: DictionaryFactory = DEFAULT_DICTIONARY_FACTORY) -> None:
        strategy = DefaultStrategy(dictionary_factory=factory)
        self._lemmatizer = simplemma.Lemmatizer(lemmatization_strategy=strategy)
        self._lookup = DictionaryLookupStrategy(factory)
        self._factory = factory

    def lemmatize(self, word: str, language: str) -> str:
        return self._lemmatizer.lemmatize(word, lang=language)

    def is_known(self, word: str, language: str) -> bool:
        return self._lookup.get_lemma(normalize_token(word), language) is not None

    def is_lower_case_entry(self, word: str, language: str) -> bool:
        """Whether the dictionary lists `word` (lower case) as it is written: a common word.
        The dictionaries keep a proper noun's capital ("Boston"); `is_known` tries both."""
        return self._factory.get_dictionary(language).get(normalize_token(word)) is not None


def lemmas(languages: Iterable[str]) -> Lemmas:
    """Lemmas from cached tries of `languages` (built here when missing), else simplemma's
    default dictionaries."""
    try:
        from platformdirs import user_cache_dir
        from simplemma.strategies.dictionaries import TrieDictionaryFactory
    except ImportError as exc:
        log.warning("lemma dictionaries: no trie factory (%s); decoding them in process", exc)
        return Lemmas()
    configured = os.environ.get(CACHE_ENV)
    cache = Path(configured or user_cache_dir("simplemma")) / "newsmon-tries" / _version()
    try:
        for language in languages:
            _ensure_cached(TrieDictionaryFactory, cache, language)
    except OSError as exc:
        log.warning("lemma dictionaries: cannot cache tries in %s (%s)", cache, exc)
        return Lemmas()
    return Lemmas(TrieDictionaryFactory(disk_cache_dir=str(cache)))


def _ensure_cached(factory_class: type, cache: Path, language: str) -> None:
    target = cache / f"{language}.dic"
    if target.exists():
        return
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix=f".build-{language}-") as build:
        factory_class(disk_cache_dir=build).get_dictionary(language)
        built = Path(build) / f"{language}.dic"
        if not built.exists():
            raise OSError(f"simplemma wrote no trie at {built}")
        os.replace(built, target)
    log.info("lemma dictionaries: built the %s trie in %s", language, cache)


def _version() -> str:
    from importlib.metadata import version

    return version("simplemma")
