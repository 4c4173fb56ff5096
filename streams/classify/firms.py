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
"""

from __future__ import annotations

import re
from functools import cache

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
def firm_names() -> frozenset[str]:
    """The folded one-word names of the listed companies (three letters or more)."""
    names = set()
    for stock in PyTickerSymbols().get_all_stocks():
        name = _KIND_OF_COMPANY.sub("", basename(str(stock.get("name") or "")).strip())
        folded = fold_for_matching(name)
        if len(folded) >= 3 and folded.isalpha():  # one word, of letters only
            names.add(folded)
    return frozenset(names - _EVERYDAY_WORDS)


def is_firm_name(folded: str) -> bool:
    """Whether `folded` is the one-word name of a large listed company."""
    return folded in firm_names()
