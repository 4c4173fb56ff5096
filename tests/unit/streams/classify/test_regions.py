"""Regions as markets: ISO 3166-2's first-level subdivisions, with their countries."""

# Cyrillic test texts are meant, not look-alike Latin letters

from __future__ import annotations

import pytest

from streams.classify.lexicon import LEMMATIZER, is_region, region_nation_stems


@pytest.mark.parametrize(
    ("written", "lang"),
    [
        ("Sachsen", "de"),
        ("Bretagne", "fr"),
        ("Bawarii", "pl"),  # a case form, by its lemma
        ("Татарстане", "ru"),
        ("Львівщині", "uk"),  # an oblast named after its centre
        ("Львівської", "uk"),  # the oblast's adjective, in another case
    ],
)
def test_a_region_is_found_by_its_name_or_its_lemma(written: str, lang: str) -> None:
    folded = written.lower()
    assert is_region(folded) or is_region(LEMMATIZER.lemma(folded, lang))


def test_a_region_comes_with_its_country() -> None:
    assert region_nation_stems("sachsen", "de") & region_nation_stems("bayern", "de")
    assert not region_nation_stems("sachsen", "de") & region_nation_stems("bretagne", "de")


@pytest.mark.parametrize("word", ["nord", "central", "georgia", "berlin"])
def test_common_words_countries_and_city_states_are_no_regions(word: str) -> None:
    # "Nord" is a region of Cameroon and a French word; Georgia a country; Berlin a city,
    # which the city table holds if anything does.
    assert not is_region(word)
