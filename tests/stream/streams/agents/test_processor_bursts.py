"""Bursts through the worker's RecordProcessor (real pipeline, dict stores), replays included."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from newsmon.contract.alert import Alert
from streams.agents.outcome import Outcome
from streams.deadletter import SourceRecord
from tests.support.builders import Built, build_processor, sample
from tests.support.stories import nato_article
from tests.unit.streams.bursts.test_detector import counted

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def feed(built: Built, numbers_and_times: list[tuple[int, datetime]]) -> list[Outcome]:
    outcomes = []
    for offset, (n, at) in enumerate(numbers_and_times):
        record = SourceRecord(
            "newsmon.articles.raw", 0, offset, b"k", nato_article(n, at).to_json()
        )
        outcomes.append(built.processor.process(record, at))
    return outcomes


def bursts(outcomes: list[Outcome]) -> list[Alert]:
    return [a for o in outcomes for a in o.alerts if a.kind == "burst"]


def surge() -> list[tuple[int, datetime]]:
    """Eight new NATO stories within eight minutes on a fresh worker."""
    return [(i, T0 + timedelta(minutes=i)) for i in range(8)]


def test_a_surge_of_new_stories_raises_one_burst_alert_on_the_alerts_topic() -> None:
    built = build_processor()
    outcomes = feed(built, surge())
    assert [len(bursts([o])) for o in outcomes] == [0, 0, 0, 0, 0, 1, 0, 0]
    [burst] = bursts(outcomes)
    assert burst.burst is not None and burst.burst.count == 6
    [record] = [o for o in outcomes[5].outgoing if json.loads(o.value).get("kind") == "burst"]
    assert (record.topic, record.key) == ("newsmon.alerts", burst.key())
    assert sample(built.metrics, "newsmon_worker_alerts_total", topic="nato",
                  severity="warning", kind="burst") == 1  # fmt: skip
    # Every story still raised its own `new` alert.
    assert sum(a.kind == "new" for o in outcomes for a in o.alerts) == 8


def test_replaying_the_surge_re_emits_only_the_same_burst() -> None:
    built = build_processor()
    first = bursts(feed(built, surge()))
    again = feed(built, surge())
    assert [a.to_json() for a in bursts(again)] == [a.to_json() for a in first]
    assert [len(bursts([o])) for o in again] == [0, 0, 0, 0, 0, 1, 0, 0]


def test_exact_duplicates_do_not_count() -> None:
    built = build_processor()
    same = [(0, T0 + timedelta(seconds=i)) for i in range(10)]
    assert bursts(feed(built, same)) == []
    assert len(counted(built.bursts)) == 1
