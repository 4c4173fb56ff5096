"""Burst detection over synthetic timelines: exactly the expected bursts, the same on replay."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from newsmon.contract.alert import Alert, burst_alert_id
from newsmon.contract.records import ClassifiedArticle, Evidence, Severity, TopicMatch
from streams.bursts.detector import PRUNE_EVERY_MINUTES, BurstDetector, event_time, outlet_of
from streams.bursts.settings import BurstSettings
from streams.classify.definitions import TopicFileError, parse_topics
from tests.support.stories import nato_article

T0 = datetime(2026, 3, 1, tzinfo=UTC)


class Policy:
    def __init__(self, burst: BurstSettings, severity: Severity = "warning") -> None:
        self.burst = burst
        self.severity: Severity = severity


def detector(store: dict[str, Any], **settings: Any) -> BurstDetector:
    policy = Policy(BurstSettings.model_validate(settings))
    return BurstDetector(store, {"nato": policy}.get)


def labelled(
    n: int, at: datetime, story: int | None = None
) -> tuple[ClassifiedArticle, TopicMatch]:
    """Article `n` at `at`, of story `story` (default: its own), labelled nato."""
    article = nato_article(n, at)
    story_id = article.id if story is None else nato_article(story, at).id
    match = TopicMatch("nato", 0.8, (Evidence("nato", "title", 0, 4, 1.0),))
    return ClassifiedArticle(article, (match,), story_id, None, at), match


def timeline() -> list[tuple[int, datetime, int | None]]:
    """(article number, event time, story number or None): a quiet day, then two surges.

    - a story every two hours for a day (12 stories: the baseline);
    - 8 stories one minute apart from 24:00: the 5th completes the first burst;
    - a second article of the first surge story (no new story);
    - 6 stories one minute apart from 24:30: a window clear of the first, a second burst;
    - 2 quiet stories an hour apart afterwards.
    """
    events: list[tuple[int, datetime, int | None]] = [
        (n, T0 + timedelta(hours=2 * n), None) for n in range(12)
    ]
    events += [(100 + i, T0 + timedelta(hours=24, minutes=i), None) for i in range(8)]
    events.append((150, T0 + timedelta(hours=24, minutes=9), 100))
    events += [(200 + i, T0 + timedelta(hours=24, minutes=30 + i), None) for i in range(6)]
    events += [(300 + i, T0 + timedelta(hours=26 + i), None) for i in range(2)]
    return events


def counted(store: dict[str, Any], topic: str = "nato") -> dict[str, Any]:
    """Every story the detector holds for `topic`, from its hour buckets."""
    return {s: v for k, b in store.items() if k.startswith(f"{topic}@") for s, v in b.items()}


def run(det: BurstDetector, events: Sequence[tuple[int, datetime, int | None]]) -> list[Alert]:
    alerts = []
    for n, at, story in events:
        classified, match = labelled(n, at, story)
        alert = det.observe(classified, match, at)  # `now` = event time: fully reproducible
        if alert is not None:
            alerts.append(alert)
    return alerts


def test_a_timeline_gives_exactly_the_expected_bursts() -> None:
    alerts = run(detector({}), timeline())
    assert [a.kind for a in alerts] == ["burst", "burst"]
    first, second = alerts
    assert first.burst is not None and second.burst is not None
    # The 5th surge story (24:04) completes the first: the window is the 15 min ending 24:05.
    assert first.burst.window_end == T0 + timedelta(hours=24, minutes=5)
    assert first.burst.window_start == T0 + timedelta(hours=23, minutes=50)
    assert first.id == burst_alert_id("nato", first.burst.window_start)
    assert first.burst.count == 5
    assert first.story_ids == tuple(nato_article(100 + i, T0).id for i in range(5))
    assert first.article_ids == (nato_article(104, T0).id,)
    assert first.story_id is None and first.topic == "nato" and first.severity == "warning"
    assert first.burst.expected == pytest.approx(13 * 900 / (86400 - 600), rel=1e-3)
    assert first.burst.p_value < 0.001
    assert first.published_at == T0 + timedelta(hours=24)
    assert first.outlets == 1 and first.terms == ("nato",)
    # The second surge: its 5th story at 24:34, window 24:20-24:35 (clear of the first).
    assert second.burst.window_start == T0 + timedelta(hours=24, minutes=20)
    assert second.burst.count == 5
    assert second.story_ids == tuple(nato_article(200 + i, T0).id for i in range(5))


def test_feeding_the_same_timeline_again_re_emits_only_the_same_two_bursts() -> None:
    store: dict[str, Any] = {}
    first = run(detector(store), timeline())
    again = run(detector(store), timeline())
    assert [a.to_json() for a in again] == [a.to_json() for a in first]


@pytest.mark.parametrize("crash_after", [5, 15, 16, 19, 23, 26])
@pytest.mark.parametrize("committed", [0, 12, 16, 20])
def test_a_crash_and_replay_gives_the_same_alerts(crash_after: int, committed: int) -> None:
    """The state may have run ahead of the committed offset (a changelog write that reached
    Kafka before the crash) or not: either way the replay from the committed offset emits
    exactly the alerts of the records it re-reads, byte for byte as the first time."""
    events = timeline()
    committed = min(committed, crash_after)
    uninterrupted = detector({})
    by_record = [run(uninterrupted, [event]) for event in events]
    expected_after = [a.to_json() for alerts in by_record[committed:] for a in alerts]
    for state_at in {committed, crash_after}:
        store: dict[str, Any] = {}
        det = detector(store)
        run(det, events[:state_at])
        snapshot = copy.deepcopy(store)
        run(det, events[state_at:crash_after])
        recovered = snapshot if state_at == committed else store
        after = run(detector(recovered), events[committed:])
        assert [a.to_json() for a in after] == expected_after


def test_a_story_counts_once_even_when_more_of_its_articles_come() -> None:
    store: dict[str, Any] = {}
    det = detector(store, min_count=2)
    events = [(1, T0, None), (2, T0 + timedelta(minutes=1), 1), (3, T0 + timedelta(minutes=2), 1)]
    assert run(det, events) == []
    assert len(counted(store)) == 1


def test_the_state_stays_bounded_by_baseline_and_window() -> None:
    store: dict[str, Any] = {}
    det = detector(store, window="15m", baseline="2h", min_count=3)
    # A story every five minutes for a day, with a surge of 6 at each full hour.
    events = []
    for minute in range(0, 24 * 60, 5):
        events.append((minute, T0 + timedelta(minutes=minute), None))
        if minute % 60 == 0:
            events += [(10_000 + minute + i, T0 + timedelta(minutes=minute, seconds=i), None)
                       for i in range(6)]  # fmt: skip
    alerts = run(det, events)
    assert alerts  # the surges did raise bursts
    state = store["nato"]
    # Dropped once per hour of event time, a whole hour bucket at a time.
    horizon_min = 2 * 60 + 15 + PRUNE_EVERY_MINUTES + 60
    stories = counted(store)
    assert len(stories) <= horizon_min // 5 + 1 + 6 * (horizon_min // 60 + 1)
    assert min(t for t, _ in stories.values()) >= state["latest"] - horizon_min * 60
    assert all(b[1] > state["latest"] - horizon_min * 60 for b in state["bursts"])
    assert len(store) <= 1 + horizon_min // 60 + 1  # the summary and the hour buckets
    assert all(len(json.dumps(value)) < 20_000 for value in store.values())


def test_a_story_older_than_the_horizon_is_not_counted() -> None:
    store: dict[str, Any] = {}
    det = detector(store)
    run(det, [(1, T0 + timedelta(days=3), None), (2, T0, None)])
    assert len(counted(store)) == 1


def test_a_late_story_in_an_old_window_raises_no_burst() -> None:
    det = detector({}, min_count=2)
    late = [
        (1, T0 + timedelta(hours=5), None),
        (2, T0, None),
        (3, T0 + timedelta(seconds=30), None),
    ]
    assert run(det, late) == []


def test_a_fresh_topic_needs_six_stories_in_the_window_with_the_defaults() -> None:
    events = [(i, T0 + timedelta(seconds=10 * i), None) for i in range(8)]
    alerts = run(detector({}), events)
    assert [a.burst.count for a in alerts if a.burst] == [6]


def test_a_disabled_topic_never_bursts() -> None:
    events = [(i, T0 + timedelta(seconds=10 * i), None) for i in range(20)]
    store: dict[str, Any] = {}
    assert run(detector(store, enabled=False), events) == [] and store == {}


def test_event_time_is_the_publication_capped_at_the_fetch() -> None:
    classified, _ = labelled(1, T0)
    ahead = dataclasses.replace(classified.article, published_at=T0 + timedelta(days=1))
    future = dataclasses.replace(classified, article=ahead)
    assert event_time(classified) == int(T0.timestamp())
    assert event_time(future) == int(T0.timestamp())


def test_outlets_are_feed_hosts() -> None:
    assert outlet_of("https://www.example.org/rss.xml") == "example.org"
    assert outlet_of("reuters") == "reuters"


def test_settings_read_durations_and_refuse_bad_ones() -> None:
    settings = BurstSettings.model_validate({"window": "30m", "baseline": "1d"})
    assert (settings.window, settings.baseline) == (1800, 86400)
    assert BurstSettings(window=600).window == 600
    for bad in ({"window": "90s"}, {"window": "soon"}, {"baseline": "10m"}, {"p_value": 0},
                {"min_count": 0}, {"windows": "15m"}):  # fmt: skip
        with pytest.raises(ValidationError):
            BurstSettings.model_validate(bad)


def test_a_topic_file_names_the_bad_burst_field() -> None:
    raw = {"topics": {"t": {"description": "d", "terms": {"any": {"x": 1.0}},
                            "burst": {"window": "7s"}}}}  # fmt: skip
    with pytest.raises(TopicFileError, match=r"topic 't': field 'burst.window'"):
        parse_topics(raw)
    raw["topics"]["t"]["burst"] = {"min_count": 9}
    assert parse_topics(raw).get("t").burst.min_count == 9
