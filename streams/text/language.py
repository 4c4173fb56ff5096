"""Language detection, offline, with the model bundled in the `py3langid` wheel.

The identifier is restricted to the languages newsmon's topics are written for (plus a few
neighbours so that, say, Spanish is not forced into French); restriction also makes short
texts far more reliable. Loaded once, lazily: the model takes ~0.3 s to read.

Only a bounded prefix is read, and a few hundred characters of a news text already name its
language (on our corpus a 200-character prefix agrees with the whole text every time). Before
that, a shortcut: most feed items are English, and a text whose words include several English
function words that no other supported language uses as words of its own ("the", "of", "which",
...) is English without asking the model (on the dev corpus it never disagreed with it).

The model is py3langid's; its classify runs through `streams.compat.py3langid`, which walks the
model with numpy when the installed py3langid is the version that patch was written for (and
reproduces its scores), and is py3langid's own `classify` otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from streams.compat import py3langid as langid_compat

SUPPORTED_LANGUAGES = ("en", "de", "fr", "ru", "uk", "pl", "es", "it", "nl", "pt")
_MIN_LETTERS = 12  # fewer letters than this carry no usable signal
_MIN_CONFIDENCE = 0.5
PREFIX_CHARS = 250  # characters read; the title and the lead are enough
# Frequent English words that are not words in the other supported languages (no "was",
# "will", "over", "in", "to", "a", "on", "by": German, Dutch or Polish use them too).
_ENGLISH_MARKERS = frozenset(
    (
        "the", "of", "and", "that", "for", "with", "from", "has", "have", "had", "said", "says",
        "were", "been", "are", "this", "which", "would", "its", "their", "after", "into",
        "about", "who", "but", "not", "than", "they", "amid", "while", "could", "should",
    )
)  # fmt: skip
_ENGLISH_MARKER_BYTES = frozenset(word.encode("ascii") for word in _ENGLISH_MARKERS)
# Byte -> itself for a-z, else a space: splitting the translated UTF-8 of a lower-cased text
# gives its [a-z]+ runs (every other character, ASCII or not, separates them).
_ASCII_LOWER_RUNS = bytes(b if ord("a") <= b <= ord("z") else ord(" ") for b in range(256))
_MIN_WORDS_FOR_SHORTCUT = 6
_LETTERS_GLANCE = 40  # most texts show _MIN_LETTERS letters this early
# Sentences written for the load-time check that the patched walk scores as py3langid does.
_CHECK_TEXTS = (
    "The council said on Monday that the new rules would apply from next year.",
    "Der Stadtrat hat am Montag neue Regeln für den Verkehr in der Innenstadt beschlossen.",
    "Le conseil municipal a adopté lundi de nouvelles règles pour la circulation en ville.",
    "Rada miasta przyjęła w poniedziałek nowe przepisy dotyczące ruchu w centrum.",
    "Городской совет в понедельник принял новые правила движения в центре города.",
    "Міська рада в понеділок ухвалила нові правила руху в центрі міста.",  # noqa: RUF001
    "El ayuntamiento aprobó el lunes nuevas normas de tráfico para el centro.",
    "!!! ??? ...",
    "",
)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    return langid_compat.load_identifier(SUPPORTED_LANGUAGES)


@lru_cache(maxsize=1)
def _classify() -> langid_compat.Classify:
    """The patched walk's `classify` if it reproduces py3langid here, else py3langid's."""
    return langid_compat.fast_classify(_identifier(), _CHECK_TEXTS)


@lru_cache(maxsize=1)
def _classify_many() -> langid_compat.ClassifyMany:
    """The batched walk's `classify_many` if it reproduces py3langid here, else text by text."""
    return langid_compat.fast_classify_many(_identifier(), _CHECK_TEXTS)


def _enough_letters(prefix: str) -> bool:
    # A glance at the opening decides for most texts; the count can only grow with length.
    if sum(map(str.isalpha, prefix[:_LETTERS_GLANCE])) >= _MIN_LETTERS:
        return True
    return sum(map(str.isalpha, prefix)) >= _MIN_LETTERS


def _ascii_words(prefix: str) -> list[bytes]:
    """The [a-z]+ runs of the lower-cased prefix (a byte table: a third of the regex's cost)."""
    lowered = prefix.lower().encode("utf-8", "surrogatepass")
    return lowered.translate(_ASCII_LOWER_RUNS).split()


def _clearly_english(prefix: str) -> bool:
    """At least two marker words, and at least one word in eight a marker."""
    words = _ascii_words(prefix)
    markers = sum(map(_ENGLISH_MARKER_BYTES.__contains__, words))
    return len(words) >= _MIN_WORDS_FOR_SHORTCUT and markers >= 2 and markers * 8 >= len(words)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text` (judged on its first PREFIX_CHARS characters), or None when it
    is too short or too ambiguous to tell."""
    prefix = text[:PREFIX_CHARS]
    if not _enough_letters(prefix):
        return None
    if _clearly_english(prefix):
        return "en"
    language, confidence = _classify()(prefix)
    return str(language) if confidence >= _MIN_CONFIDENCE else None


def detect_languages(texts: Sequence[str]) -> list[str | None]:
    """`[detect_language(t) for t in texts]`, the same answers; the texts that need the model
    go to it as one batch (its walk and counting done once: ~a third less per text)."""
    found: list[str | None] = []
    asking: list[int] = []  # positions in `found` the model answers
    prefixes: list[str] = []
    for text in texts:
        prefix = text[:PREFIX_CHARS]
        if not _enough_letters(prefix):
            found.append(None)
        elif _clearly_english(prefix):
            found.append("en")
        else:
            asking.append(len(found))
            prefixes.append(prefix)
            found.append(None)
    if prefixes:
        for at, (language, confidence) in zip(asking, _classify_many()(prefixes), strict=True):
            found[at] = str(language) if confidence >= _MIN_CONFIDENCE else None
    return found
