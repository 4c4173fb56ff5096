"""FeedState: bounded memory of seen entries and a lossless wire form."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, datetime

import pytest

from connectors.state import SEEN_IDS_LIMIT, FeedState, FeedStatus

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_state_survives_its_round_trip_through_json() -> None:
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
    assert FeedState.from_json(state.to_json()) == state


def test_every_field_is_on_the_wire_in_declaration_order() -> None:
    wire = json.loads(FeedState.initial("https://example.test/a.xml").to_json())
    assert list(wire) == [f.name for f in fields(FeedState)]


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
    state = FeedState.from_json(raw)
    assert state.url == "https://example.test/a.xml"


def test_something_that_is_not_a_state_is_refused() -> None:
    with pytest.raises(ValueError, match="not a feed state"):
        FeedState.from_json("[1, 2]")


def test_status_moves_from_new_to_ok_to_failing_to_dead() -> None:
    state = FeedState.initial("https://example.test/a.xml")
    assert state.status is FeedStatus.NEW
    assert state.evolve(last_success=NOW).status is FeedStatus.OK
    assert state.evolve(failures=1).status is FeedStatus.FAILING
    assert state.evolve(failures=50).status is FeedStatus.DEAD
