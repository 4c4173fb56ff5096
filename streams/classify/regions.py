"""The regions a frame may name as a market, with their countries, from ISO 3166-2 (pycountry).

A firm builds "in Sachsen", "en Bretagne", "в Татарстане", "на Львівщині" as often as in a
city. The first-level subdivisions of every country (states, regions, oblasts, voivodeships),
as pycountry names them and translates them into the shipped languages, give one word each
once the words that say what kind of region it is ("oblast", "область", "Respublika") are
dropped: "Sachsen", "Bretagne", "Tatarstan". A Slavic adjective left alone ("Львівська
область") is taken by its lemma, which its other cases share ("Львівської"), and Ukrainian
and Russian also name an oblast after its centre with "-щина" ("Львівщина", "Одещина"),
whose forms are made from the adjective. Names that are countries too ("Georgia"), or
common words in a language that capitalises them, are left out, as for cities. pycountry
translates few Russian regions into Russian: those are found in Ukrainian and English only.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable

import pycountry

from streams.classify.cities import cached_table
from streams.classify.dictionaries import lemmas
from streams.text.normalize import fold_for_matching

TRANSLATED = ("de", "fr", "pl", "ru", "uk")
_FORMAT = "2"  # bumped when what the table holds changes
# Words that say what kind of region a name is, in ISO's romanisations and the translations.
_KINDS = frozenset(
    (
        "oblast", "oblasti", "oblysy", "obwód", "województwo", "voivodeship", "respublika",
        "republika", "republik", "republic", "république", "kray", "krai", "kraj", "okrug",
        "avtonomnyy", "autonomous", "autonome", "province", "provinz", "prowincja",
        "provincia", "region", "région", "regione", "land", "state", "staat", "état", "stan",
        "county", "department", "département", "departament", "governorate", "prefecture",
        "canton", "kanton", "district", "область", "обл", "республика", "республіка", "край",
        "округ", "автономный", "автономна", "автономная", "воеводство", "воєводство",
        "провинция", "провінція", "регион", "регіон", "штат",
    )
)  # fmt: skip
# Points of the compass and the like, regions of many countries ("Nord": Cameroon, Haiti) and
# words of French, Spanish or Italian text, whose dictionaries here do not say so.
_COMMON = frozenset(
    ("nord", "sud", "est", "ouest", "centre", "centro", "norte", "sur", "este", "oeste",
     "ovest", "capital", "littoral")
)  # fmt: skip
_WORD = re.compile(r"^(?:[A-Za-zÀ-ɏ]{4,}|[Ѐ-ӿ]{4,})$")
_CYRILLIC = re.compile(r"^[Ѐ-ӿ]")
# An oblast's adjective and its "-щина" name: "Львівська" -> "Львів" + "щина".
_ADJECTIVE_TO_STEM = {"uk": ("ська",), "ru": ("ская",)}
_AREA_ENDINGS = {
    "uk": ("щина", "щини", "щині", "щину", "щиною"),
    "ru": ("щина", "щины", "щине", "щину", "щиной"),
}


def region_table(countries: Iterable[str]) -> dict[str, frozenset[str]]:
    """Folded one-word region name or adjective lemma -> the ISO codes of the countries with
    a region so named. Names in `countries` (folded country names) are left out. Built once
    per machine (about a second) and kept beside the city table."""
    return cached_table("regions", _FORMAT, ("pycountry", "simplemma"), countries, _build)


def _build(excluded: frozenset[str]) -> dict[str, frozenset[str]]:
    dictionaries = lemmas(("en", "de", "pl", "ru", "uk"))
    catalogues = {
        lang: gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang])
        for lang in TRANSLATED
    }
    found: dict[str, set[str]] = {}

    def add(word: str, code: str) -> None:
        folded = fold_for_matching(word)
        if folded and folded not in excluded and folded not in _COMMON:
            found.setdefault(folded, set()).add(code)

    for region in pycountry.subdivisions:
        if getattr(region, "parent_code", None) is not None:
            continue  # a county of a region, a district of a county: too many, too small
        code = str(region.country_code)
        names = {("en", str(region.name))}
        names |= {(lang, catalogues[lang].gettext(str(region.name))) for lang in TRANSLATED}
        for lang, name in names:
            words = [w for w in re.split(r"[\s,()]+", name) if w and w.lower() not in _KINDS]
            if len(words) != 1 or not _WORD.match(words[0]):
                continue
            (word,) = words
            # The English and German dictionaries keep a proper noun's capital, so a lower
            # case entry there is a common word; the French and Polish ones do not.
            capitalising = ("ru", "uk") if _CYRILLIC.match(word) else ("en", "de")
            if word[0].isupper():
                folded = fold_for_matching(word)
                if not any(dictionaries.is_lower_case_entry(folded, c) for c in capitalising):
                    add(word, code)
                continue
            # An adjective left alone, written in lower case ("Львівська" is written with a
            # capital by ISO, "dolnośląskie" is not): its lemma, and the oblast's "-щина".
            if lang in ("ru", "uk", "pl"):
                add(dictionaries.lemmatize(word, lang), code)
        for lang, endings in _ADJECTIVE_TO_STEM.items():
            name = catalogues[lang].gettext(str(region.name))
            first = name.split()[0] if name.split() else ""
            if first.lower().endswith(endings) and len(name.split()) == 2:
                add(dictionaries.lemmatize(first, lang), code)
                stem = first[: -len(endings[0])]
                for ending in _AREA_ENDINGS[lang]:
                    add(stem + ending, code)
    return {name: frozenset(codes) for name, codes in found.items()}
