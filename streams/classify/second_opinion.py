"""A learned second opinion: a linear model over the lemmas of a headline and its lead.

The rules (terms and frames) recognise the phrasings and events someone wrote down; a model
trained on many phrasings of each event class recognises some the rules miss ("the allies'
defence ministers agreed...", with no NATO and no frame verb). It is one more cue for the
scorer, added to the rules' cues: a topic that declares `learned` in the topic file gets a
cue weighing `weight * (p - floor) / (1 - floor)` when the model's probability `p` is above
`floor`, unless the rules saw one of the topic's hard negatives in the article (an exclusion,
a negative term, a frame kept out by a veto word or as domestic); the cue is not the topic's
`context`.

The model: per topic, a logistic regression on binary features (each lemma of the title and
of the first `READ_CHARS` of the body, the title's lemmas again marked as such, and each pair
of neighbouring lemmas, a place paired as its class: `<country>`, `<nation>`, `<city>`),
trained by `bench/train_second_opinion.py` on sentences we wrote ourselves
(`streams/classify/training/`), never on judged corpus articles, so that the
development set measures it as unseen news. The weights ship as JSON in this package
(`second_opinion.json`): no download, no learning library at run time; an article costs one
dict lookup per word (each word's rows in the model are remembered) and per pair, and a sum.
"""

from __future__ import annotations

import itertools
import math
from functools import cache
from importlib import resources
from operator import add
from typing import Any, NamedTuple, cast

import numpy as np
import orjson

from newsmon.errors import NewsmonError
from streams.classify.lexicon import (
    LEMMATIZER,
    SHIPPED_LANGUAGES,
    country_words,
    is_city,
    is_nationality,
    is_word_too,
    union_names,
    words_of,
)

READ_CHARS = 800  # the training items are a headline and one to seven sentences
MODEL_FILE = "second_opinion.json"
FORMAT = 1
SHOWN_FEATURES = 4  # the strongest features named in a cue


class ModelFileError(NewsmonError, ValueError):
    """The model file is missing, of another format, or inconsistent."""


COUNTRY, NATION, CITY = "<country>", "<nation>", "<city>"
PLACE_CLASSES = (COUNTRY, NATION, CITY)


def _place_class(word: str, lemma: str, lang: str | None) -> str:
    """What kind of place a word names, if any: a country (or a case form of its name), a
    nation's adjective, a large city; else its lemma. One training item's "opens its first
    store in Colombia" then teaches "in <country>" for every country, and "outside <city>"
    is told from it."""
    if lang is None:
        return lemma
    countries = country_words(lang)
    if (
        (word in countries or lemma in countries)
        and not is_word_too(word, lang)
        and word not in union_names(lang)
    ):
        return COUNTRY
    if is_nationality(word, lang) or is_nationality(lemma, lang):
        return NATION
    if is_city(word) or is_city(lemma):
        return CITY
    return lemma


class _Read(NamedTuple):
    """A text as the model reads it: the lemmas of its words in order, without numbers and
    single letters (the "U" and "S" of "U.S.", initials), and the same with each place as
    its class (what neighbouring pairs are made of)."""

    lemmas: tuple[str, ...]
    paired: tuple[str, ...]


_NOT_READ = ("", "")
# Per language: folded word -> (its lemma, its place class or lemma), or _NOT_READ. Cleared
# when full (news vocabulary is Zipfian: the common words return at once).
_WORDS: dict[str | None, dict[str, tuple[str, str]]] = {}
WORDS_REMEMBERED = 200_000


def _reading(word: str, lang: str | None) -> tuple[str, str]:
    if len(word) < 2 or word.isdigit():
        return _NOT_READ
    lemma = LEMMATIZER.lemma(word, lang)
    return lemma, _place_class(word, lemma, lang)


