"""Frames: an event recognised by its parts, close together in one sentence.

A phrase list learns phrasings ("pulls out of Russia", "exits the Russian market"); an event
is better recognised by its parts: an ACTOR (a company, a brand, a foreign firm), an ACTION
(leave, enter, suspend, sell up, be nationalised) and a MARKET (a country, "the market").
A frame names such slots, each with words per language; it fires when every slot is filled
by a different word within `window` words of one sentence, and no `veto` word ("tour",
"troops") is in that sentence. Words are matched as lemmas (simplemma), so one entry covers
every inflected form; an entry ending in `*` matches word beginnings (German compounds).
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

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from streams.classify.lexicon import (
    BUILTINS,
    LEMMATIZER,
    SHIPPED_LANGUAGES,
    Token,
    builtin_words,
    iter_words,
    tokens,
)

BUILTIN_KEY = "builtin"
MAX_SLOTS = 4
_PER_SLOT = 6  # candidate words kept per slot and sentence: bounds the combination search
_LANGUAGE = re.compile(r"^(?:any|[a-z]{2})$")
_MIN_PREFIX = 4


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
            if not any(c.isalnum() for c in core) or "*" in core:
                raise ValueError(f"word {word!r}: letters needed; '*' only at the very end")
            if word.endswith("*") and (" " in word or len(core) < _MIN_PREFIX):
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
                    out.append(Word(tuple(entry.split()), "any", False, entry))
            continue
        for entry in entries:
            prefix = entry.endswith("*")
            words = tuple(iter_words(entry.removesuffix("*")))
            if words:
                out.append(Word(words, key, prefix, entry))
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


@dataclass(frozen=True, slots=True)
class _Ref:
    topic: int
    frame: int
    slot: int  # VETO for a veto word
    rest: tuple[frozenset[str], ...]  # forms the following words must show (multi-word)


def _forms(word: str, language: str) -> frozenset[str]:
    """The folded forms an entry word is found by: itself and its lemma(s)."""
    languages: Sequence[str] = SHIPPED_LANGUAGES if language == "any" else (language,)
    return frozenset({word, *(LEMMATIZER.lemma(word, lang) for lang in languages)})


class FrameMatcher:
    """Every frame of every topic, compiled into per-language lookup tables."""

    def __init__(self, frames_by_topic: Sequence[Sequence[Frame]]) -> None:
        self.frames = [list(frames) for frames in frames_by_topic]
        # language (None = unknown: every language) -> form -> refs; and prefixes by 4 letters
        self._exact: dict[str | None, dict[str, list[_Ref]]] = {}
        self._prefix: dict[str | None, dict[str, list[tuple[str, _Ref]]]] = {}
        entries: list[tuple[Word, _Ref]] = []
        self._names: list[_Ref] = []  # slots that a proper name may fill
        for t_index, frames in enumerate(frames_by_topic):
            for f_index, frame in enumerate(frames):
                for s_index in frame.name_slots:
                    self._names.append(_Ref(t_index, f_index, s_index, ()))
                groups = [*enumerate(frame.slots), (VETO, frame.veto)]
                for s_index, words in groups:
                    for word in words:
                        rest = tuple(_forms(w, word.language) for w in word.words[1:])
                        entries.append((word, _Ref(t_index, f_index, s_index, rest)))
        self.empty = not entries
        for language in (*SHIPPED_LANGUAGES, None):
            exact: dict[str, list[_Ref]] = defaultdict(list)
            prefix: dict[str, list[tuple[str, _Ref]]] = defaultdict(list)
            for word, ref in entries:
                if language is not None and word.language not in ("any", language):
                    continue
                first = word.words[0]
                if word.prefix and len(word.words) == 1:
                    prefix[first[:_MIN_PREFIX]].append((first, ref))
                    continue
                for form in _forms(first, word.language):
                    if ref not in exact[form]:
                        exact[form].append(ref)
            self._exact[language] = dict(exact)
            self._prefix[language] = dict(prefix)

    def search(self, text: str, language: str | None) -> list[FrameHit]:
        """Every frame firing in `text` (cleaned), at most once per frame and sentence."""
        if self.empty or not text:
            return []
        lang = language if language in SHIPPED_LANGUAGES else None
        exact, prefix = self._exact[lang], self._prefix[lang]
        toks = tokens(text)
        lemmas = [LEMMATIZER.lemma(t.folded, lang) for t in toks]
        # (topic, frame, sentence) -> slot -> [(first token, last token)]; vetoes separately
        found: dict[tuple[int, int, int], dict[int, list[tuple[int, int]]]] = {}
        for i, tok in enumerate(toks):
            refs = _lookup(exact, prefix, tok.folded, lemmas[i])
            if not refs and self._names and _is_name(tok, lang):
                refs = self._names
            for ref in refs:
                last = i
                if ref.rest:
                    last = _match_rest(toks, lemmas, i, ref.rest)
                    if last < 0:
                        continue
                key = (ref.topic, ref.frame, tok.sentence)
                slots = found.setdefault(key, {})
                spans = slots.setdefault(ref.slot, [])
                if len(spans) < _PER_SLOT:
                    spans.append((i, last))
        hits = []
        for (t_index, f_index, _), slots in found.items():
            frame = self.frames[t_index][f_index]
            if VETO in slots:
                continue
            best = _best_combination(slots, len(frame.slots), frame.window)
            if best is None:
                continue
            first = min(s for s, _ in best)
            last = max(e for _, e in best)
            parts = tuple(
                (frame.slot_names[k], text[toks[s].start : toks[e].end])
                for k, (s, e) in enumerate(best)
            )
            hits.append(FrameHit(t_index, f_index, toks[first].start, toks[last].end, parts))
        hits.sort(key=lambda h: (h.start, h.topic, h.frame))
        return hits


def _is_name(tok: Token, language: str | None) -> bool:
    """A capitalised word unknown to the dictionary of a known language: likely a name."""
    return (
        language is not None
        and tok.text[:1].isupper()
        and len(tok.folded) > 2
        and not LEMMATIZER.known(tok.folded, language)
    )


def _lookup(
    exact: dict[str, list[_Ref]],
    prefix: dict[str, list[tuple[str, _Ref]]],
    folded: str,
    lemma: str,
) -> Iterable[_Ref]:
    refs = exact.get(folded, ())
    if lemma != folded:
        more = exact.get(lemma)
        if more:
            refs = [*refs, *(r for r in more if r not in refs)]
    if prefix and len(folded) >= _MIN_PREFIX:
        candidates = prefix.get(folded[:_MIN_PREFIX])
        if candidates:
            refs = [*refs, *(r for p, r in candidates if folded.startswith(p))]
    return refs


def _match_rest(
    toks: list[Token], lemmas: list[str], i: int, rest: tuple[frozenset[str], ...]
) -> int:
    """The index of the last token of a multi-word entry starting at `i`, or -1."""
    sentence = toks[i].sentence
    for k, forms in enumerate(rest, start=1):
        j = i + k
        if j >= len(toks) or toks[j].sentence != sentence:
            return -1
        if toks[j].folded not in forms and lemmas[j] not in forms:
            return -1
    return i + len(rest)


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
