"""Words as the frame rules see them: tokens, their lemmas, and the built-in word lists.

- `tokens(text)` splits cleaned text into word tokens with character offsets and sentence
  numbers, in one regular-expression pass (linear in the text's length).
- `Lemmatizer` maps a folded token to its lemma with simplemma (dictionary lookups, no model
  download, all six shipped languages) and keeps every answer in a bounded cache: news
  vocabulary repeats, so after warm-up nearly every token costs one dict lookup.
- `builtin_words(name, language)` yields the maintained word lists a topic file may name:
  `countries` (ISO 3166 names and their translations from pycountry's gettext catalogues, plus
  the everyday short names of CLDR via Babel, because pycountry translates only the formal
  name of e.g. "Russian Federation", never "Russia"), and `legal_forms` (company legal forms
  from cleanco, minus those that are also ordinary words in some shipped language, such as
  French "sa"), and `proper_names`: not a list but a test, applied while matching, of a
  capitalised word that the lemmatiser's dictionary does not know ("Netflix", "Danone",
  "Pernod"): how a brand or company is named when no noun says "company".
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pycountry
import simplemma
from babel import Locale
from cleanco import termdata  # type: ignore[import-untyped]  # no type information shipped

from streams.text.normalize import fold_for_matching

SHIPPED_LANGUAGES = ("en", "ru", "uk", "de", "fr", "pl")
BUILTINS = ("countries", "legal_forms", "proper_names")
# A word token; a sentence ends at . ! ? ; or a line break followed by more text. Hyphens and
# apostrophes split words ("NATO-Russia", "McDonald's"), as the term matcher does.
_TOKEN = re.compile(r"(\w+)|([.!?;]+(?=\s|$)|\n)")
# English country names that are more often something else in news (a US state, a given name).
_AMBIGUOUS_NAMES = frozenset({"jersey", "guernsey", "georgia", "jordan", "chad", "turkey"})
_CACHE_LIMIT = 200_000  # lemmas kept per process; cleared when full (vocabulary is Zipfian)


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
        self._cache: dict[tuple[str, str], str] = {}
        self._known: dict[tuple[str, str], bool] = {}

    def lemma(self, folded: str, language: str | None) -> str:
        """The lemma of `folded` in `language`; the word itself for other languages."""
        if language not in SHIPPED_LANGUAGES:
            return folded
        key = (language, folded)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            found = fold_for_matching(simplemma.lemmatize(folded, lang=language))
            self._cache[key] = found
        return found


    def known(self, folded: str, language: str | None) -> bool:
        """Whether `folded` is a word of `language`'s dictionary (False for other languages)."""
        if language not in SHIPPED_LANGUAGES:
            return False
        key = (language, folded)
        found = self._known.get(key)
        if found is None:
            if len(self._known) >= _CACHE_LIMIT:
                self._known.clear()
            found = self._known[key] = simplemma.is_known(folded, lang=language)
        return found


# One lemmatizer per process: the cache is the point, and lemmas do not depend on topics.
LEMMATIZER = Lemmatizer()


def builtin_words(name: str, language: str) -> tuple[str, ...]:
    """The words (possibly multi-word) of built-in list `name` in `language` ("any": all)."""
    if name == "countries":
        languages = SHIPPED_LANGUAGES if language == "any" else (language,)
        return tuple(sorted({w for lang in languages for w in _country_names(lang)}))
    if name == "legal_forms":
        return _legal_forms()
    if name == "proper_names":
        return ()  # a test applied while matching (see FrameMatcher), not a list
    raise ValueError(f"unknown built-in word list {name!r} (known: {', '.join(BUILTINS)})")


@cache
def _country_names(language: str) -> frozenset[str]:
    names: set[str] = set()
    catalogue = (
        gettext.NullTranslations()
        if language == "en"
        else gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    )
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
def _legal_forms() -> tuple[str, ...]:
    forms = set()
    for terms in termdata.terms_by_type.values():
        for term in terms:
            word = fold_for_matching(term).replace(".", "").strip()
            if len(word) < 2 or not word.replace(" ", "").isalnum() or " " in word:
                continue
            if any(simplemma.is_known(word, lang=lang) for lang in SHIPPED_LANGUAGES):
                continue
            forms.add(word)
    return tuple(sorted(forms))


def iter_words(text: str) -> Iterator[str]:
    """Folded words of a lexicon entry (the same split as `tokens`)."""
    for token in tokens(text):
        yield token.folded