def _read(folded: str, lang: str | None) -> _Read:
    """`folded` (`words_of` a text) as the model reads it: one dict lookup per word."""
    table = _WORDS.get(lang)
    if table is None or len(table) >= WORDS_REMEMBERED:
        table = _WORDS[lang] = {}
    words = folded.split()
    found = list(map(table.get, words))
    if None in found:
        for i, reading in enumerate(found):
            if reading is None:
                found[i] = table[words[i]] = _reading(words[i], lang)
    kept = [reading for reading in found if reading is not _NOT_READ]
    if not kept:
        return _Read((), ())
    lemmas, paired = zip(*kept, strict=True)
    return _Read(lemmas, paired)


class _Token(NamedTuple):
    """A word as the model reads it: the rows (0: none) of its lemma and of its place class
    or lemma, of its lemma in a title, and its ids in pairs, as the first (times the base)
    and as the second."""

    lemma: int
    place: int
    title: int
    first: int
    second: int


_NOT_A_TOKEN = _Token(-1, -1, -1, -1, -1)


def _parts(
    title: str, content: str, language: str | None, folded: tuple[str, str] | None = None
) -> tuple[_Read, _Read]:
    """The title and the opening of the content, as the model reads them."""
    lang = language if language in SHIPPED_LANGUAGES else None
    title_words, content_words = folded or (words_of(title), words_of(content[:READ_CHARS]))
    return _read(title_words, lang), _read(content_words[:READ_CHARS], lang)


def features(title: str, content: str, language: str | None) -> set[str]:
    """The binary features of an article: lemmas and place classes (`w:`), title lemmas
    (`t:`) and pairs of neighbouring lemmas, places as their class (`b:`), from the title and
    the opening of the content."""
    in_title, in_lead = _parts(title, content, language)
    out = {"t:" + lemma for lemma in in_title.lemmas}
    for read in (in_title, in_lead):
        out.update("w:" + word for word in (*read.lemmas, *read.paired))
        out.update(f"b:{a} {b}" for a, b in itertools.pairwise(read.paired))
    return out


class Opinion(NamedTuple):
    """The model's probability for one topic, and the article's features that weighed in."""

    probability: float
    topic: int  # the topic's column in the model
    found: tuple[int, ...] = ()  # the rows of the article's features in `model`
    model: SecondOpinion | None = None

    def strongest(self, count: int = SHOWN_FEATURES) -> tuple[str, ...]:
        """The article's features with the largest positive weights for the topic, best first."""
        if self.model is None:
            return ()
        return self.model.strongest(self.found, self.topic, count)


