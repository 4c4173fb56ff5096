"""De-duplication: exact duplicates, near-duplicate stories, expiry, replays, store shape."""

# ruff: noqa: RUF001  # Cyrillic sample texts are meant, not look-alike Latin letters

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.dedupe import DedupeIndex
from streams.dedupe.fingerprint import (
    FINGERPRINT_VERSION,
    Fingerprint,
    fingerprint,
    fingerprints,
    words_of,
)

DAY = 24 * 3600.0
STORY = (
    "The government announced on Tuesday that it will build three new bridges over the river "
    "before the end of next year, with work starting in the spring and costs shared by the "
    "regions and the state railway company."
)

# Fingerprints recorded with FINGERPRINT_VERSION 2 before the fingerprint was made faster: band
# keys already in a worker's table must keep matching, so a faster fingerprint must give the same
# content hash and band keys (compared through a digest of the keys to keep this short).
GOLDEN_TEXTS = {
    "empty": "",
    "blank": "  \n\t ",
    "one_word": "Sanctions",
    "two_words": "Sanctions tighten",
    "seven_words": "Ministers agreed new export rules on Friday.",
    "eight_words": "Ministers agreed eight new export rules on Friday.",
    "english": (
        "Three ministers met in Vienna on Tuesday to discuss a new gas pipeline, "
        "and said the talks would resume next month after the regional elections."
    ),
    "german": (
        "Der Stadtrat hat am Donnerstag beschlossen, die alte Brücke über den Fluss "
        "abzureißen und bis 2027 eine neue Fußgängerbrücke zu bauen."
    ),
    "french": (
        "L'entreprise a annoncé qu'elle fermerait deux usines l'an prochain, "
        "une décision que les syndicats ont qualifiée d'« inacceptable »."
    ),
    "polish": (
        "Rada miasta zdecydowała w środę, że nowa linia tramwajowa połączy dworzec "
        "z lotniskiem; budowa ma ruszyć jesienią i potrwać dwa lata."
    ),
    "russian": (
        "Городские власти в пятницу объявили о ремонте моста через реку, "
        "движение по нему будет закрыто на три месяца."
    ),
    "ukrainian": (
        "Міська рада у вівторок ухвалила рішення збудувати нову школу "
        "в північному районі, роботи почнуться навесні."
    ),
    "mixed_marks": (
        "CAFÉ_bar № 42 re-opens: “Ёлка” & İstanbul—ŁÓDŹ 3.5% growth, e\u0301te\u0301 ½ price "
        "under_score twice  spaces\tand\nlines ١٢٣ digits"
    ),
    "long": " ".join(
        f"Paragraph {n}: the committee reviewed item {n * 7} of the budget and "
        f"postponed vote {n % 5} until the {n}th session."
        for n in range(60)
    ),
}
GOLDEN_FINGERPRINTS = {
    "empty": ("b8e1dda3ac0aa3820ad2990b", ""),
    "blank": ("b8e1dda3ac0aa3820ad2990b", ""),
    "one_word": ("46f9f144c7cf2b1dea0a82d0", ""),
    "two_words": ("4c355bfe38e431f195e4dbe7", ""),
    "seven_words": ("c646f2c2ee5a1ddb7b34e507", ""),
    "eight_words": ("447db9d82668b4707baf3431", "373a9d2cc10c1b65"),
    "english": ("46e225433abfa1ca816916bf", "a688df0feaa9bbe8"),
    "german": ("92557c3024027231864b2f47", "4261bf4b8f94cfcc"),
    "french": ("2880ab3566fb21feb2759da0", "59b625581c26726c"),
    "polish": ("06e917659946f7d078fdf32e", "fd656cc01ea4ccea"),
    "russian": ("422bb92872cf700bcea05cf1", "c5f195fff4340535"),
    "ukrainian": ("fd5c846234eb5d395563f6b0", "3ad161c9929cf37e"),
    "mixed_marks": ("a709808c1e12d1757747b9a0", "c49d8aa83a6aa4b8"),
    "long": ("a64068963c34dfd3314905e2", "14c7df6200759277"),
}


def band_digest(band_keys: tuple[str, ...]) -> str:
    if not band_keys:
        return ""
    return hashlib.blake2b("\n".join(band_keys).encode(), digest_size=8).hexdigest()


