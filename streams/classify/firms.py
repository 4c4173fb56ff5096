"""The names of large listed companies, from pytickersymbols, for the frames' name slots.

The frames take a capitalised word for a brand when the lemmatiser's dictionary does not know
it ("Netflix", "Danone"). The dictionaries know many large firms as words, though: "apple",
"shell", "amazon", "tesla" and "boeing" in English, "toyota", "renault", "volkswagen" and
"siemens" in German and Polish, "carrefour" in French. pytickersymbols ships the members of
twenty stock indices (the S&P 500 and 600, the DAX family, the CAC 40, the FTSE 100, the
Nikkei 225 and others, some 1,800 companies); a company whose name, less its legal form
(cleanco) and a trailing "Group" or "Holding", is one word gives that word ("Apple Inc.":
"apple", "Volkswagen Group": "volkswagen"). Such a word written with a capital may fill a
name slot though the dictionary knows it. Names of more words ("Ford Motor Company", "Micron
Technology") give nothing: their first word alone is too often something else ("General").
Each name comes with its firm's home country, so that a firm at home is domestic business.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry
from cleanco import basename  # type: ignore[import-untyped]  # no type information shipped
from pytickersymbols import PyTickerSymbols  # type: ignore[import-untyped]

from streams.text.normalize import fold_for_matching

# Words that say what kind of company it is, as a legal form does ("Volkswagen Group").
_KIND_OF_COMPANY = re.compile(r"\s+(?:group|holdings?|international)$", re.IGNORECASE)
# Listed names that are everyday words far more often than firms, in a headline's first word
# above all ("Next", "Now", "News", "Target", "Match"): never taken for a name unless the
# dictionary does not know them.
_EVERYDAY_WORDS = frozenset(
    ["admiral", "albany", "ball", "block", "booking", "box", "cactus", "city", "compass",
     "continental", "deluxe", "diploma", "disco", "employers", "enact", "everest", "evolution",
     "fox", "gates", "griffon", "harmonic", "hub", "integer", "interface", "investor", "match",
     "news", "next", "noble", "now", "partners", "phoenix", "pool", "prog", "progressive",
     "rational", "recruit", "rogers", "sage", "screen", "sharp", "shift", "southern", "stride",
     "target", "toto", "universal", "verve", "waters", "dana", "dover", "indus", "norma"]
)  # fmt: skip


@cache
def _firms() -> dict[str, frozenset[str]]:
    """Folded one-word name (three letters or more) -> the ISO codes of its firms' homes."""
    homes: dict[str, set[str]] = {}
    for stock in PyTickerSymbols().get_all_stocks():
        name = _KIND_OF_COMPANY.sub("", basename(str(stock.get("name") or "")).strip())
        folded = fold_for_matching(name)
        if len(folded) < 3 or not folded.isalpha() or folded in _EVERYDAY_WORDS:
            continue  # a name of more words than one, or of other characters
        home = _home_code(str(stock.get("country") or ""))
        homes.setdefault(folded, set()).update([home] if home else [])
    return {name: frozenset(codes) for name, codes in homes.items()}


def _home_code(where: str) -> str | None:
    """The ISO code of a firm's home as pytickersymbols writes it: a country ("Japan"), or
    a city with its US state or country ("Houston, Texas", "Dublin, Ireland")."""
    last = where.replace(";", ",").split(",")[-1].strip()
    if not last:
        return None
    if last in _us_states() or last == "D.C.":
        return "US"
    try:
        return str(pycountry.countries.lookup(last).alpha_2)
    except LookupError:
        return None


@cache
def _us_states() -> frozenset[str]:
    return frozenset(s.name for s in pycountry.subdivisions if s.country_code == "US")


def is_firm_name(folded: str) -> bool:
    """Whether `folded` is the one-word name of a large listed company."""
    return folded in _firms()


def firm_homes(folded: str) -> frozenset[str]:
    """The ISO codes of the homes of the listed companies named `folded` (empty for any
    other word): a firm at home is domestic business ("Toyota opens a plant in Japan")."""
    return _firms().get(folded, frozenset())
