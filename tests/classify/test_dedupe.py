"""De-duplication: exact duplicates, near-duplicate stories, expiry, replays, store shape."""

from __future__ import annotations

import json

from streams.dedupe import DedupeIndex

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