@pytest.mark.parametrize("name", sorted(GOLDEN_TEXTS))
def test_fingerprints_are_the_ones_recorded_before_the_speed_work(name: str) -> None:
    assert FINGERPRINT_VERSION == 2, "a new version needs newly recorded fingerprints"
    print_ = fingerprint(GOLDEN_TEXTS[name])
    assert (print_.content_hash, band_digest(print_.band_keys)) == GOLDEN_FINGERPRINTS[name]
    assert len(print_.band_keys) in (0, 10)


# Letters, digits, "_", ASCII punctuation, the typographic marks words_of blanks, and neighbours
# that must not be taken for word breaks or words (combining accent, dotted I, Arabic digits).
WORD_ALPHABET = "aZq09_ -,.'\t\n’“”—…« éßİЁя́½١"


@given(st.text(alphabet=WORD_ALPHABET, max_size=60) | st.text(max_size=60))
def test_words_are_the_regex_word_runs_of_the_casefolded_text(text: str) -> None:
    assert words_of(text) == re.findall(r"\w+", text.casefold())


def test_same_canonical_url_is_an_exact_duplicate_of_the_first_article() -> None:
    index = DedupeIndex()
    first = index.observe("a", "https://news.example/x", None, "Bridges: " + STORY, 0.0)
    again = index.observe("b", "https://news.example/x", None, "Other text entirely here", 1.0)
    assert first.duplicate_of is None and first.story_id == "a"
    assert again.duplicate_of == "a" and again.story_id == "a"


def test_same_guid_is_an_exact_duplicate() -> None:
    index = DedupeIndex()
    index.observe("a", "https://one.example/x", "tag:feed,1", "one text", 0.0)
    assert index.observe("b", "https://two.example/y", "tag:feed,1", "two", 1.0).duplicate_of == "a"


def test_same_normalised_content_is_an_exact_duplicate_whatever_its_url() -> None:
    index = DedupeIndex()
    index.observe("a", "https://one.example/x", None, "Bridges\n" + STORY, 0.0)
    copy = "BRIDGES  " + STORY.replace(",", " ,")
    assert index.observe("b", "https://two.example/y", None, copy, 1.0).duplicate_of == "a"


def test_a_republished_edit_with_a_new_title_joins_the_same_story() -> None:
    index = DedupeIndex()
    index.observe("a", "https://one.example/x", None, "Three bridges planned\n" + STORY, 0.0)
    edited = "UPDATE: State to fund river crossings\n" + STORY + " Share this article."
    verdict = index.observe("b", "https://two.example/y", None, edited, 60.0)
    assert verdict.duplicate_of is None
    assert verdict.story_id == "a"


def test_an_unrelated_article_starts_its_own_story() -> None:
    index = DedupeIndex()
    index.observe("a", "https://one.example/x", None, STORY, 0.0)
    other = (
        "Scientists in the north discovered a colony of rare frogs living in an abandoned "
        "mine, and plan to study how the animals survived the cold winters underground."
    )
    assert index.observe("b", "https://two.example/y", None, other, 1.0).story_id == "b"


def test_a_fingerprint_handed_to_observe_is_the_one_used() -> None:
    index = DedupeIndex()
    index.observe("a", "https://one.example/x", None, STORY, 0.0)
    # Another text, handed the first one's fingerprint: its band keys (and content hash) are
    # the ones looked up, so it is taken for the same text.
    made = fingerprint(STORY)
    verdict = index.observe("b", "https://two.example/y", None, "Unrelated.", 1.0, print_=made)
    assert verdict.duplicate_of == "a"
    # Handed what observe would make itself, the verdict is the same as without it.
    alone, handed = DedupeIndex(), DedupeIndex()
    for n, text in enumerate(("Bridges\n" + STORY, "Edited: " + STORY, "Other news " * 9)):
        plain = alone.observe(f"c{n}", f"https://c.example/{n}", None, text, float(n))
        given = handed.observe(f"c{n}", f"https://c.example/{n}", None, text, float(n),
                               print_=fingerprint(text))  # fmt: skip
        assert given == plain
    assert handed.store == alone.store


def _band_owner(index: DedupeIndex, story: str, keys: tuple[str, ...], now: float) -> None:
    index.observe(story, f"https://{story}.example/", None, story, now,
                  print_=Fingerprint(f"hash-{story}", keys))  # fmt: skip