class SecondOpinion:
    """Per-topic logistic regressions over `features`. Its answers depend on the article
    alone; the words it remembers are a cache (thread-compatible: plain dict operations)."""

    def __init__(self, model: dict[str, Any]) -> None:
        if model.get("format") != FORMAT:
            raise ModelFileError(f"model format {model.get('format')!r}, expected {FORMAT}")
        self.topics: tuple[str, ...] = tuple(model["topics"])
        self._intercepts: tuple[float, ...] = tuple(model["intercepts"])
        weights: dict[str, list[float]] = model["weights"]
        if any(len(row) != len(self.topics) for row in (model["intercepts"], *weights.values())):
            raise ModelFileError("every weight row needs one value per topic")
        # Row 0 is no feature (zeros), so that a lookup's miss (None) and row 0 both drop out
        # of `filter(None, ...)`. The features by kind, keyed as an article's lemmas give them
        # (a pair as a tuple): reading an article builds no feature strings, and the lookups
        # and the sums run in C.
        self._names = ("", *weights)
        self._matrix = np.array([[0.0] * len(self.topics), *weights.values()], dtype=np.float64)
        self._words: dict[str, int] = {}
        self._title: dict[str, int] = {}
        pairs: dict[tuple[str, str], int] = {}
        for row, name in enumerate(self._names[1:], 1):
            kind, _, key = name.partition(":")
            if kind == "w":
                self._words[key] = row
            elif kind == "t":
                self._title[key] = row
            elif kind == "b" and key.count(" ") == 1:
                first, second = key.split(" ")
                pairs[first, second] = row
            else:
                raise ModelFileError(f"feature {name!r} is none of w:, t:, b:")
        # A pair is looked up as one int, first * base + second, from ids numbered from 1:
        # a word in no pair (id 0) makes keys no pair has.
        self._firsts = {word: n for n, word in enumerate(sorted({a for a, _ in pairs}), 1)}
        self._seconds = {word: n for n, word in enumerate(sorted({b for _, b in pairs}), 1)}
        self._pair_base = len(self._seconds) + 1
        self._pairs = {
            self._firsts[a] * self._pair_base + self._seconds[b]: row
            for (a, b), row in pairs.items()
        }
        # Per language: folded word -> its token, remembered (cleared when full).
        self._token_tables: dict[str | None, dict[str, _Token]] = {}

    @classmethod
    def from_json(cls, data: bytes) -> SecondOpinion:
        return cls(orjson.loads(data))

    def opinions(
        self,
        title: str,
        content: str,
        language: str | None,
        folded: tuple[str, str] | None = None,
    ) -> dict[str, Opinion]:
        """Topic -> the model's opinion of the article. `folded`: `words_of` the title and
        the content, when the caller has them."""
        lang = language if language in SHIPPED_LANGUAGES else None
        title_words, content_words = folded or (words_of(title), words_of(content[:READ_CHARS]))
        found: set[int] = set()
        for text, in_title in ((title_words, True), (content_words[:READ_CHARS], False)):
            tokens = self._tokens(text, lang)
            if not tokens:
                continue
            lemmas, places, titled, lefts, rights = zip(*tokens, strict=True)
            pairs = map(self._pairs.get, map(add, lefts, rights[1:]), itertools.repeat(0))
            found.update(lemmas, places, pairs)
            if in_title:
                found.update(titled)
        found.discard(0)
        rows = tuple(sorted(found))
        sums = np.take(self._matrix, rows, axis=0).sum(axis=0).tolist()
        return {
            topic: Opinion(_logistic(self._intercepts[i] + sums[i]), i, rows, self)
            for i, topic in enumerate(self.topics)
        }

    def _tokens(self, folded: str, lang: str | None) -> list[_Token]:
        """`folded` (`words_of` a text) as rows of the model, word by word, without the
        words the model does not read: one dict lookup per word."""
        table = self._token_tables.get(lang)
        if table is None or len(table) >= WORDS_REMEMBERED:
            table = self._token_tables[lang] = {}
        words = folded.split()
        found = list(map(table.get, words))
        if None in found:
            found = [table.get(word) or self._token(table, word, lang) for word in words]
        return cast(list[_Token], [token for token in found if token is not _NOT_A_TOKEN])

    def _token(self, table: dict[str, _Token], word: str, lang: str | None) -> _Token:
        """`word` read, and remembered in `table`."""
        lemma, place = _reading(word, lang)
        if not lemma:
            table[word] = _NOT_A_TOKEN
            return _NOT_A_TOKEN
        token = table[word] = _Token(
            self._words.get(lemma, 0),
            self._words.get(place, 0),
            self._title.get(lemma, 0),
            self._firsts.get(place, 0) * self._pair_base,
            self._seconds.get(place, 0),
        )
        return token

    def strongest(self, rows: tuple[int, ...], topic: int, count: int) -> tuple[str, ...]:
        """Of `rows`, the names of the `count` features weighing most for `topic` (> 0),
        alike weights in the order of their names."""
        weights = self._matrix[list(rows), topic]
        kept = np.flatnonzero(weights > 0)
        if len(kept) > count:  # the count-th largest weight and any alike: few to sort by name
            least = np.partition(weights[kept], -count)[-count]
            kept = kept[weights[kept] >= least]
        ranked = sorted((-float(weights[i]), self._names[rows[i]]) for i in kept.tolist())
        return tuple(name for _, name in ranked[:count])

    def __contains__(self, topic: object) -> bool:
        return topic in self.topics


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -500.0 else 0.0


@cache
def packaged_model() -> SecondOpinion:
    """The model shipped in this package (read once per process)."""
    try:
        data = resources.files("streams.classify").joinpath(MODEL_FILE).read_bytes()
    except FileNotFoundError as exc:
        raise ModelFileError(f"the packaged model {MODEL_FILE} is missing") from exc
    return SecondOpinion.from_json(data)
