"""The city table: GeoNames' large cities with their countries, built once and cached (as the
region table is: its cache is tested here too)."""

# ruff: noqa: RUF001  # Cyrillic test texts are meant, not look-alike Latin letters

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from streams.classify import cities, regions
from streams.classify.lexicon import city_nation_stems, is_city


def test_large_cities_are_known_with_their_countries() -> None:
    assert is_city("wrocław") and is_city("львів") and is_city("bogotá")
    assert city_nation_stems("wrocław", "pl") >= {"pols"}
    assert city_nation_stems("калининград", "ru") >= {"росс"}


def test_spellings_that_are_common_words_or_countries_are_no_cities() -> None:
    # "Basic" and "Gold" are recorded spellings of cities; "Armenia" is a city in Colombia.
    assert not is_city("basic") and not is_city("gold") and not is_city("armenia")


@pytest.mark.parametrize(
    ("module", "table", "kind"),
    [(cities, cities.city_table, "cities"), (regions, regions.region_table, "regions")],
)
def test_the_table_is_built_once_and_then_read_from_the_cache(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: ModuleType,
    table: Callable[[list[str]], dict[str, frozenset[str]]],
    kind: str,
) -> None:
    # A small table stands in for the real one: building that in an empty cache directory
    # would build the lemma dictionaries there first, and it is the caching tested here.
    monkeypatch.setenv("NEWSMON_LEMMA_CACHE", str(tmp_path))
    built: list[frozenset[str]] = []

    def small(excluded: frozenset[str]) -> dict[str, frozenset[str]]:
        built.append(excluded)
        return {"wrocław": frozenset({"PL"})}

    monkeypatch.setattr(module, "_build", small)
    assert table(["armenia"]) == {"wrocław": frozenset({"PL"})}
    assert list((tmp_path / kind).glob("*.json"))
    assert table(["armenia"]) == {"wrocław": frozenset({"PL"})}
    assert built == [frozenset({"armenia"})]  # the second came from the cache
