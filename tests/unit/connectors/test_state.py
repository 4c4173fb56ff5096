"""FeedState: bounded memory of seen entries and a lossless wire form in two records."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, datetime

import pytest

from connectors.state import (
    SEEN_IDS_LIMIT,
    FeedState,
    FeedStatus,
    decode_seen_ids,
    feed_of_seen_ids_key,
)
from tests.support.connector_fakes import schema_1_record

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_state_survives_its_round_trip_through_its_two_records() -> None:
    state = FeedState(
        feed="https://example.test/a.xml",
        url="https://example.test/moved.xml",
        etag='W/"abc"',
        last_modified="Sun, 01 Mar 2026 11:00:00 GMT",
        seen_ids=("a", "b"),
        next_due=NOW,
        interval_s=300.0,
        failures=2,
        last_error="timeout",
        last_success=NOW,
    )
    seen_ids = decode_seen_ids(state.seen_ids_json())
    assert FeedState.from_records(state.feed, state.record_json(), seen_ids) == state


def test_every_field_but_the_seen_ids_is_in_the_record_in_declaration_order() -> None:
    wire = json.loads(FeedState.initial("https://example.test/a.xml").record_json())
    expected = [f.name for f in fields(FeedState) if f.name != "seen_ids"]
    assert list(wire) == [*expected, "schema_version"]
    assert wire["schema_version"] == 2


def test_the_record_written_after_every_poll_stays_small_with_a_thousand_seen_ids() -> None:
    state = FeedState(
        feed="https://example.test/a.xml",
        url="https://example.test/a.xml",
        etag='W/"abc"',
        seen_ids=tuple(f"{n:032x}" for n in range(SEEN_IDS_LIMIT)),
        next_due=NOW,
        interval_s=300.0,
        last_success=NOW,
    )
    assert len(state.record_json()) < 400
    assert len(state.seen_ids_json()) > 30_000


def test_the_seen_ids_key_is_never_a_feeds_key() -> None:
    state = FeedState.initial("https://example.test/a.xml")
    seen_key = state.seen_ids_key().decode()
    assert not seen_key.startswith(("http://", "https://"))  # every feed key does
    assert feed_of_seen_ids_key(seen_key) == state.feed
    assert feed_of_seen_ids_key(state.key().decode()) is None


SCHEMA_1 = schema_1_record("https://example.test/old.xml")


def test_a_state_saved_in_the_one_record_format_of_schema_1_still_loads() -> None:
    state = FeedState.from_records("https://example.test/old.xml", SCHEMA_1, None)
    assert state.seen_ids == ("old-1", "old-2", "old-3")
    assert state.etag == '"v1"'
    assert state.next_due == datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    assert state.interval_s == 1800.0
    assert state.status is FeedStatus.OK


def test_a_schema_1_record_written_after_a_downgrade_wins_over_older_seen_ids() -> None:
    state = FeedState.from_records("https://example.test/old.xml", SCHEMA_1, ("stale",))
    assert state.seen_ids == ("old-1", "old-2", "old-3")


def test_seen_ids_saved_without_the_rest_resume_a_new_feed_with_them() -> None:
    # A crash between the two writes of a feed's first save leaves only the seen ids.
    state = FeedState.from_records("https://example.test/a.xml", None, ("x", "y"))
    assert state == FeedState.initial("https://example.test/a.xml").evolve(seen_ids=("x", "y"))


def test_a_seen_ids_record_is_refused_where_it_is_not_one() -> None:
    with pytest.raises(ValueError, match="not a seen-ids record"):
        decode_seen_ids(FeedState.initial("https://example.test/a.xml").record_json())


def test_seen_ids_keep_only_the_newest_thousand() -> None:
    state = FeedState.initial("https://example.test/a.xml")
    state = state.with_seen(str(i) for i in range(SEEN_IDS_LIMIT + 250))
    assert len(state.seen_ids) == SEEN_IDS_LIMIT
    assert state.seen_ids[0] == "250"
    assert state.is_seen(str(SEEN_IDS_LIMIT + 249))
    assert not state.is_seen("0")


def test_seen_ids_are_not_duplicated() -> None:
    state = FeedState.initial("https://example.test/a.xml").with_seen(["x", "y"])
    state = state.with_seen(["y", "z"])
    assert state.seen_ids == ("x", "y", "z")


def test_unknown_fields_from_a_newer_connector_are_ignored() -> None:
    raw = json.dumps({"feed": "https://example.test/a.xml", "future_field": 1})
    state = FeedState.from_records("https://example.test/a.xml", raw.encode(), None)
    assert state.url == "https://example.test/a.xml"


def test_something_that_is_not_a_state_is_refused() -> None:
    with pytest.raises(ValueError, match="not a feed state"):
        FeedState.from_records("https://example.test/a.xml", b"[1, 2]", None)


def test_status_moves_from_new_to_ok_to_failing_to_dead() -> None:
    state = FeedState.initial("https://example.test/a.xml")
    assert state.status is FeedStatus.NEW
    assert state.evolve(last_success=NOW).status is FeedStatus.OK
    assert state.evolve(failures=1).status is FeedStatus.FAILING
    assert state.evolve(failures=50).status is FeedStatus.DEAD
