"""Finds every configured term of every topic in one pass over a text.

All patterns (terms, context terms, exclusions of all topics) go into ONE Aho-Corasick
automaton (`pyahocorasick`, a C extension) keyed by their folded form. A search walks the
folded text once, so its cost grows with the text and the number of hits, not with the
number of configured terms. Word boundaries are checked on each raw hit: the character
before a hit and (for whole-word terms) the character after it must not be a letter or digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

import ahocorasick  # type: ignore[import-not-found]  # C extension without stubs

from streams.classify.definitions import Term, TopicSet
from streams.text.normalize import fold_for_matching


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


@dataclass(frozen=True, slots=True)
class Hit:
    """A term found at [start, end) of the searched text (a prefix term: to the word's end)."""

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
                    grouped.setdefault(term.key, []).append(_entry(t_index, kind, index, term))
        self._automaton = ahocorasick.Automaton()
        for key, entries in grouped.items():
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self.pattern_count = len(grouped)
        if grouped:
            self._automaton.make_automaton()

    def search(self, text: str) -> list[Hit]:
        """Every hit in `text` (cleaned text; folded here), in order of their end offsets."""
        if not self.pattern_count or not text:
            return []
        folded = fold_for_matching(text)
        size = len(folded)
        hits: list[Hit] = []
        for last, (length, entries) in self._automaton.iter(folded):
            start = last - length + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            end = last + 1
            word_goes_on = end < size and folded[end].isalnum()
            for entry in entries:
                if entry.exact is not None and text[start:end] != entry.exact:
                    continue
                if not entry.prefix:
                    if not word_goes_on:
                        hits.append(Hit(entry, start, end))
                    continue
                if entry.phrase is not None:
                    found = entry.phrase.match(folded, start)
                    if found is not None:
                        hits.append(Hit(entry, start, found.end()))
                    continue
                stop = end
                while stop < size and folded[stop].isalnum():
                    stop += 1
                hits.append(Hit(entry, start, stop))
        return hits


def _entry(topic: int, kind: Kind, index: int, term: Term) -> Entry:
    return Entry(topic, kind, index, term.prefix, term.language, term.phrase, term.exact)
