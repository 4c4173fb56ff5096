"""De-duplication: exact duplicates, near-duplicate stories, expiry, replays, store shape."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from streams.dedupe import DedupeIndex
from streams.dedupe.fingerprint import FINGERPRINT_VERSION

DAY = 24 * 3600.0
STORY = (
    "The government announced on Tuesday that it will build three new bridges over the river "
    "before the end of next year, with work starting in the spring and costs shared by the "
    "regions and the state railway company."
)


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


def test_observing_the_same_article_again_is_not_a_duplicate_of_itself() -> None:
    index = DedupeIndex()
    first = index.observe("a", "https://one.example/x", "g", STORY, 0.0)
    replay = index.observe("a", "https://one.example/x", "g", STORY, 5.0)
    assert replay == first


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
