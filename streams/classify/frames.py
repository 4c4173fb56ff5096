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
(a brand: "Netflix pauses projects in Russia"), or one it knows that names a large listed firm
(`firms.py`: "Apple", "Toyota"), when no other lexicon word matched it;
`builtin: [nationalities]` lets the adjective of any nation fill one ("Colombian", "kanadyjski"),
by `lexicon.is_nationality`, beside the nationalities a slot lists by hand; `builtin: [cities]`
a city of 200,000 people or more written with a capital ("pod Wrocławiem"), whose country
`apart` then compares ("polski"/"Wrocławiem" is one nation), and `builtin: [regions]` a
country's region so written ("in Sachsen", "на Львівщині"). A slot of `builtin: [countries]`
also takes a German compound of a country and a presence there ("Türkeigeschäft").
`apart: [origin, market]` names two slots whose words must not name one nation: a nationality
and a country beginning alike ("Chinese"/"China", "российская"/"Россия", "niemiecki"/"Niemcy")
make the firing domestic, and it is not counted. `close: [market_word, market]` keeps two
slots' words at most two words apart (a nation qualifying "market"); `not_next_to: [market,
actor]` keeps a market from standing right beside the actor, where a nation says where the
firm is from ("Polska firma", "une entreprise française"), and a firing whose actor has such
an origin of the market's nation is domestic.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, partial
from operator import itemgetter
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from streams.classify.firms import firm_homes, is_firm_name
from streams.classify.lexicon import (
    BUILTINS,
    LEMMATIZER,
    SHIPPED_LANGUAGES,
    adjective_nation_stems,
    builtin_words,
    city_nation_stems,
    country_nation_stems,
    firm_nation_stems,
    is_city,
    is_country_compound,
    is_nation_adjective,
    is_nationality,
    is_region,
    iter_words,
    names_that_are_words,
    press_name_stems,
    region_nation_stems,
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
    apart: tuple[str, str] | None = Field(
        default=None,
        description="two slots that must name different nations (an origin and a market)",
    )
    close: tuple[str, str] | None = Field(
        default=None,
        description="two slots whose words stand at most two words apart (a market's nation)",
    )
    not_next_to: tuple[str, str] | None = Field(
        default=None,
        description="a slot whose word may not stand right beside another's (a market the "
        "actor's origin)",
    )
    owned: dict[str, list[str]] = Field(
        default_factory=dict,
        description="language -> slot words that do not count where an `owner` word governs "
        'them ("Ukraine\'s allies", "союзники Киева" are a nation\'s allies, not NATO)',
    )
    owner: dict[str, list[str]] = Field(
        default_factory=dict, description="language -> words that own an `owned` word"
    )
    lead_veto: dict[str, list[str]] = Field(
        default_factory=dict,
        description="language -> words that keep out a firing in the title when they open the "
        "body's lead, which names the title's subject by its kind (\"Mbappé revient en France\" "
        'over "L\'attaquant du Real ...": a person, not a brand)',
    )
    lead_unless: dict[str, list[str]] = Field(
        default_factory=dict,
        description="language -> words that, anywhere in the lead's first sentence, undo "
        '`lead_veto`: the lead names a firm too ("The star brand of ...")',
    )
    home_veto: dict[str, list[str]] = Field(
        default_factory=dict,
        description="language -> veto words naming the article's own country, most often a "
        "brand's home too (a city or region of that country as the `apart` market vetoes "
        "as well); "
        "waived when the first `apart` slot holds a large listed firm, whose home is known "
        'and kept apart from the market ("Toyota construit une usine en France"), and when '
        "the market is another country, so that the own country names the firm's home (\"KNDS "
        'France crée une filiale en Ukraine")',
    )
    home_drops: bool = Field(
        default=False,
        description="with home_veto: a firing at home is dropped, not kept out by a veto "
        "word (a hard negative): a firm named by its trade alone at home may be a foreign "
        "one as often as one of the article's own country",
    )

    @field_validator("slots")
    @classmethod
    def _valid_slots(cls, value: dict[str, dict[str, list[str]]]) -> Any:
        for table in value.values():
            _check_table(table, builtins=True)
        return value

    @field_validator("veto", "lead_veto", "lead_unless", "home_veto", mode="before")
    @classmethod
    def _joined_veto(cls, value: Any) -> Any:
        """A list of tables is their union, per language: YAML anchors of shared word lists
        (`veto: [*not_a_market, *product_kinds]`) cannot otherwise be combined."""
        if not isinstance(value, list):
            return value
        joined: dict[str, list[str]] = {}
        for table in value:
            if not isinstance(table, dict):
                raise ValueError("veto: a table of language -> words, or a list of such tables")
            for language, words in table.items():
                if not isinstance(words, list):
                    raise ValueError(f"veto: {language}: a list of words")
                joined.setdefault(language, []).extend(words)
        return joined

    @field_validator("veto", "owned", "owner", "lead_veto", "lead_unless", "home_veto")
    @classmethod
    def _valid_veto(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return _check_table(value, builtins=True)

    @model_validator(mode="after")
    def _pairs_name_slots(self) -> FrameModel:
        for field in ("apart", "close", "not_next_to"):
            pair = getattr(self, field)
            if pair is None:
                continue
            if any(name not in self.slots for name in pair) or pair[0] == pair[1]:
                raise ValueError(f"{field}: two different slots of this frame, not {pair}")
        if bool(self.owned) != bool(self.owner):
            raise ValueError("owned and owner: both or neither")
        if self.lead_unless and not self.lead_veto:
            raise ValueError("lead_unless: only with lead_veto")
        if self.home_veto and self.apart is None:
            raise ValueError("home_veto: only with apart, whose first slot names the firm")
        if self.home_drops and not self.home_veto:
            raise ValueError("home_drops: only with home_veto")
        return self


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
    # A country's name, found as written (its case forms are listed): its lemma is often a
    # common word ("Mali": Polish "mały", small), which would make every form of it a country.
    as_written: bool = False


@dataclass(frozen=True, slots=True)
class Frame:
    name: str
    weight: float
    window: int
    slot_names: tuple[str, ...]
    slots: tuple[tuple[Word, ...], ...]
    veto: tuple[Word, ...]
    name_slots: tuple[int, ...] = ()  # slots a proper name may fill
    nation_slots: tuple[int, ...] = ()  # slots a nation's adjective may fill (`is_nationality`)
    city_slots: tuple[int, ...] = ()  # slots a city may fill (`is_city`)
    region_slots: tuple[int, ...] = ()  # slots a region may fill (`is_region`)
    country_slots: tuple[int, ...] = ()  # slots a country may fill (`is_country_compound` too)
    apart: tuple[int, int] | None = None  # slots whose words must name different nations
    close: tuple[int, int] | None = None  # slots whose words stand at most _CLOSE words apart
    not_next_to: tuple[int, int] | None = None  # slots whose words may not stand side by side
    owned: tuple[Word, ...] = ()  # slot words that an `owner` word beside them takes out
    owner: tuple[Word, ...] = ()
    lead_veto: tuple[Word, ...] = ()  # words opening the lead that keep out a title firing
    lead_unless: tuple[Word, ...] = ()  # words in the lead's first sentence that undo it
    home_veto: tuple[Word, ...] = ()  # veto words unless a listed firm fills `apart`'s first
    home_drops: bool = False  # a firing at home is dropped rather than kept out

    @property
    def market_slot(self) -> int:
        """The slot named `MARKET_SLOT`, or -1."""
        return self.slot_names.index(MARKET_SLOT) if MARKET_SLOT in self.slot_names else -1


def _words(table: dict[str, list[str]]) -> tuple[Word, ...]:
    out: list[Word] = []
    for key, entries in table.items():
        if key == BUILTIN_KEY:
            for name in entries:
                out.extend(_builtin_entries(name))
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


@cache
def _builtin_entries(name: str) -> tuple[Word, ...]:
    """The entries of built-in list `name`, made once: many frames' slots name the same list
    (thousands of country names), and a Word is immutable."""
    legal, named = name == "legal_forms", name == "countries"
    found = ((entry, tuple(iter_words(entry))) for entry in builtin_words(name, "any"))
    return tuple(Word(words, "any", False, entry, unless_known=legal, as_written=named)
                 for entry, words in found if words)  # fmt: skip


def build_frame(name: str, model: FrameModel) -> Frame:
    # The owner words are found as a slot's are, by the pseudo-slot OWNER.
    tables = [*enumerate(model.slots.values()), (OWNER, model.owner)]
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
        nation_slots=tuple(
            i for i, table in tables if "nationalities" in table.get(BUILTIN_KEY, [])
        ),
        city_slots=tuple(i for i, table in tables if "cities" in table.get(BUILTIN_KEY, [])),
        region_slots=tuple(i for i, table in tables if "regions" in table.get(BUILTIN_KEY, [])),
        country_slots=tuple(
            i
            for i, table in enumerate(model.slots.values())
            if "countries" in table.get(BUILTIN_KEY, [])
        ),
        apart=_slot_pair(model, model.apart),
        close=_slot_pair(model, model.close),
        not_next_to=_slot_pair(model, model.not_next_to),
        owned=_words(model.owned),
        owner=_words(model.owner),
        lead_veto=_words(model.lead_veto),
        lead_unless=_words(model.lead_unless),
        home_veto=_words(model.home_veto),
        home_drops=model.home_drops,
    )


def _slot_pair(model: FrameModel, pair: tuple[str, str] | None) -> tuple[int, int] | None:
    if pair is None:
        return None
    names = list(model.slots)
    return names.index(pair[0]), names.index(pair[1])


@dataclass(frozen=True, slots=True)
class FrameHit:
    """Frame `frame` of topic `topic` fired over [start, end); `parts`: (slot, word) found."""

    topic: int
    frame: int
    start: int
    end: int
    parts: tuple[tuple[str, str], ...]
    # Every slot filled, but the `apart` slots name one nation: not counted, only explained.
    domestic: bool = False
    # Every slot filled, but this veto word is in the sentence: not counted, only explained.
    veto: str = ""
    veto_in_lead: bool = False  # the veto word opens the body's lead (`lead_veto`)

    @property
    def counted(self) -> bool:
        return not (self.domestic or self.veto)


VETO = -1
OWNER = -2
OWNED = -3
LEAD_VETO = -4
LEAD_UNLESS = -5
HOME_VETO = -6
_LEAD_WORDS = 5  # the lead's opening words that may name the title's subject by its kind
# Words that may link an owner to the word it owns: "allies of Ukraine", "Ukraine's allies",
# "Verbündete der Ukraine", "alliés de l'Ukraine" (Slavic genitives need none).
_OWNER_LINKS = frozenset(["of", "the", "s", "der", "des", "von", "de", "du", "d", "l", "la"])
_OWNER_REACH = 3  # the owner stands at most this many words from the owned word
MARKET_SLOT = "market"  # the slot of a frame that names the market a firm moves on


@dataclass(slots=True, eq=False)  # compared by identity; not frozen: a frozen init costs 3x
class _Ref:
    topic: int
    frame: int
    slot: int  # VETO, OWNER, OWNED, LEAD_VETO, LEAD_UNLESS, HOME_VETO for those words
    # A multi-word entry is found by its longest word; the forms the words before and after
    # it must show.
    before: tuple[frozenset[str], ...] = ()
    after: tuple[frozenset[str], ...] = ()
    case: str | None = None
    # a city, or a country's name that is also a word ("mali"): only written with a capital
    capital: bool = False


# A multi-word entry's shape in one language: its anchor's forms, the forms of the words
# before it and of those after it.
_Shape = tuple[frozenset[str], tuple[frozenset[str], ...], tuple[frozenset[str], ...]]
_T = TypeVar("_T")


def _in_entry_order(table: dict[str, list[tuple[int, _T]]]) -> dict[str, list[_T]]:
    """Each list sorted by entry index (unique, so the refs themselves are never compared)."""
    first = itemgetter(0)
    return {key: [item for _, item in sorted(pairs, key=first)] for key, pairs in table.items()}


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
        self._nations: list[_Ref] = []  # slots that a nation's adjective may fill
        self._cities: list[_Ref] = []  # slots that a city may fill (written with a capital)
        self._regions: list[_Ref] = []  # slots that a region may fill (written so too)
        self._countries: list[_Ref] = []  # slots that a country may fill
        for t_index, frames in enumerate(frames_by_topic):
            for f_index, frame in enumerate(frames):
                for s_index in frame.name_slots:
                    self._names.append(_Ref(t_index, f_index, s_index))
                for s_index in frame.nation_slots:
                    self._nations.append(_Ref(t_index, f_index, s_index))
                for s_index in frame.city_slots:
                    self._cities.append(_Ref(t_index, f_index, s_index, capital=True))
                for s_index in frame.region_slots:
                    self._regions.append(_Ref(t_index, f_index, s_index, capital=True))
                for s_index in frame.country_slots:
                    self._countries.append(_Ref(t_index, f_index, s_index))
                slot_words = [
                    *enumerate(frame.slots),
                    (VETO, frame.veto),
                    (OWNER, frame.owner),
                    (OWNED, frame.owned),
                    (LEAD_VETO, frame.lead_veto),
                    (LEAD_UNLESS, frame.lead_unless),
                    (HOME_VETO, frame.home_veto),
                ]
                for s_index, words in slot_words:
                    self._entries.extend((w, t_index, f_index, s_index) for w in words)
        self.empty = not self._entries
        # Each lexicon Word with its entries (index, topic, frame, slot), in the order of its
        # first entry: a built-in list's Word is shared by dozens of frames' slots (some
        # 160,000 entries, 30,000 Words), and what a Word compiles to is worked out once.
        by_word: dict[int, tuple[Word, list[tuple[int, int, int, int]]]] = {}
        for index, (word, t_index, f_index, s_index) in enumerate(self._entries):
            by_word.setdefault(id(word), (word, []))[1].append((index, t_index, f_index, s_index))
        self._by_word = list(by_word.values())
        # One ref object per one-word entry, and per multi-word entry and shape (the forms
        # of its words), shared by every language's table that has it: refs are compared by
        # identity, and hundreds of thousands are made once rather than per language.
        self._one_word_refs: dict[int, list[tuple[int, _Ref]]] = {}  # by id(Word)
        self._shaped_refs: dict[tuple[int, _Shape], list[tuple[int, _Ref]]] = {}
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
        self._word_slots: dict[str | None, dict[str, dict[tuple[int, int], frozenset[int]]]] = {}
        self._pairs: dict[str | None, dict[str, frozenset[tuple[int, int, int]]]] = {}
        self._word_refs: dict[str | None, dict[str, dict[tuple[int, int], list[_Ref]]]] = {}
        self._fewest_needed = min((len(n) for n in self._needed.values()), default=1)
        self._needed_pairs = {
            key: frozenset((key[0], key[1], slot) for slot in slots)
            for key, slots in self._needed.items()
        }

    def languages(self) -> tuple[str, ...]:
        """The shipped languages the frames have words in (every one when a word is "any")."""
        named = {word.language for word, *_ in self._entries}
        if "any" in named:
            return SHIPPED_LANGUAGES
        return tuple(lang for lang in SHIPPED_LANGUAGES if lang in named)

    def preload(self) -> None:
        """Compile the tables of every language now (see `_compile`), and of "no language",
        and read the cities and regions where a frame names them."""
        for language in (*self.languages(), None):
            if language not in self._exact:
                self._compile(language)
        if self._cities:
            is_city("")  # the city table: read once per process, built once per machine
        if self._regions:
            is_region("")

    def compiled_languages(self) -> frozenset[str | None]:
        """The languages whose tables are built (None: articles of no known language)."""
        return frozenset(self._exact)

    def _compile(self, language: str | None) -> None:
        """The lookup tables of one language: lemmatising the lexicon loads that language's
        dictionary, which takes seconds for some. `preload` does it for every language at
        start-up; otherwise the first article of a language pays for it."""
        lemma_language = "none" if language is None else language
        # An entry word's forms, memoised: the built-in lists repeat words across entries.
        forms_of: dict[tuple[str, str], frozenset[str]] = {}

        def forms(w: str, as_language: str) -> frozenset[str]:
            found = forms_of.get((w, as_language))
            if found is None:
                found = forms_of[(w, as_language)] = _forms(w, as_language)
            return found

        words_too = names_that_are_words(language)
        # Each table's lists hold (entry index, ref) while they are filled, Word by Word, and
        # are put in entry order at the end: the order a word's refs are tried in decides
        # which spans a slot keeps (`_PER_SLOT`), so it is the lexicon's, as it always was.
        exact: dict[str, list[tuple[int, _Ref]]] = defaultdict(list)
        prefix: dict[str, list[tuple[int, tuple[str, _Ref]]]] = defaultdict(list)
        suffix: dict[str, list[tuple[int, tuple[str, _Ref]]]] = defaultdict(list)
        for word, members in self._by_word:
            if language is not None and word.language not in ("any", language):
                continue
            if word.unless_known and LEMMATIZER.known(word.words[0], language):
                continue  # "spa" is a legal form and a Polish word
            # An "any" word is lemmatised in the article's language; with no language, not.
            as_language = word.language if word.language != "any" else lemma_language
            first = word.words[0]
            if len(word.words) == 1:
                refs = self._one_word_refs.get(id(word))
                if refs is None:
                    refs = self._one_word_refs[id(word)] = [
                        (index, _Ref(t_index, f_index, s_index, case=word.case))
                        for index, t_index, f_index, s_index in members
                    ]
                if word.suffix:
                    suffix[first[-_MIN_PREFIX:]].extend((i, (first, r)) for i, r in refs)
                elif word.prefix:
                    prefix[first[:_MIN_PREFIX]].extend((i, (first, r)) for i, r in refs)
                elif word.case is not None:
                    exact[first].extend(refs)
                elif word.as_written:
                    # a name that is a common word too (Polish "mali", small) needs its capital
                    if first in words_too:
                        refs = [(index, _Ref(t_index, f_index, s_index, capital=True))
                                for index, t_index, f_index, s_index in members]  # fmt: skip
                    exact[first].extend(refs)
                else:
                    for form in forms(first, as_language):
                        exact[form].extend(refs)
                continue
            # A multi-word entry is found by its longest word, with the forms of the others.
            anchor = max(range(len(word.words)), key=lambda i: len(word.words[i]))
            anchor_forms = _forms(word.words[anchor], as_language, word.case)
            before = tuple([forms(w, as_language) for w in word.words[:anchor]])
            after = tuple([forms(w, as_language) for w in word.words[anchor + 1 :]])
            shape: _Shape = (anchor_forms, before, after)
            refs = self._shaped_refs.get((id(word), shape))
            if refs is None:
                refs = self._shaped_refs[(id(word), shape)] = [
                    (index, _Ref(t_index, f_index, s_index, before, after, word.case))
                    for index, t_index, f_index, s_index in members
                ]
            for form in anchor_forms:
                exact[form].extend(refs)
        self._exact[language] = _in_entry_order(exact)
        self._prefix[language] = _in_entry_order(prefix)
        self._suffix[language] = _in_entry_order(suffix)
        if len(self._exact) == len(SHIPPED_LANGUAGES) + 1:
            # Every table there can be is built (each language's and no language's): what
            # built them would only hold some 17 MB of the process.
            self._by_word, self._one_word_refs, self._shaped_refs = [], {}, {}
        self._seen[language] = set()
        self._resolved[language] = {}
        self._word_slots[language] = {}
        self._pairs[language] = {}
        self._word_refs[language] = {}

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

    @staticmethod
    def _is_nationality(word: str, lang: str | None) -> bool:
        lemma = LEMMATIZER.lemma(word, lang)
        return any(
            is_nationality(form, lang) or is_nation_adjective(form, lang) for form in (word, lemma)
        )

    def _slots_of(self, lang: str | None, word: str) -> dict[tuple[int, int], frozenset[int]]:
        """(topic, frame) -> the slots a found `word` may fill (veto included), remembered."""
        table = self._word_slots.setdefault(lang, {})
        found = table.get(word)
        if found is None:
            grouped: dict[tuple[int, int], set[int]] = {}
            refs: dict[tuple[int, int], list[_Ref]] = {}
            for ref in self._resolved[lang][word]:
                grouped.setdefault((ref.topic, ref.frame), set()).add(ref.slot)
                refs.setdefault((ref.topic, ref.frame), []).append(ref)
            found = table[word] = {key: frozenset(slots) for key, slots in grouped.items()}
            self._word_refs.setdefault(lang, {})[word] = refs
        return found

    def _pairs_of(
        self, lang: str | None, pairs: dict[str, frozenset[tuple[int, int, int]]], word: str
    ) -> frozenset[tuple[int, int, int]]:
        """(topic, frame, slot) for every slot a found `word` may fill, remembered."""
        found = pairs.get(word)
        if found is None:
            found = pairs[word] = frozenset(
                (key[0], key[1], slot)
                for key, slots in self._slots_of(lang, word).items()
                for slot in slots
            )
        return found

    def _fire(
        self,
        key: tuple[int, int],
        sentence: int,
        positions: list[int],
        words: _Words,
        lang: str | None,
        exact: dict[str, list[_Ref]],
        text: str,
        not_markets: frozenset[str] = frozenset(),
        lead_origins: Callable[[], frozenset[str]] | None = None,
    ) -> FrameHit | None:
        """Frame `key` in one sentence whose words fill its needed slots: the tightest
        combination of one word per slot, marked with the sentence's veto word if there is
        one, or as domestic when only combinations whose `apart` slots name one nation are
        there. `not_markets`: words that may not fill its market slot. `lead_origins`: for a
        title, the nations its lead names beside a firm word (`_lead_origins`), which say that
        a brand of unknown home is no brand of the article's own country."""
        t_index, f_index = key
        frame = self.frames[t_index][f_index]
        slots: dict[int, list[tuple[int, int]]] = {}
        refs_of = self._word_refs[lang]
        market = frame.market_slot if not_markets else -1
        for k in positions:
            for ref in refs_of[words.folded[k]].get(key, ()):
                if ref.slot == market and words.folded[k] in not_markets:
                    continue
                first, last = words.match_around(k, ref.before, ref.after, lang)
                if first < 0:
                    continue
                if ref.case is not None and words.spelled(first, last) != ref.case:
                    continue
                if ref.capital and not words.text[words.start(first)].isupper():
                    continue  # "basic" is no city; "Basic" may be
                spans = slots.setdefault(ref.slot, [])
                if len(spans) < _PER_SLOT:
                    spans.append((first, last))
        vetoes = slots.pop(VETO, None)
        home_vetoes = slots.pop(HOME_VETO, None)
        slots.pop(LEAD_VETO, None)  # read in the lead only (`_lead_vetoes`)
        slots.pop(LEAD_UNLESS, None)
        # owned word -> the word that owns it ("allies" -> "Ukraine")
        owners, ownable = slots.pop(OWNER, None), slots.pop(OWNED, None)
        taken = {}
        if owners and ownable:
            taken = {
                span: owner
                for span in ownable
                if (owner := _owner_of(span, owners, words, sentence)) is not None
            }
        needed = self._needed[key]
        for name_slot in frame.name_slots:
            if name_slot not in slots and needed <= slots.keys():
                names = words.names_in(sentence, lang, exact)
                if names:
                    slots[name_slot] = names[:_PER_SLOT]
        same = (
            _same_nation(
                words,
                frame.apart,
                lang,
                slots.get(frame.apart[1])
                if (frame.slot_names[frame.apart[0]], frame.slot_names[frame.apart[1]])
                == ("state", "origin")
                else None,
            )
            if frame.apart is not None
            else _origin_beside(words, frame.not_next_to, lang, words.sentence_words(sentence))
            if frame.not_next_to is not None
            else None
        )
        best, one_nation = _combine(slots, frame, same)
        if best is None:
            return None
        if vetoes is not None:
            # A word inside a longer entry of a slot vetoes nothing: "Кабінет міністрів" (the
            # cabinet of ministers) is a state that acts, not a minister whose assets are seized.
            filled = [span for spans in slots.values() for span in spans if span[0] < span[1]]
            vetoes = [v for v in vetoes if not any(a <= v[0] and v[1] <= b for a, b in filled)]
            vetoes = vetoes or None
        owned_by = next((taken[span] for span in best if span in taken), None)
        if owned_by is not None:
            # another combination without owned words fires; if none, the owner keeps the
            # frame out as a veto word would
            free = {n: [s for s in spans if s not in taken] for n, spans in slots.items()}
            other, other_one_nation = _combine({n: s for n, s in free.items() if s}, frame, same)
            if other is not None:
                best, one_nation, owned_by = other, other_one_nation, None
        if frame.home_veto and (vetoes is None or frame.home_drops):
            assert frame.apart is not None  # home_veto needs it (FrameModel)
            firm, place = best[frame.apart[0]], best[frame.apart[1]]
            if not any(firm_homes(w) for w in words.folded[firm[0] : firm[1] + 1]) and not (
                lead_origins is not None and _abroad(frame, lang, lead_origins())
            ):
                place_word = words.folded[place[0]]
                at_home = _home_place(frame, lang, place_word, place)
                # The own country beside another country as the market names the firm's home,
                # not the market: "KNDS France crée une filiale en Ukraine".
                if at_home is None and not _another_nation(frame, lang, place_word):
                    at_home = home_vetoes
                if at_home is not None and frame.home_drops:
                    return None  # whether or not a veto word keeps it out too
                vetoes = vetoes or at_home
        first = min(s for s, _ in best)
        last = max(e for _, e in best)
        # The firing's sentence is known: its words' offsets are read without a search.
        start, end = words.offsets_in(sentence)
        parts = tuple(
            (frame.slot_names[n], text[start(s) : end(e)]) for n, (s, e) in enumerate(best)
        )
        stop = vetoes[0] if vetoes is not None else owned_by
        veto = "" if stop is None else text[start(stop[0]) : end(stop[1])]
        return FrameHit(t_index, f_index, start(first), end(last), parts, one_nation, veto)

    def search(
        self,
        text: str,
        language: str | None,
        folded: str | None = None,
        *,
        limit: int | None = None,
        kept_out: bool = False,
        lead: str = "",
    ) -> list[FrameHit]:
        """Every frame firing in `text` (cleaned), at most once per frame and sentence.

        `folded`, when given, is `matcher.words_of(text)` (computed once for both matchers).
        `limit`: at most this many firings per frame, the first ones (a scorer that counts no
        more than that need not look further). `kept_out`: also the firings kept out by a
        veto word (marked with it in `veto`) or by a frame's `apart` slots (marked
        `domestic`), which are not `counted` (for explanations, and for the hard negatives
        the second opinion gives way to). `lead`: for a title, the opening of its body, whose
        first words may keep out a frame's firings (`lead_veto`)."""
        if self.empty or not text:
            return []
        lang = language if language in SHIPPED_LANGUAGES else None
        if lang not in self._exact:
            self._compile(lang)
        exact, prefix, suffix = self._exact[lang], self._prefix[lang], self._suffix[lang]
        words = _Words(text, folded)
        if lang == "de":
            # Not by a word ending: "zurück" + "Möbelkonzern" ends like "*konzern" but is no verb.
            words.join_particles(
                _DE_PARTICLES, lambda verb: bool(self._resolve(verb, lang, exact, prefix, {}))
            )
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
                self._word_slots.pop(lang, None)
                self._pairs.pop(lang, None)
                self._word_refs.pop(lang, None)
            for word in fresh:
                refs = self._resolve(word, lang, exact, prefix, suffix)
                if self._nations and self._is_nationality(word, lang):
                    refs += [r for r in self._nations if r not in refs]
                if self._cities and (is_city(word) or is_city(LEMMATIZER.lemma(word, lang))):
                    refs += self._cities
                elif self._regions and (is_region(word) or is_region(LEMMATIZER.lemma(word, lang))):
                    refs += self._regions
                if self._countries and is_country_compound(word, lang):
                    refs += [r for r in self._countries if r not in refs]
                if refs:
                    resolved[word] = refs
            seen |= fresh
        found_words = resolved.keys() & distinct
        if not found_words:
            return []
        # Pass 0, on the distinct words found (a few dozen): the frames with every slot (but a
        # name) somewhere in the text. Most texts have none, and then no word is visited.
        pairs, needed_pairs = self._pairs.setdefault(lang, {}), self._needed_pairs
        pairs_here = {w: pairs.get(w) or self._pairs_of(lang, pairs, w) for w in found_words}
        everywhere = frozenset().union(*pairs_here.values())
        viable = {key for key, needed in needed_pairs.items() if needed <= everywhere}
        if not viable:
            return []
        slots_of = self._word_slots[lang]  # filled for every found word by `_pairs_of`
        wanted = {w for w in found_words if not viable.isdisjoint(slots_of[w])}
        # Pass 1, the positions of those words, by sentence.
        in_sentence = words.positions_by_sentence(wanted)
        # Pass 2, per sentence: the frames whose needed slots its distinct words fill (set
        # operations on (frame, slot) pairs); only for those are spellings and multi-word
        # entries checked and slots combined.
        hits = []
        fired: dict[tuple[int, int], int] = defaultdict(int)
        lead_vetoes: dict[tuple[int, int], str] | None = None  # read on first need
        origins = (
            cache(partial(self._lead_origins, lead, lang, exact, prefix, suffix)) if lead else None
        )
        for sentence, positions in in_sentence.items():
            if len(positions) < self._fewest_needed:
                continue  # too few words to fill any frame's slots
            here = frozenset().union(*[pairs_here[tokens[k]] for k in positions])
            in_sentence_hits = []
            for key in viable:
                if needed_pairs[key] <= here and (limit is None or fired[key] < limit):
                    hit = self._fire(key, sentence, positions, words, lang, exact, text,
                                     lead_origins=origins)  # fmt: skip
                    if hit is not None:
                        in_sentence_hits.append(hit)
            if any(hit.domestic for hit in in_sentence_hits):  # rare: no refire made else
                refire = partial(self._fire, sentence=sentence, positions=positions,
                                 words=words, lang=lang, exact=exact, text=text,
                                 lead_origins=origins)  # fmt: skip
                found_here = [tokens[k] for k in positions]
                in_sentence_hits = self._at_home(in_sentence_hits, refire, found_here, lang)
            for hit in in_sentence_hits:
                if lead and hit.counted and self.frames[hit.topic][hit.frame].lead_veto:
                    if lead_vetoes is None:
                        lead_vetoes = self._lead_vetoes(lead, lang, exact, prefix, suffix)
                    if (key := (hit.topic, hit.frame)) in lead_vetoes:
                        hit = replace(hit, veto=lead_vetoes[key], veto_in_lead=True)
                fired[hit.topic, hit.frame] += hit.counted
                if kept_out or hit.counted:
                    hits.append(hit)
        hits.sort(key=lambda h: (h.start, h.topic, h.frame))
        return hits

    def _lead_origins(
        self,
        lead: str,
        lang: str | None,
        exact: dict[str, list[_Ref]],
        prefix: dict[str, list[tuple[str, _Ref]]],
        suffix: dict[str, list[tuple[str, _Ref]]],
    ) -> frozenset[str]:
        """The nation stems of the nationalities that stand right beside a firm word (a
        `lead_unless` word) in the lead's first sentence: "Der taiwanische Halbleiterriese",
        "Koreański koncern", "Le fabricant taïwanais", the way a lead names the headline's
        brand."""
        words = _Words(lead, None)
        if not words.folded:
            return frozenset()
        here = words.sentence_words(0)
        stems = _nation_stems_of(lang)
        found: set[str] = set()
        for k in here:
            refs = self._resolve(words.folded[k], lang, exact, prefix, suffix)
            if not any(ref.slot == LEAD_UNLESS for ref in refs):
                continue
            for j in (k - 1, k + 1):
                if j in here and self._is_nationality(words.folded[j], lang):
                    found |= stems(words.folded[j])
        return frozenset(found)

    def _lead_vetoes(
        self,
        lead: str,
        lang: str | None,
        exact: dict[str, list[_Ref]],
        prefix: dict[str, list[tuple[str, _Ref]]],
        suffix: dict[str, list[tuple[str, _Ref]]],
    ) -> dict[tuple[int, int], str]:
        """(topic, frame) -> the first `lead_veto` word of that frame among the lead's first
        _LEAD_WORDS words, as written, unless a `lead_unless` word is in its first sentence."""
        words = _Words(lead, None)
        if not words.folded:
            return {}
        start, end = words.offsets_in(0)
        found: dict[tuple[int, int], str] = {}
        undone: set[tuple[int, int]] = set()
        for k in words.sentence_words(0):
            for ref in self._resolve(words.folded[k], lang, exact, prefix, suffix):
                key = (ref.topic, ref.frame)
                opening = ref.slot == LEAD_VETO and k < _LEAD_WORDS and key not in found
                if not opening and ref.slot != LEAD_UNLESS:
                    continue
                first, last = words.match_around(k, ref.before, ref.after, lang)
                if first < 0:
                    continue
                if opening:
                    found[key] = lead[start(first) : end(last)]
                else:
                    undone.add(key)
        return {key: word for key, word in found.items() if key not in undone}

    def _at_home(
        self,
        hits: list[FrameHit],
        refire: Callable[..., FrameHit | None],
        found: Sequence[str],
        lang: str | None,
    ) -> list[FrameHit]:
        """`hits` (of one sentence, one of them domestic) with those whose market is the home
        of a firm the sentence names fired again without that market (`refire`), or marked
        domestic when there is no other: once "Polish retailer opens first store in Poland"
        is domestic, "first store in Poland" and "retailer opens ... Polish" say no more,
        while "Polish retailer, at home since 1995, enters Germany" still enters Germany.
        A market is the home when it names its nation in any form ("française" of
        "français"): `found`, the sentence's words found in some lexicon, are compared."""
        homes: dict[int, set[str]] = {}
        for hit in hits:
            if hit.domestic:
                frame = self.frames[hit.topic][hit.frame]
                # the nations found one: an origin slot and the market, or a market beside
                # the actor (`not_next_to`)
                beside = frame.not_next_to or ()
                apart = {frame.slot_names[n] for n in frame.apart or beside[:1]}
                homes.setdefault(hit.topic, set()).update(
                    words_of(word).strip() for slot, word in hit.parts if slot in apart
                )
        stems = _nation_stems_of(lang)
        for words in homes.values():
            nations = frozenset().union(*(stems(word) for word in words))
            words.update(word for word in found if stems(word) & nations)
        out = []
        for hit in hits:
            home = frozenset(homes.get(hit.topic, ()))
            if hit.counted and any(
                slot == MARKET_SLOT and words_of(word).strip() in home for slot, word in hit.parts
            ):
                again = refire((hit.topic, hit.frame), not_markets=home)
                hit = again if again is not None and again.counted else replace(hit, domestic=True)
            out.append(hit)
        return out


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


_BREAK_CHARS = re.compile(r"[.!?;\n]")
# Titles abbreviated before a name: "Gen. Kellogg", "St. Petersburg", "gen. Kukuła" go on.
_TITLES = frozenset(
    ["st", "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "maj", "capt", "adm",
     "sen", "rep", "gov", "mme", "mlle", "płk", "ppłk", "kpt", "św", "ks", "ген", "св", "им",
     "ім", "проф"]
)  # fmt: skip
_TITLE_LONGEST = max(map(len, _TITLES))
# German separable particles (`_Words.join_particles`), what may end a clause after one, and
# how far back its verb is looked for.
_DE_PARTICLES = frozenset(
    ["ab", "an", "auf", "aus", "bei", "ein", "fest", "fort", "heraus", "hinaus", "los", "nach",
     "um", "vor", "weg", "wieder", "zu", "zurück", "zusammen"]
)  # fmt: skip
_CLAUSE_ENDS = frozenset(',:;\u2013\u2014()"«»“”')  # with en and em dashes
_CLAUSE_WORDS = 12


def sentence_breaks(text: str) -> list[int]:
    """Offsets where sentences end: ; and line breaks, and a run of . ! ? that follows a word
    of two or more letters and is followed by a space or the end ("U.S. sanctions" is one
    sentence), unless one full stop follows a title before a name ("St. Petersburg"). The
    characters are found by one scan in C; only they are looked at here."""
    out = []
    size = len(text)
    for match in _BREAK_CHARS.finditer(text):
        at = match.start()
        char = text[at]
        if char in ";\n":
            out.append(at)
            continue
        if at and text[at - 1] in ".!?":
            continue  # inside a run, whose first character decided
        end = at + 1
        while end < size and text[end] in ".!?":
            end += 1
        after_a_word = at >= 2 and text[at - 1].isalpha() and text[at - 2].isalpha()
        if after_a_word and (end == size or text[end].isspace()):
            if end == at + 1 and _title_before_a_name(text, at, end):
                continue
            out.append(at)
    return out


def _title_before_a_name(text: str, at: int, end: int) -> bool:
    """Whether the word ending at `at` is an abbreviated title (`_TITLES`) and a capitalised
    word follows it: "Gen. Kellogg" is one sentence."""
    start = at
    while start > 0 and at - start <= _TITLE_LONGEST and text[start - 1].isalpha():
        start -= 1
    if at - start > _TITLE_LONGEST or text[start:at].casefold() not in _TITLES:
        return False
    after = text[end : end + 2].lstrip()
    return bool(after) and after[0].isupper()


class _Words:
    """A text cut into words once (in C); sentences found on first need by one scan for the
    few characters that may end one, and word offsets computed per sentence when asked (a
    long text has many sentences, and frames look into few of them)."""

    def __init__(self, text: str, folded: str | None) -> None:
        self.text = text
        self._folded_text = words_of(text) if folded is None else folded
        self._written = self._folded_text.split()  # as in the text: offsets and lengths
        self.folded = self._written  # what is matched: a copy once a word is read otherwise
        self._bounds: list[int] | None = None  # first word of each sentence after the first
        self._pieces: list[list[str]] = []  # the words of each sentence
        self._breaks: list[int] = []  # character offset of each sentence end
        # sentence -> (its first word's position, the character offsets of its words)
        self._starts: dict[int, tuple[int, list[int]]] = {}

    def _cut(self) -> list[int]:
        if self._bounds is None:
            self._breaks = sentence_breaks(self.text)
            bounds, count, previous = [], 0, 0
            for offset in self._breaks:
                count += len(self._folded_text[previous:offset].split())
                bounds.append(count)
                previous = offset
            self._bounds = bounds
            edges = [0, *bounds, len(self.folded)]
            self._pieces = [self.folded[a:b] for a, b in itertools.pairwise(edges)]
        return self._bounds

    def join_particles(self, particles: frozenset[str], joined: Callable[[str], bool]) -> None:
        """German puts a verb's separable particle at the end of its clause ("Ikea kehrt nicht
        nach Russland zurück", "BASF stellt die Produktion ein"): where a clause ends with a
        word of `particles`, its first word that makes with it a verb `joined` knows is read
        as that verb ("zurückkehren", "einstellen"), as the infinitive and the participle are
        written. The particle stays itself; offsets do not change."""
        if particles.isdisjoint(self._written):
            return
        bounds = self._cut()
        for k, word in enumerate(self._written):
            if word not in particles or not self._ends_clause(k, bounds):
                continue
            first = self._clause_start(k, bounds)
            for j in range(first, k):
                candidate = self._written[j]
                if candidate in particles:
                    continue
                verb = word + LEMMATIZER.lemma(candidate, "de")
                if joined(verb):
                    if self.folded is self._written:
                        self.folded = list(self._written)
                    self.folded[j] = verb
                    break
        if self.folded is not self._written:
            self._bounds = None  # the sentences' words are cut again from the joined ones
            self._cut()

    def _ends_clause(self, k: int, bounds: list[int]) -> bool:
        """Word `k` is the last of its sentence or is followed by a clause's punctuation."""
        if k + 1 == len(self._written) or k + 1 in bounds:
            return True
        after = self.text[self.end(k) : self.start(k + 1)]
        return any(char in _CLAUSE_ENDS for char in after)

    def _clause_start(self, k: int, bounds: list[int]) -> int:
        """The first word of the clause that word `k` ends (at most _CLAUSE_WORDS back)."""
        sentence = bisect.bisect_right(bounds, k)
        first = max(bounds[sentence - 1] if sentence else 0, k - _CLAUSE_WORDS)
        for j in range(k - 1, first - 1, -1):
            if j < k - 1 and self._ends_clause(j, bounds):
                return j + 1
        return first

    def positions_by_sentence(self, wanted: set[str]) -> dict[int, list[int]]:
        """Sentence -> positions of its words in `wanted`, for the sentences with any: each
        sentence's words are tested as a set first (in C), so most are never walked."""
        bounds = self._cut()
        out = {}
        for sentence, piece in enumerate(self._pieces):
            if wanted.isdisjoint(piece):
                continue
            first = bounds[sentence - 1] if sentence else 0
            out[sentence] = [first + i for i, word in enumerate(piece) if word in wanted]
        return out

    def sentence(self, k: int) -> int:
        return bisect.bisect_right(self._cut(), k)

    def sentence_words(self, sentence: int) -> range:
        """The positions of the words of `sentence`."""
        bounds = self._cut()
        first = bounds[sentence - 1] if sentence else 0
        return range(first, bounds[sentence] if sentence < len(bounds) else len(self.folded))

    def _sentence_starts(self, sentence: int) -> tuple[int, list[int]]:
        """The position of `sentence`'s first word and the character offsets of its words."""
        found = self._starts.get(sentence)
        if found is None:
            begin = self._breaks[sentence - 1] if sentence else 0
            end = self._breaks[sentence] if sentence < len(self._breaks) else len(self.text)
            offsets = [m.start() for m in _WORD.finditer(self._folded_text, begin, end)]
            found = self._starts[sentence] = (self.sentence_words(sentence).start, offsets)
        return found

    def start(self, k: int) -> int:
        first, offsets = self._sentence_starts(bisect.bisect_right(self._cut(), k))
        return offsets[k - first]

    def offsets_in(self, sentence: int) -> tuple[Callable[[int], int], Callable[[int], int]]:
        """`start` and `end` for the words of `sentence`, without looking the sentence up."""
        first, offsets = self._sentence_starts(sentence)
        written = self._written

        def start(k: int) -> int:
            return offsets[k - first]

        def end(k: int) -> int:
            return offsets[k - first] + len(written[k])

        return start, end

    def end(self, k: int) -> int:
        return self.start(k) + len(self._written[k])

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
        """First and last word of an entry found by its word `k` (`k` itself for a one-word
        entry); (-1, -1) if the other words of a multi-word entry are not around it."""
        if not before and not after:
            return k, k
        first, last = k - len(before), k + len(after)
        if first < 0 or last >= len(self.folded):
            return -1, -1
        for j, forms in zip(range(first, last + 1), (*before, None, *after), strict=True):
            if forms is None:
                continue
            word = self.folded[j]
            if word not in forms and LEMMATIZER.lemma(word, lang) not in forms:
                return -1, -1
        sentence = self.sentence(k)
        if self.sentence(first) != sentence or self.sentence(last) != sentence:
            return -1, -1
        return first, last

    def _shouted(self, sentence: int) -> bool:
        """Whether most of the sentence's letters are capitals (a headline written in
        capitals), where a word in capitals is no acronym."""
        here = self.sentence_words(sentence)
        start, end = self.offsets_in(sentence)
        letters = [c for c in self.text[start(here[0]) : end(here[-1])] if c.isalpha()]
        return sum(c.isupper() for c in letters) * 2 > len(letters)

    def names_in(
        self, sentence: int, lang: str | None, exact: dict[str, list[_Ref]]
    ) -> list[tuple[int, int]]:
        """Words of `sentence` that look like names: capitalised (or a brand's "iPhone",
        "eBay"), in no lexicon, and unknown to the dictionary or the name of a large listed
        firm ("Apple", "Toyota"); and initials joined by an ampersand ("H&M", "AT&T")."""
        if lang is None:
            return []
        out = []
        start, end = self.offsets_in(sentence)
        text, folded = self.text, self.folded
        here = self.sentence_words(sentence)  # a long text has many sentences
        shouted = cache(partial(self._shouted, sentence))
        for k in here:
            word = folded[k]
            if (
                len(word) <= _INITIALS
                and k + 1 in here
                and len(folded[k + 1]) <= _INITIALS
                and _joined_by_ampersand(text, start(k), end(k), start(k + 1))
            ):
                out.append((k, k + 1))
            elif (
                len(word) > 2
                and _capitalised(text, start(k))  # the cheapest test that drops most words
                and not _listed_alone(exact.get(word))
                and (
                    is_firm_name(word)
                    or _unknown_word(word, lang)
                    or (_in_capitals(text, start(k), end(k)) and not shouted())
                )
                and not is_region(word)  # "Bretagne ouvre ...": a region, no brand
                and not _listed_alone(exact.get(LEMMATIZER.lemma(word, lang)))
                and (lang not in _CYRILLIC_LANGUAGES or _brand_written(text, start(k)))
                and not self._in_country_name(k, here, lang)
            ):
                out.append((k, k))
        return out

    def _in_country_name(self, k: int, here: range, lang: str) -> bool:
        """Whether word `k` is half of a two-word country's name ("Burkina Faso", "Sri
        Lanka"): a state, no brand."""
        folded = self.folded
        return bool(
            (k - 1 in here and country_nation_stems(f"{folded[k - 1]} {folded[k]}", lang))
            or (k + 1 in here and country_nation_stems(f"{folded[k]} {folded[k + 1]}", lang))
        )


# A German compound the dictionary does not know ("Drohnenmarkt") is a noun, not a brand: two
# words it knows, the head of five letters or more, the first of four or more, maybe with its
# linking "s" ("Sanktions|druck"). Shorter heads are too often a brand's own ending
# ("Polestar", "Flixbus"); a first part no word keeps "Raiff|eisen" a name.
_COMPOUND_HEAD = 5
_COMPOUND_FIRST = 4


def _unknown_word(word: str, lang: str) -> bool:
    """Neither in the dictionary nor, in German, a compound of two words it knows."""
    return not LEMMATIZER.known(word, lang) and not (lang == "de" and _german_compound(word))


def _german_compound(word: str) -> bool:
    for at in range(_COMPOUND_FIRST, len(word) - _COMPOUND_HEAD + 1):
        first = word[:at]
        if LEMMATIZER.known(word[at:], "de") and (
            LEMMATIZER.known(first, "de")
            or (first.endswith("s") and LEMMATIZER.known(first[:-1], "de"))
        ):
            return True
    return False


# Russian and Ukrainian news writes a foreign brand in Latin letters ("Zara", "BYD") or a
# firm's name in quotes («Главпродукт»), and a person's name in Cyrillic ("Мбаппе вернулся во
# Францию", "Ломаченко повернувся в Україну"): only the first two are names of firms.
_CYRILLIC_LANGUAGES = frozenset(["ru", "uk"])
_INITIALS = 3  # letters of each side of a name such as "H&M" or "AT&T"
_QUOTES = frozenset("«\"“„'")


def _brand_written(text: str, at: int) -> bool:
    """Whether the word at `at` is written in Latin letters or opens a quotation."""
    return text[at].isascii() or (at > 0 and text[at - 1] in _QUOTES)


def _joined_by_ampersand(text: str, first: int, ampersand: int, second: int) -> bool:
    """Two capitalised words at `first` and `second` with one "&" between them."""
    return (
        second == ampersand + 1
        and text[ampersand] == "&"
        and text[first].isupper()
        and text[second].isupper()
    )


def _in_capitals(text: str, start: int, end: int) -> bool:
    """A word of three to five letters written in capitals is an acronym's name ("TSMC",
    "CATL") though the dictionary lists it as a word; not a label before a colon
    ("LIVE:", "VIDEO:")."""
    return 3 <= end - start <= 5 and text[start:end].isupper() and text[end : end + 1] != ":"


def _capitalised(text: str, at: int) -> bool:
    first = text[at]
    return first.isupper() or (first.islower() and text[at + 1 : at + 2].isupper())


def _listed_alone(refs: list[_Ref] | None) -> bool:
    """Some lexicon lists the word as an entry of its own. A word found only as the key of a
    multi-word entry can still be a name: "McDonald" keys "Heard Island and McDonald Islands"
    among the countries, and "McDonald's pulls out of Kazakhstan" is a brand moving."""
    return any(not ref.before and not ref.after for ref in refs or ())


_NATION_STEM = 4  # letters a nationality and its country's name share in our languages


def _home_place(
    frame: Frame, lang: str | None, word: str, span: tuple[int, int]
) -> list[tuple[int, int]] | None:
    """[`span`] when `word` is a city or a region of the country a `home_veto` word of `frame`
    names in `lang` ("pod Warszawą" for "polska"): the article's own country, by a place."""
    there = _place_stems(word, LEMMATIZER.lemma(word, lang), lang)
    if not there:
        return None
    return [span] if there & _home_stems(frame, lang) else None


def _another_nation(frame: Frame, lang: str | None, word: str) -> bool:
    """Whether `word` names a country (by its name, a city, a region or its adjective) that is
    not the article's own, as the `home_veto` words of `frame` name it in `lang`."""
    lemma = LEMMATIZER.lemma(word, lang)
    there = (
        _place_stems(word, lemma, lang)
        | country_nation_stems(word, lang)
        | country_nation_stems(lemma, lang)
        | adjective_nation_stems(word, lang)
        | adjective_nation_stems(lemma, lang)
    )
    return bool(there) and not there & _home_stems(frame, lang)


def _place_stems(word: str, lemma: str, lang: str | None) -> frozenset[str]:
    """The nation stems of the city or region `word` (or its `lemma`) names."""
    return (
        city_nation_stems(word, lang)
        | city_nation_stems(lemma, lang)
        | region_nation_stems(word, lang)
        | region_nation_stems(lemma, lang)
    )


def _home_stems(frame: Frame, lang: str | None) -> frozenset[str]:
    """The nation stems of the article's own country, as the `home_veto` words of `frame`
    name it in `lang`."""
    stems = _nation_stems_of(lang)
    return frozenset().union(*(stems(w.words[0]) for w in frame.home_veto if w.language == lang))


def _names_a_nation(word: str, lang: str | None) -> bool:
    """Whether `word` is a country, a city (a capital) or a press name for a nation ("the
    Kremlin"): a state named so has its own nation, whatever stands beside it."""
    return bool(
        country_nation_stems(word, lang)
        or city_nation_stems(word, lang)
        or press_name_stems(word, lang)
    )


def _abroad(frame: Frame, lang: str | None, origins: frozenset[str]) -> bool:
    """Whether `origins` (nation stems) name a nation other than the article's own country,
    which the `home_veto` words of `frame` name in `lang`."""
    if not origins:
        return False
    home = _home_stems(frame, lang)
    return bool(home) and not origins & home


def _same_nation(
    words: _Words,
    apart: tuple[int, int],
    lang: str | None,
    state_origins: list[tuple[int, int]] | None = None,
) -> Callable[[tuple[tuple[int, int], ...]], bool]:
    """Whether a combination's two `apart` slots name one nation: their words begin alike
    ("Russian"/"Russia", "chinesisch"/"China", "российский"/"Россия", "niemiecki"/"Niemcy"),
    or one is a city of the country the other begins like ("polski"/"Wrocławiem"). A
    Chinese firm building a plant in China is domestic business, not foreign.
    `state_origins`, where the first slot is a state and the second an origin: that slot's
    spans, one of which, right beside a state named by no nation of its own ("US Treasury",
    "le régulateur chinois"; not "Russland: Amerikanischer Konzern"), names the state's own
    nation; an origin of that nation is the state's own too."""
    first, second = apart
    stems = _nation_stems_of(lang)

    def words_in(span: tuple[int, int]) -> str:
        # the whole span: "États-Unis" is two words, and its first names no country
        return " ".join(words.folded[span[0] : span[1] + 1])

    def same(combo: tuple[tuple[int, int], ...]) -> bool:
        state, origin = combo[first], combo[second]
        if state_origins and not _names_a_nation(words_in(state), lang):
            own = next(
                (s for s in state_origins if s[1] + 1 == state[0] or state[1] + 1 == s[0]), None
            )
            if own is not None and (
                own == origin or stems(words_in(own)) & stems(words_in(origin))
            ):
                return True
        return bool(stems(words_in(state)) & stems(words_in(origin)))

    return same


# A firm's unit abroad by its kind: the nation beside it says where the unit is, not whose
# it is ("Telefónica to sell Argentine unit"). Lemmas, and forms the lemmatiser keeps.
_UNIT_WORDS = frozenset(
    ["unit", "units", "subsidiary", "subsidiaries", "arm", "division", "tochter",
     "tochtergesellschaft", "tochterfirma", "ableger", "niederlassung", "filiale", "дочка",
     "подразделение", "підрозділ", "філія", "filia", "oddział"]
)  # fmt: skip


def _origin_beside(
    words: _Words, not_next_to: tuple[int, int], lang: str | None, sentence: range
) -> Callable[[tuple[tuple[int, int], ...]], bool]:
    """Whether the word right before or after a combination's actor (`not_next_to`'s second
    slot) in its `sentence`, its origin, names the nation of its market (the first): "Russian
    company exits the Russian market" is domestic, as `apart` would find with an origin slot.
    A unit's nation is where it is: "sells its Argentine unit" is no Argentine firm."""
    market, actor = not_next_to
    stems = _nation_stems_of(lang)

    def same(combo: tuple[tuple[int, int], ...]) -> bool:
        there = stems(words.folded[combo[market][0]])
        start, end = combo[actor]
        if any(
            w in _UNIT_WORDS or LEMMATIZER.lemma(w, lang) in _UNIT_WORDS
            for w in words.folded[start : end + 1]
        ):
            return False
        return any(
            bool(stems(words.folded[k]) & there) for k in (start - 1, end + 1) if k in sentence
        )

    return same


def _nation_stems_of(lang: str | None) -> Callable[[str], frozenset[str]]:
    """A word's nation stems (its beginning, its city's, its adjective's, its press name's or
    its firm's country), once per firing, not per combination."""
    known: dict[str, frozenset[str]] = {}

    def stems(word: str) -> frozenset[str]:
        found = known.get(word)
        if found is None:
            own = frozenset([word[:_NATION_STEM]]) if len(word) >= _NATION_STEM else frozenset()
            lemma = LEMMATIZER.lemma(word, lang)
            found = known[word] = (
                own
                | city_nation_stems(word, lang)
                | city_nation_stems(lemma, lang)
                | region_nation_stems(word, lang)
                | region_nation_stems(lemma, lang)
                | country_nation_stems(word, lang)
                | adjective_nation_stems(word, lang)
                | adjective_nation_stems(lemma, lang)
                | press_name_stems(word, lang)
                | firm_nation_stems(word, lang)
            )
        return found

    return stems


_CLOSE = 2  # words at most between a frame's `close` slots: "российский автомобильный рынок"


def _best_combination(
    slots: dict[int, list[tuple[int, int]]],
    frame: Frame,
    same_nation: Callable[[tuple[tuple[int, int], ...]], bool] | None = None,
) -> tuple[tuple[int, int], ...] | None:
    """One span per slot, no two sharing a word, within the frame's window; the tightest
    (and, where the frame keeps two slots apart, naming two nations). The first `apart` slot
    (an origin) may not stand right before the second (a market): there it qualifies it, as
    in "opens a factory in western Ukraine" or "в Западной Украине". The `close` slots stand
    at most `_CLOSE` words apart: a nation far from "market" may be the firm's own ("Polska
    firma wchodzi na rynek dronów"). The first `not_next_to` slot may not stand right beside
    the second: a nation beside the actor says where the firm is from ("Polska firma",
    "une entreprise française"), not where it goes."""
    count, apart, close, beside = len(frame.slots), frame.apart, frame.close, frame.not_next_to
    if any(k not in slots for k in range(count)):
        return None
    best: tuple[tuple[int, int], ...] | None = None
    best_width = frame.window + 1
    for combo in itertools.product(*(slots[k] for k in range(count))):
        used = sorted(combo)  # by start; with no overlap, the last span ends last
        width = used[-1][1] - used[0][0]
        if width >= best_width:
            continue
        if any(used[n][1] >= used[n + 1][0] for n in range(len(used) - 1)):
            continue  # two slots on one word: "Russia" cannot be both imposer and target
        if apart is not None and combo[apart[0]][1] + 1 == combo[apart[1]][0]:
            continue
        if close is not None and _gap(combo[close[0]], combo[close[1]]) > _CLOSE:
            continue
        if beside is not None and _gap(combo[beside[0]], combo[beside[1]]) == 0:
            continue
        if same_nation is not None and same_nation(combo):
            continue
        best, best_width = combo, width
    return best


def _combine(
    slots: dict[int, list[tuple[int, int]]],
    frame: Frame,
    same_nation: Callable[[tuple[tuple[int, int], ...]], bool] | None,
) -> tuple[tuple[tuple[int, int], ...] | None, bool]:
    """The best combination, and whether only combinations naming one nation were there."""
    best = _best_combination(slots, frame, same_nation)
    if best is None and same_nation is not None:
        return _best_combination(slots, frame, None), True
    return best, False


def _owner_of(
    span: tuple[int, int], owners: list[tuple[int, int]], words: _Words, sentence: int
) -> tuple[int, int] | None:
    """The owner word right before or after `span` (of `sentence`), or with only links
    (`_OWNER_LINKS`) between, at most `_OWNER_REACH` words away, and no clause's punctuation
    ("Summit in Vilnius: allies ..." names where, not whose); None if none."""
    for owner in owners:
        before, after = sorted((span, owner))
        between = range(before[1] + 1, after[0])
        if after[0] <= before[1] or len(between) >= _OWNER_REACH:
            continue
        if any(words.folded[k] not in _OWNER_LINKS for k in between):
            continue
        start, end = words.offsets_in(sentence)
        if _CLAUSE_ENDS.isdisjoint(words.text[end(before[1]) : start(after[0])]):
            return owner
    return None


def _gap(one: tuple[int, int], other: tuple[int, int]) -> int:
    """Words between two spans that do not overlap."""
    first, second = sorted((one, other))
    return second[0] - first[1] - 1
