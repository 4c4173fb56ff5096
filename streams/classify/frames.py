"""Frames: an event recognised by its parts, close together in one sentence.

A phrase list learns phrasings ("pulls out of Russia", "exits the Russian market"); an event
is better recognised by its parts: an ACTOR (a company, a brand, a foreign firm), an ACTION
(leave, enter, suspend, sell up, be nationalised) and a MARKET (a country, "the market").
A frame names such slots, each with words per language; it fires when every slot is filled
by a different word within `window` words of one sentence, and no `veto` word ("tour",
"troops") is in that sentence. Words are matched as lemmas (simplemma), so one entry covers
every inflected form; an entry ending in `*` matches word beginnings, one beginning with `*`
word endings (the head of a German compound: `*hersteller` is "Chiphersteller").
Built-in word lists (`builtin: [countries, legal_forms]`) come from maintained sources;
`builtin: [proper_names]` lets a capitalised word the dictionary does not know fill a slot
(a brand: "Netflix pauses projects in Russia"), when no other lexicon word matched it.

In a topic file:

    frames:
      company_leaves_market:
        weight: 1.0           # counted like a term's weight (title x2, later body x0.5)
        window: 10            # words from the first slot word to the last
        slots:
          actor: {en: [company, firm], builtin: [legal_forms]}
          action: {en: [exit, "pull out"], ru: [уйти]}
          market: {en: [market], builtin: [countries]}
        veto: {en: [tour, troops]}

Matching is one pass over the text's tokens with dict lookups per token (lemmas are cached),
so its cost grows with the text's length, not with the number of frames or words.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from streams.classify.lexicon import (
    BUILTINS,
    LEMMATIZER,
    SHIPPED_LANGUAGES,
    builtin_words,
    iter_words,
    words_of,
)

BUILTIN_KEY = "builtin"
MAX_SLOTS = 4
_PER_SLOT = 6  # candidate words kept per slot and sentence: bounds the combination search
_LANGUAGE = re.compile(r"^(?:any|[a-z]{2})$")
_MIN_PREFIX = 4
_CACHE_LIMIT = 200_000  # distinct words remembered per language; cleared when full


def _check_table(value: dict[str, list[str]], *, builtins: bool) -> dict[str, list[str]]:
    for key, words in value.items():
        if key == BUILTIN_KEY and builtins:
            for name in words:
                if name not in BUILTINS:
                    raise ValueError(f"unknown built-in list {name!r} (known: {BUILTINS})")
            continue
        if not _LANGUAGE.match(key):
            raise ValueError(f"language {key!r} must be 'any' or a two-letter ISO 639-1 code")
        for word in words:
            core = word.removesuffix("*")
            if core.startswith("*") and not word.endswith("*"):
                core = core[1:]
            if not any(c.isalnum() for c in core) or "*" in core:
                raise ValueError(f"word {word!r}: letters needed; '*' only at one end")
            if "*" in word and (" " in word or len(core) < _MIN_PREFIX):
                raise ValueError(f"word {word!r}: a '*' entry is one word of 4+ letters")
    return value


class FrameModel(BaseModel):
    """One frame as written in a topic file (validated)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weight: float = Field(description="weight of one firing, like a term's (may be negative)")
    window: int = Field(default=10, ge=1, le=60, description="words from first to last slot")
    slots: dict[str, dict[str, list[str]]] = Field(
        min_length=2, max_length=MAX_SLOTS, description="slot name -> language -> words"
    )
    veto: dict[str, list[str]] = Field(
        default_factory=dict, description="language -> words that stop the frame in a sentence"
    )

    @field_validator("slots")
    @classmethod
    def _valid_slots(cls, value: dict[str, dict[str, list[str]]]) -> Any:
        for table in value.values():
            _check_table(table, builtins=True)
        return value

    @field_validator("veto")
    @classmethod
    def _valid_veto(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return _check_table(value, builtins=True)


@dataclass(frozen=True, slots=True)
class Word:
    """One lexicon entry: its folded words, its language, and whether the last is a prefix."""

    words: tuple[str, ...]
    language: str
    prefix: bool
    text: str
    case: str | None = None  # "=EU": the exact spelling the text must show (no lemma forms)
    unless_known: bool = False  # a legal form: dropped where it is a word of the language
    suffix: bool = False  # "*hersteller": the (one) word is a word ending


@dataclass(frozen=True, slots=True)
class Frame:
    name: str
    weight: float
    window: int
    slot_names: tuple[str, ...]
    slots: tuple[tuple[Word, ...], ...]
    veto: tuple[Word, ...]
    name_slots: tuple[int, ...] = ()  # slots a proper name may fill


def _words(table: dict[str, list[str]]) -> tuple[Word, ...]:
    out: list[Word] = []
    for key, entries in table.items():
        if key == BUILTIN_KEY:
            for name in entries:
                for entry in builtin_words(name, "any"):
                    words = tuple(iter_words(entry))
                    if words:
                        legal = name == "legal_forms"
                        out.append(Word(words, "any", False, entry, unless_known=legal))
            continue
        for entry in entries:
            prefix = entry.endswith("*")
            suffix = entry.startswith("*")
            # "=U.S.": the words as spelled, compared with the text's words at the hit.
            case = " ".join(_ORIGINAL_WORD.findall(entry[1:])) if entry.startswith("=") else None
            words = tuple(iter_words(entry.removeprefix("=").strip("*")))
            if words:
                out.append(Word(words, key, prefix, entry, case, suffix=suffix))
    return tuple(out)


def build_frame(name: str, model: FrameModel) -> Frame:
    return Frame(
        name=name,
        weight=model.weight,
        window=model.window,
        slot_names=tuple(model.slots),
        slots=tuple(_words(table) for table in model.slots.values()),
        veto=_words(model.veto),
        name_slots=tuple(
            i
            for i, table in enumerate(model.slots.values())
            if "proper_names" in table.get(BUILTIN_KEY, [])
        ),
    )


@dataclass(frozen=True, slots=True)
class FrameHit:
    """Frame `frame` of topic `topic` fired over [start, end); `parts`: (slot, word) found."""

    topic: int
    frame: int
    start: int
    end: int
    parts: tuple[tuple[str, str], ...]


VETO = -1


@dataclass(frozen=True, slots=True, eq=False)  # compared by identity: one object per entry
class _Ref:
    topic: int
    frame: int
    slot: int  # VETO for a veto word
    # A multi-word entry is found by its longest word; the forms the words before and after
    # it must show.
    before: tuple[frozenset[str], ...] = ()
    after: tuple[frozenset[str], ...] = ()
    case: str | None = None


def _forms(word: str, language: str, case: str | None = None) -> frozenset[str]:
    """The folded forms an entry word is found by: itself and its lemma(s)."""
    if case is not None or language not in SHIPPED_LANGUAGES:
        return frozenset({word})
    return frozenset({word, LEMMATIZER.lemma(word, language)})


class FrameMatcher:
    """Every frame of every topic, compiled into per-language lookup tables."""

    def __init__(self, frames_by_topic: Sequence[Sequence[Frame]]) -> None:
        self.frames = [list(frames) for frames in frames_by_topic]
        # (word, topic, frame, slot) for every lexicon entry; compiled per language on first use
        self._entries: list[tuple[Word, int, int, int]] = []
        self._names: list[_Ref] = []  # slots that a proper name may fill
        for t_index, frames in enumerate(frames_by_topic):
            for f_index, frame in enumerate(frames):
                for s_index in frame.name_slots:
                    self._names.append(_Ref(t_index, f_index, s_index))
                for s_index, words in [*enumerate(frame.slots), (VETO, frame.veto)]:
                    self._entries.extend((w, t_index, f_index, s_index) for w in words)
        self.empty = not self._entries
        # language (None = unknown) -> form -> refs; and prefixes by their first 4 letters
        self._exact: dict[str | None, dict[str, list[_Ref]]] = {}
        self._prefix: dict[str | None, dict[str, list[tuple[str, _Ref]]]] = {}
        self._suffix: dict[str | None, dict[str, list[tuple[str, _Ref]]]] = {}  # by last 4
        # The slots of each frame that words must fill (a name slot is looked for later).
        self._needed = {
            (t, f): frozenset(range(len(frame.slots))) - frozenset(frame.name_slots)
            for t, frames in enumerate(self.frames)
            for f, frame in enumerate(frames)
        }
        # Per language: every word looked up so far, and those found in some lexicon.
        self._seen: dict[str | None, set[str]] = {}
        self._resolved: dict[str | None, dict[str, list[_Ref]]] = {}

    def languages(self) -> tuple[str, ...]:
        """The shipped languages the frames have words in (every one when a word is "any")."""
        named = {word.language for word, *_ in self._entries}
        if "any" in named:
            return SHIPPED_LANGUAGES
        return tuple(lang for lang in SHIPPED_LANGUAGES if lang in named)

    def preload(self) -> None:
        """Compile the tables of every language now (see `_compile`), and of "no language"."""
        for language in (*self.languages(), None):
            if language not in self._exact:
                self._compile(language)

    def compiled_languages(self) -> frozenset[str | None]:
        """The languages whose tables are built (None: articles of no known language)."""
        return frozenset(self._exact)

    def _compile(self, language: str | None) -> None:
        """The lookup tables of one language: lemmatising the lexicon loads that language's
        dictionary, which takes seconds for some. `preload` does it for every language at
        start-up; otherwise the first article of a language pays for it."""
        exact: dict[str, list[_Ref]] = defaultdict(list)
        prefix: dict[str, list[tuple[str, _Ref]]] = defaultdict(list)
        suffix: dict[str, list[tuple[str, _Ref]]] = defaultdict(list)
        lemma_language = "none" if language is None else language
        for word, t_index, f_index, s_index in self._entries:
            if language is not None and word.language not in ("any", language):
                continue
            if word.unless_known and LEMMATIZER.known(word.words[0], language):
                continue  # "spa" is a legal form and a Polish word
            # An "any" word is lemmatised in the article's language; with no language, not.
            as_language = word.language if word.language != "any" else lemma_language
            anchor = max(range(len(word.words)), key=lambda i: len(word.words[i]))
            before = tuple(_forms(w, as_language) for w in word.words[:anchor])
            after = tuple(_forms(w, as_language) for w in word.words[anchor + 1 :])
            ref = _Ref(t_index, f_index, s_index, before, after, word.case)
            if word.suffix and len(word.words) == 1:
                suffix[word.words[0][-_MIN_PREFIX:]].append((word.words[0], ref))
                continue
            if word.prefix and len(word.words) == 1:
                prefix[word.words[0][:_MIN_PREFIX]].append((word.words[0], ref))
                continue
            for form in _forms(word.words[anchor], as_language, word.case):
                exact[form].append(ref)
        self._exact[language] = dict(exact)
        self._prefix[language] = dict(prefix)
        self._suffix[language] = dict(suffix)
        self._seen[language] = set()
        self._resolved[language] = {}

    @staticmethod
    def _resolve(
        word: str,
        lang: str | None,
        exact: dict[str, list[_Ref]],
        prefix: dict[str, list[tuple[str, _Ref]]],
        suffix: dict[str, list[tuple[str, _Ref]]],
    ) -> list[_Ref]:
        """Every slot `word` may fill: by its own form, its lemma, a prefix or an ending."""
        refs = list(exact.get(word, ()))
        base = LEMMATIZER.lemma(word, lang)
        if base != word:
            refs += [r for r in exact.get(base, ()) if r not in refs]
        if prefix:
            refs += _prefixed(prefix, word)
        if suffix:
            for form in {word, base}:  # "Chipherstellers": its lemma ends like the entry
                refs += [r for r in _suffixed(suffix, form) if r not in refs]
        return refs

    def search(self, text: str, language: str | None, folded: str | None = None) -> list[FrameHit]:
        """Every frame firing in `text` (cleaned), at most once per frame and sentence.

        `folded`, when given, is `matcher.words_of(text)` (computed once for both matchers)."""
        if self.empty or not text:
            return []
        lang = language if language in SHIPPED_LANGUAGES else None
        if lang not in self._exact:
            self._compile(lang)
        exact, prefix, suffix = self._exact[lang], self._prefix[lang], self._suffix[lang]
        words = _Words(text, folded)
        tokens = words.folded
        # Per text, set operations in C: the words never seen are resolved once (surface form,
        # lemma, prefixes) and remembered; then only the words found in some lexicon are
        # visited in Python.
        seen, resolved = self._seen[lang], self._resolved[lang]
        distinct = set(tokens)
        fresh = distinct - seen
        if fresh:
            if len(seen) > _CACHE_LIMIT:
                seen.clear()
                resolved.clear()
            for word in fresh:
                refs = self._resolve(word, lang, exact, prefix, suffix)
                if refs:
                    resolved[word] = refs
            seen |= fresh
        if resolved.keys().isdisjoint(distinct):
            return []
        # Pass 1, per word found: which frame slots it may fill (no positions yet).
        per_frame: dict[tuple[int, int], list[tuple[int, _Ref]]] = {}
        for k, word in enumerate(tokens):
            found_refs = resolved.get(word)
            if found_refs is not None:
                for ref in found_refs:
                    per_frame.setdefault((ref.topic, ref.frame), []).append((k, ref))
        # Pass 2, only for frames with every slot (but a name) somewhere in the text: group
        # the words by sentence, check spellings and multi-word entries, then combine.
        hits = []
        for (t_index, f_index), found in per_frame.items():
            frame = self.frames[t_index][f_index]
            needed = self._needed[(t_index, f_index)]
            if not needed.issubset([ref.slot for _, ref in found]):
                continue
            by_sentence: dict[int, dict[int, list[tuple[int, int]]]] = {}
            for k, ref in found:
                first, last = k, k
                if ref.before or ref.after:
                    first, last = words.match_around(k, ref.before, ref.after, lang)
                    if first < 0:
                        continue
                if ref.case is not None and words.spelled(first, last) != ref.case:
                    continue
                slots = by_sentence.setdefault(words.sentence(k), {})
                spans = slots.setdefault(ref.slot, [])
                if len(spans) < _PER_SLOT:
                    spans.append((first, last))
            for sentence, slots in by_sentence.items():
                if VETO in slots:
                    continue
                for name_slot in frame.name_slots:
                    if name_slot not in slots and needed <= slots.keys():
                        names = words.names_in(sentence, lang, exact)
                        if names:
                            slots[name_slot] = names[:_PER_SLOT]
                best = _best_combination(slots, len(frame.slots), frame.window)
                if best is None:
                    continue
                first = min(s for s, _ in best)
                last = max(e for _, e in best)
                parts = tuple(
                    (frame.slot_names[n], text[words.start(s) : words.end(e)])
                    for n, (s, e) in enumerate(best)
                )
                hits.append(FrameHit(t_index, f_index, words.start(first), words.end(last), parts))
        hits.sort(key=lambda h: (h.start, h.topic, h.frame))
        return hits


def _suffixed(suffix: dict[str, list[tuple[str, _Ref]]], word: str) -> list[_Ref]:
    """Entries `word` ends with, the word longer than the ending (a compound, not the noun)."""
    if len(word) <= _MIN_PREFIX:
        return []
    return [
        r for s, r in suffix.get(word[-_MIN_PREFIX:], ()) if len(word) > len(s) and word.endswith(s)
    ]


def _prefixed(prefix: dict[str, list[tuple[str, _Ref]]], word: str) -> list[_Ref]:
    if len(word) < _MIN_PREFIX:
        return []
    return [r for p, r in prefix.get(word[:_MIN_PREFIX], ()) if word.startswith(p)]


# Word characters are \w (as the term matcher's); a sentence ends at . ! ? after a word of two
# or more letters ("U.S. sanctions" is one sentence), at ; and at a line break.
_WORD = re.compile(r"\S+")
_ORIGINAL_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{2})[.!?]+(?=\s|$)|;|\n")


