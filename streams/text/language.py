"""Language detection, offline, with the model bundled in the `py3langid` wheel.

The identifier is restricted to the languages newsmon's topics are written for (plus a few
neighbours so that, say, Spanish is not forced into French); restriction also makes short
texts far more reliable. Loaded once, lazily: the model takes ~0.3 s to read.

Only a bounded prefix is read, and a few hundred characters of a news text already name its
language (on our corpus a 200-character prefix agrees with the whole text every time). Before
that, a shortcut: most feed items are English, and a text whose words include several English
function words that no other supported language uses as words of its own ("the", "of", "which",
...) is English without asking the model (on the dev corpus it never disagreed with it).

The model scores byte n-grams found by a DFA walk over the UTF-8 text, which py3langid runs
byte by byte in Python, each step a read that waits for the one before in a 40 MB table.
`_VectorWalk` runs the same walk with numpy, its reads issued together, and hands the same
counts to py3langid's own scoring, so it gives the same scores bit for bit: on the corpus texts
that reach the model it takes about two thirds of the time, and less still in the worker, where
the table is seldom in cache (on repetitive text from a small vocabulary, whose walk stays in
cache, it is ~10% slower). It relies on py3langid's internals and is only used when they
reproduce the library's scores on sample texts at load time (else the library's `classify` is
called).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from functools import lru_cache
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

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
# Sentences written for the load-time check that the vectorised walk scores as py3langid does.
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
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(SUPPORTED_LANGUAGES))
    return identifier


class _VectorWalk:
    """py3langid's classification with its DFA walk done by numpy.

    The walk's state after byte i is a function of the state after byte i-1 and byte i. Each
    state of the automaton stands for at most the last _WINDOW bytes read, so the states are
    first computed for every position at once by walking a _WINDOW-byte window ending there
    from the start state (_WINDOW vector steps). Then every state is checked against its
    predecessor and byte; where one is wrong the step is repeated until all agree, which only
    the true walk does, so the result is exact whatever the automaton.
    """

    _WINDOW = 6  # the deepest state of the bundled model is 6 bytes from the start state
    _PAD = b"\xff"  # never in UTF-8 text; read from the start state it stays there

    def __init__(self, identifier: Any) -> None:
        self._identifier = identifier
        self._encode = identifier._encode
        self._score_counts = identifier._sparse_score
        self._next = np.asarray(identifier.tk_nextmove)  # a view, not a copy of its 40 MB
        self._row_base = np.array(identifier._rowbase, dtype=np.int64)
        self._output = np.array(identifier.tk_output, dtype=np.int64)
        self._classes = list(identifier.nb_classes)
        if identifier._alias_pairs or not identifier._norm_probs:
            raise ValueError("aliased labels or raw scores: not reproduced here")

    def _states(self, data: bytes) -> np.ndarray:
        n = len(data)
        window = self._WINDOW
        codes = np.frombuffer(self._PAD * (window - 1) + data, dtype=np.uint8).astype(np.int64)
        states: np.ndarray = np.zeros(n, dtype=np.int64)
        for step in range(window):
            states = self._next.take(self._row_base.take(states) + codes[step : step + n])
        data_codes = codes[window - 1 :]
        previous = np.zeros(n, dtype=np.int64)  # the start state before the first byte
        while True:
            previous[1:] = states[:-1]
            stepped = self._next.take(self._row_base.take(previous) + data_codes)
            if np.array_equal(stepped, states):
                return states
            states = stepped

    def scores(self, text: str) -> np.ndarray:
        """Normalised probabilities per class, as py3langid's `_decide` computes them."""
        data = self._encode(text)
        features = self._output.take(self._states(data))
        # Counted in order of first appearance, as py3langid counts, so that its scoring
        # sums the same numbers in the same order.
        counts = Counter(features[features >= 0].tolist())
        if counts:
            scores: np.ndarray = self._score_counts(counts, self._identifier.nb_ptc)
        else:
            scores = np.zeros(len(self._classes), dtype=np.float32)
        scores *= 1.0 / math.sqrt(len(data) or 1)
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        return scores

    def classify(self, text: str) -> tuple[str, float]:
        scores = self.scores(text)
        best = int(scores.argmax())
        return self._classes[best], float(scores[best])


@lru_cache(maxsize=1)
def _classify() -> Any:
    """The vectorised walk's `classify` if it reproduces py3langid here, else py3langid's."""
    identifier = _identifier()
    try:
        walk = _VectorWalk(identifier)
        same = all(
            np.array_equal(walk.scores(text), identifier._decide(text)) for text in _CHECK_TEXTS
        )
    except (AttributeError, TypeError, ValueError) as exc:
        log.warning("language detection: py3langid's own walk (%s)", exc)
        return identifier.classify
    if not same:
        log.warning("language detection: py3langid's own walk (vectorised scores differ)")
        return identifier.classify
    return walk.classify


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
