"""Finds every configured term of every topic in one pass over a text.

All patterns (terms, context terms, exclusions of all topics) go into ONE Aho-Corasick
automaton (`pyahocorasick`, a C extension) keyed by their folded form. A search walks the
folded text once, so its cost grows with the text and the number of hits, not with the
number of configured terms. Word boundaries come free: the text is searched with every
non-word character turned into a space, and keys begin (whole-word keys also end) with a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

import ahocorasick  # type: ignore[import-not-found]  # C extension without stubs

from streams.classify.definitions import Term, TopicSet
from streams.text.normalize import word_form


class Kind(IntEnum):
    TERM = 0
    CONTEXT = 1
    EXCLUSION = 2


@dataclass(frozen=True, slots=True)
class Entry:
    """What a key stands for: term number `index` of `kind` in topic number `topic`."""

    topic: int
    kind: Kind
    index: int
    prefix: bool
    language: str
    phrase: re.Pattern[str] | None
    exact: str | None


class Hit(NamedTuple):
    """A term found at [start, end) of the searched text (a prefix term: to the word's end).

    A named tuple: made for every hit of every article, it costs half a frozen dataclass."""

    entry: Entry
    start: int
    end: int


class TermMatcher:
    """Compiled search over every pattern of a TopicSet; build once, search many times."""

    def __init__(self, topics: TopicSet) -> None:
        grouped: dict[str, list[Entry]] = {}
        for t_index, topic in enumerate(topics):
            for kind, terms in (
                (Kind.TERM, topic.terms),
                (Kind.CONTEXT, topic.context),
                (Kind.EXCLUSION, topic.exclusions),
            ):
                for index, term in enumerate(terms):
                    # Keys start with a space (and whole-word keys end with one): searched in
                    # text whose non-word characters are spaces, they can only match whole
                    # words, so the automaton reports no hits inside words at all.
                    key = " " + _words_only(term.key) + ("" if term.prefix else " ")
                    grouped.setdefault(key, []).append(_entry(t_index, kind, index, term))
        self._automaton = ahocorasick.Automaton()
        for key, entries in grouped.items():
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self.pattern_count = len(grouped)
        if grouped:
            self._automaton.make_automaton()

    def search(self, text: str, words: str | None = None) -> list[Hit]:
        """Every hit in `text` (cleaned text; folded here), in order of their end offsets.

        `words`, when given, is `lexicon.words_of(text)` (the same as `word_form(text)`),
        computed once for several matchers."""
        if not self.pattern_count or not text:
            return []
        if words is None:
            words = word_form(text)
        # Padded by one space each side: padded index p is text index p - 1.
        padded = f" {words} "
        hits: list[Hit] = []
        hit = Hit
        for last, (length, entries) in self._automaton.iter(padded):
            start = last - length + 1
            whole_end = last - 1
            for entry in entries:
                if not entry.prefix:
                    if entry.exact is None or text[start:whole_end] == entry.exact:
                        hits.append(hit(entry, start, whole_end))
                    continue
                if entry.phrase is not None:
                    found = entry.phrase.match(words, start)
                    if found is not None:
                        hits.append(hit(entry, start, found.end()))
                    continue
                hits.append(hit(entry, start, padded.find(" ", last) - 1))
        return hits


def _words_only(text: str) -> str:
    """`text` with every character that is not a letter or digit replaced by a space."""
    return word_form(text, folded=True)


def _entry(topic: int, kind: Kind, index: int, term: Term) -> Entry:
    return Entry(topic, kind, index, term.prefix, term.language, term.phrase, term.exact)