def test_a_story_tie_between_band_keys_goes_to_the_first_key_met() -> None:
    index = DedupeIndex()
    _band_owner(index, "s1", ("0:aa", "1:aa"), 0.0)
    _band_owner(index, "s2", ("2:bb", "3:bb"), 1.0)
    keys = ("2:bb", "0:aa", "3:bb", "1:aa", "4:cc")  # two votes each: s2 is met first
    tie = index.observe("n", "https://n.example/", None, "n", 2.0, print_=Fingerprint("h", keys))
    assert tie.story_id == "s2"
    index = DedupeIndex()
    _band_owner(index, "s1", ("0:aa", "1:aa"), 0.0)
    _band_owner(index, "s3", ("5:dd",), 1.0)
    keys = ("5:dd", "0:aa", "1:aa")  # s1 has the most votes though s3 is met first
    most = index.observe("m", "https://m.example/", None, "m", 2.0, print_=Fingerprint("i", keys))
    assert most.story_id == "s1"


def test_observing_the_same_article_again_without_positions_counts_as_a_replay() -> None:
    index = DedupeIndex()
    first = index.observe("a", "https://one.example/x", "g", STORY, 0.0)
    replay = index.observe("a", "https://one.example/x", "g", STORY, 5.0)
    assert replay == first


def test_the_same_article_at_the_same_raw_position_is_a_replay_with_the_first_verdict() -> None:
    index = DedupeIndex()
    first = index.observe("a", "https://one.example/x", "g", STORY, 0.0, (1, 40))
    restarted = DedupeIndex(dict(json.loads(json.dumps(index.store))))
    for idx in (index, restarted):
        assert idx.observe("a", "https://one.example/x", "g", STORY, 5.0, (1, 40)) == first
    assert first.duplicate_of is None


def test_the_same_article_at_a_later_position_is_a_duplicate_of_itself_in_its_story() -> None:
    index = DedupeIndex()
    index.observe("o", "https://one.example/o", None, "Bridges\n" + STORY, 0.0, (0, 1))
    first = index.observe("a", "https://one.example/x", "g", STORY + " More.", 1.0, (1, 40))
    assert first.story_id == "o"
    again = index.observe("a", "https://one.example/x", "g", STORY + " More.", 5.0, (1, 77))
    assert (again.duplicate_of, again.story_id) == ("a", "o")
    # It writes nothing: the first position stays the one a replay is recognised by.
    assert index.store["a:a"][5] == [1, 40]
    assert (
        index.observe("a", "https://one.example/x", "g", STORY, 6.0, (1, 40)).duplicate_of is None
    )


def test_is_replay_needs_both_positions_to_tell_a_re_publication() -> None:
    from streams.dedupe.index import is_replay, recorded_position

    assert is_replay((0, 5), (0, 5))
    assert not is_replay((0, 5), (0, 6))
    assert is_replay(None, (0, 6)) and is_replay((0, 5), None)
    assert recorded_position(["s", 0.0, [], [], 2, [3, 4]]) == (3, 4)
    assert recorded_position(["s", 0.0, [], [], 2]) is None
    assert recorded_position(["s", 0.0, [], [], 2, "junk"]) is None


def test_fingerprints_expire_after_the_ttl_and_are_then_forgotten() -> None:
    index = DedupeIndex(ttl_s=DAY)
    index.observe("a", "https://one.example/x", None, STORY, 0.0)
    assert index.expire(DAY / 2) == 0
    removed = index.expire(2 * DAY)
    assert removed > 0 and len(index.store) == 0
    assert index.observe("b", "https://one.example/x", None, STORY, 2 * DAY).duplicate_of is None


def test_stale_entries_are_ignored_even_before_expiry_runs() -> None:
    index = DedupeIndex(ttl_s=DAY)
    index.observe("a", "https://one.example/x", None, STORY, 0.0)
    assert index.observe("b", "https://one.example/x", None, STORY, 3 * DAY).duplicate_of is None


def test_a_new_article_writes_one_small_json_value_and_copies_write_nothing() -> None:
    index = DedupeIndex()
    index.observe("a", "https://one.example/x", "g", STORY, 0.0)
    assert len(index.store) == 1, "one store entry (one changelog record) per article"
    for value in index.store.values():
        assert len(json.dumps(value)) < 512
    index.observe("b", "https://one.example/x", "g", STORY, 1.0)
    assert len(index.store) == 1