class _Words:
    """A text cut into words once (in C); offsets and sentences computed only when asked."""

    def __init__(self, text: str, folded: str | None) -> None:
        self.text = text
        self._folded_text = words_of(text) if folded is None else folded
        self.folded = self._folded_text.split()
        self._starts: list[int] | None = None
        self._breaks: list[int] | None = None

    def start(self, k: int) -> int:
        if self._starts is None:
            self._starts = [m.start() for m in _WORD.finditer(self._folded_text)]
        return self._starts[k]

    def end(self, k: int) -> int:
        return self.start(k) + len(self.folded[k])

    def sentence(self, k: int) -> int:
        if self._breaks is None:
            self._breaks = [m.start() for m in _SENTENCE_END.finditer(self.text)]
        return bisect.bisect_right(self._breaks, self.start(k))

    def spelled(self, first: int, last: int) -> str:
        """Words `first`..`last` as written (case kept), one space between them."""
        return " ".join(_ORIGINAL_WORD.findall(self.text[self.start(first) : self.end(last)]))

    def match_around(
        self,
        k: int,
        before: tuple[frozenset[str], ...],
        after: tuple[frozenset[str], ...],
        lang: str | None,
    ) -> tuple[int, int]:
        """First and last word of a multi-word entry found by its word `k`; (-1, -1) if not."""
        first, last = k - len(before), k + len(after)
        if first < 0 or last >= len(self.folded):
            return -1, -1
        sentence = self.sentence(k)
        for j, forms in zip(range(first, last + 1), (*before, None, *after), strict=True):
            if forms is None:
                continue
            word = self.folded[j]
            if word not in forms and LEMMATIZER.lemma(word, lang) not in forms:
                return -1, -1
        if self.sentence(first) != sentence or self.sentence(last) != sentence:
            return -1, -1
        return first, last

    def names_in(
        self, sentence: int, lang: str | None, exact: dict[str, list[_Ref]]
    ) -> list[tuple[int, int]]:
        """Words of `sentence` that look like names: capitalised, unknown, in no lexicon."""
        if lang is None:
            return []
        out = []
        for k, word in enumerate(self.folded):
            if len(word) <= 2 or word in exact or self.sentence(k) != sentence:
                continue
            if (
                self.text[self.start(k)].isupper()
                and not LEMMATIZER.known(word, lang)
                and LEMMATIZER.lemma(word, lang) not in exact
            ):
                out.append((k, k))
        return out


def _best_combination(
    slots: dict[int, list[tuple[int, int]]], count: int, window: int
) -> tuple[tuple[int, int], ...] | None:
    """One span per slot, no two sharing a word, within `window` words; the tightest."""
    if any(k not in slots for k in range(count)):
        return None
    best: tuple[tuple[int, int], ...] | None = None
    best_width = window + 1
    for combo in itertools.product(*(slots[k] for k in range(count))):
        first = min(s for s, _ in combo)
        width = max(e for _, e in combo) - first
        if width >= best_width:
            continue
        used = sorted(combo)
        if any(used[n][1] >= used[n + 1][0] for n in range(len(used) - 1)):
            continue  # two slots on one word: "Russia" cannot be both imposer and target
        best, best_width = combo, width
    return best
