"""Every use of py3langid's internals: a vectorised DFA walk for `LanguageIdentifier.classify`.

py3langid scores byte n-grams found by a DFA walk over the UTF-8 text, which it runs byte by
byte in Python, each step a read that waits for the one before in a 40 MB table. `VectorWalk`
runs the same walk with numpy, its reads issued together, and hands the same counts to
py3langid's own scoring, so it gives the same scores bit for bit: on the corpus texts that
reach the model it takes about two thirds of the time.

It reads `_encode`, `_sparse_score`, `tk_nextmove`, `_rowbase`, `tk_output`, `nb_ptc`,
`nb_classes`, `_alias_pairs` and `_norm_probs` of py3langid PINNED_VERSION. `fast_classify`
uses it only when the installed py3langid is that version AND the walk reproduces the
library's scores on sample texts; otherwise it logs which patch is off and why, and returns
the library's public `classify`.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

PINNED_VERSION = "0.4.0"  # pyproject.toml pins the same version
PATCH = "streams.compat.py3langid.VectorWalk (numpy DFA walk)"
Classify = Callable[[str], tuple[str, float]]
ClassifyMany = Callable[[Sequence[str]], list[tuple[str, float]]]


def installed_version() -> str:
    return metadata.version("py3langid")


def load_identifier(languages: Sequence[str]) -> Any:
    """py3langid's bundled model with normalised probabilities, restricted to `languages`."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


class VectorWalk:
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
        # The model's feature x class probabilities in row-major order (py3langid keeps them
        # column-major: the ten numbers of a feature lie 200 KB apart, ten cache lines per
        # feature where one will do). Same values, so `_sparse_score` sums the same numbers.
        self._feature_table = np.ascontiguousarray(identifier.nb_ptc)
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
            scores: np.ndarray = self._score_counts(counts, self._feature_table)
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

    def _states_many(self, datas: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """The walk of every text at once: the texts laid end to end, each after _WINDOW - 1
        pad bytes, walked as `_states` walks one, with the state before each text's first
        byte held at the start state (the pads' states are forced to it). Returns the states
        of that layout and the mask of its pad positions."""
        window = self._WINDOW
        pad = self._PAD * (window - 1)
        layout = b"".join([pad + data for data in datas])
        is_pad = np.frombuffer(
            b"".join([b"\x01" * (window - 1) + bytes(len(data)) for data in datas]), dtype=np.bool_
        )
        n = len(layout)
        codes = np.frombuffer(pad + layout, dtype=np.uint8).astype(np.int64)
        states: np.ndarray = np.zeros(n, dtype=np.int64)
        for step in range(window):
            states = self._next.take(self._row_base.take(states) + codes[step : step + n])
        states[is_pad] = 0
        data_codes = codes[window - 1 :]
        previous = np.zeros(n, dtype=np.int64)
        while True:
            previous[1:] = states[:-1]
            stepped = self._next.take(self._row_base.take(previous) + data_codes)
            stepped[is_pad] = 0
            if np.array_equal(stepped, states):
                return states, is_pad
            states = stepped

    def scores_many(self, texts: Sequence[str]) -> list[np.ndarray]:
        """`[self.scores(t) for t in texts]`, the same numbers: the walks and the counting of
        features done once for the batch (a third less time per text than one by one); each
        text's features still summed in its own order of first appearance."""
        datas = [self._encode(text) for text in texts]
        if not datas:
            return []
        states, is_pad = self._states_many(datas)
        features = self._output.take(states)
        # Which text each position belongs to; pads and featureless states dropped.
        owner = np.repeat(np.arange(len(datas)), [len(self._PAD) * (self._WINDOW - 1) + len(d)
                                                   for d in datas])  # fmt: skip
        keep = (features >= 0) & ~is_pad
        width = len(self._output)  # every feature id is below it
        keys = owner[keep] * width + features[keep]
        # Distinct (text, feature) pairs by first appearance: texts in order, and within each
        # text its features as py3langid's Counter meets them.
        distinct, first, counts = np.unique(keys, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        distinct, counts = distinct[order], counts[order]
        texts_of = distinct // width
        rows = self._feature_table[distinct - texts_of * width]
        weights = np.log1p(counts.astype(np.float32))  # py3langid: log1p of float32 counts
        bounds = np.searchsorted(texts_of, np.arange(len(datas) + 1)).tolist()
        results = []
        for n, data in enumerate(datas):
            start, end = bounds[n], bounds[n + 1]
            if start == end:
                scores = np.zeros(len(self._classes), dtype=np.float32)
            else:
                scores = weights[start:end] @ rows[start:end] + self._identifier.nb_pc
            scores *= 1.0 / math.sqrt(len(data) or 1)
            np.exp(scores - scores.max(), out=scores)
            scores /= scores.sum()
            results.append(scores)
        return results

    def classify_many(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        results = []
        for scores in self.scores_many(texts):
            best = int(scores.argmax())
            results.append((self._classes[best], float(scores[best])))
        return results


def library_scores(identifier: Any, text: str) -> np.ndarray:
    """The library's own scores (its `_decide`), what the walk must reproduce."""
    scores: np.ndarray = identifier._decide(text)
    return scores


def fast_classify(identifier: Any, check_texts: Sequence[str]) -> Classify:
    """`VectorWalk(identifier).classify` when the installed py3langid is PINNED_VERSION and the
    walk scores `check_texts` exactly as the library does; else `identifier.classify`."""
    version = installed_version()
    if version != PINNED_VERSION:
        log.warning("py3langid %s installed, %s is off (written for %s): using py3langid's "
                    "own classify", version, PATCH, PINNED_VERSION)  # fmt: skip
        return identifier.classify  # type: ignore[no-any-return]
    try:
        walk = VectorWalk(identifier)
        same = all(
            np.array_equal(walk.scores(text), library_scores(identifier, text))
            for text in check_texts
        )
    except (AttributeError, TypeError, ValueError) as exc:
        log.warning("%s is off (%s): using py3langid's own classify", PATCH, exc)
        return identifier.classify  # type: ignore[no-any-return]
    if not same:
        log.warning("%s is off (its scores differ): using py3langid's own classify", PATCH)
        return identifier.classify  # type: ignore[no-any-return]
    return walk.classify


def fast_classify_many(identifier: Any, check_texts: Sequence[str]) -> ClassifyMany:
    """`VectorWalk(identifier).classify_many` when `fast_classify` takes the walk and the
    batched walk scores `check_texts`, as one batch, exactly as the library does; else the
    single classify (whichever `fast_classify` chose) text by text."""
    single = fast_classify(identifier, check_texts)

    def one_by_one(texts: Sequence[str]) -> list[tuple[str, float]]:
        return [single(text) for text in texts]

    walk = getattr(single, "__self__", None)
    if not isinstance(walk, VectorWalk):
        return one_by_one
    try:
        batch = walk.scores_many(check_texts)
        same = all(
            np.array_equal(scores, library_scores(identifier, text))
            for scores, text in zip(batch, check_texts, strict=True)
        )
    except (AttributeError, TypeError, ValueError) as exc:
        log.warning("%s in batches is off (%s): classifying text by text", PATCH, exc)
        return one_by_one
    if not same:
        log.warning("%s in batches is off (its scores differ): classifying text by text", PATCH)
        return one_by_one
    return walk.classify_many