def test_an_index_rebuilt_from_its_store_gives_the_same_verdicts() -> None:
    live = DedupeIndex()
    live.observe("a", "https://one.example/x", None, "Three bridges planned\n" + STORY, 0.0)
    live.observe("c", "https://three.example/z", None, "Bridges\n" + STORY, 5.0)
    restarted = DedupeIndex(dict(json.loads(json.dumps(live.store))))
    edited = "UPDATE: State to fund river crossings\n" + STORY + " Share this article."
    for index in (live, restarted):
        assert index.observe("b", "https://one.example/x", None, "x", 9.0).duplicate_of == "a"
        assert index.observe("d", "https://four.example/", None, edited, 9.0).story_id == "a"
        assert index.observe("c", "https://three.example/z", None, "", 9.0).story_id == "a"


def test_memory_stays_bounded_when_expiry_runs_regularly() -> None:
    index = DedupeIndex(ttl_s=100.0)
    peak = 0
    for n in range(600):
        text = f"article number {n} " + " ".join(f"w{n}x{i}" for i in range(20))
        index.observe(f"id{n}", f"https://x.example/{n}", None, text, float(n))
        if n % 50 == 0:
            index.expire(float(n))
        peak = max(peak, len(index.store))
    assert peak < 200 * 14


class CountingStore(dict[str, Any]):
    """A dict that counts how many entries an expiry pass reads."""

    read = 0

    def items(self):  # type: ignore[no-untyped-def, override]
        for item in super().items():
            CountingStore.read += 1
            yield item


def test_an_expiry_pass_reads_only_the_articles_it_expires_not_the_whole_store() -> None:
    store = CountingStore()
    index = DedupeIndex(store, ttl_s=100.0)
    for n in range(1000):
        index.observe(f"id{n}", f"https://x.example/{n}", None, f"text {n}", float(n))
    CountingStore.read = 0
    assert index.expire(150.0) == 50
    assert CountingStore.read == 0, "expiry must not scan the table"
    assert len(store) == 950


async def test_a_large_expiry_yields_to_the_event_loop_between_slices() -> None:
    index = DedupeIndex(ttl_s=10.0)
    for n in range(3000):
        index.observe(f"id{n}", f"https://x.example/{n}", None, f"text {n}", 0.0)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    removed = await index.expire_gradually(100.0)
    task.cancel()
    assert removed == 3000 and len(index.store) == 0
    assert ticks >= 3, "the event loop ran between slices"


async def test_records_of_an_earlier_store_layout_are_dropped_by_the_next_expiry() -> None:
    # One entry per fingerprint key, [article id, story id, seen at]: the layout before
    # one-entry-per-article. Nothing reads these any more, so they must not stay for ever.
    store: dict[str, Any] = {"u:abc": ["old", "old", 5.0], "b:3:0123": ["old", "old", 5.0],
                             "a:broken": "not a record"}  # fmt: skip
    index = DedupeIndex(store, ttl_s=DAY)
    index.observe("new", "https://one.example/x", None, STORY, 10.0)
    assert await index.expire_gradually(11.0) == 3
    assert list(store) == ["a:new"]


def test_band_keys_of_another_fingerprint_version_are_not_matched() -> None:
    live = DedupeIndex()
    live.observe("a", "https://one.example/x", None, STORY, 0.0)
    [record] = live.store.values()
    assert record[4] == FINGERPRINT_VERSION
    record[4] = FINGERPRINT_VERSION - 1  # written by an earlier band-key scheme
    restarted = DedupeIndex(dict(live.store))
    edited = "UPDATE: State to fund river crossings\n" + STORY + " Share this article."
    assert restarted.observe("d", "https://four.example/", None, edited, 9.0).story_id == "d"


def test_fingerprints_of_a_batch_are_each_texts_own() -> None:
    texts = [GOLDEN_TEXTS[name] for name in sorted(GOLDEN_TEXTS)]
    assert fingerprints(texts) == [fingerprint(text) for text in texts]
    assert fingerprints(texts[::-1] + texts) == [fingerprint(t) for t in texts[::-1] + texts]
    assert fingerprints([]) == []


@given(st.lists(st.text(alphabet=WORD_ALPHABET, max_size=120), max_size=6))
def test_fingerprints_of_any_batch_are_each_texts_own(texts: list[str]) -> None:
    assert fingerprints(texts) == [fingerprint(text) for text in texts]
