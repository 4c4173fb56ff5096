"""`newsmon run`'s alert lines: each alert id printed once, whatever the topic repeats."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from newsmon.alert_follower import AlertFollower, end_offsets
from newsmon.contract.alert import Alert, alert_id, update_alert_id
from newsmon.kafka.admin import TopicSpec, ensure_topics
from tests.support.kafka_io import produce

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
NEW = Alert(
    id=alert_id("nato", "s1"), kind="new", topic="nato", severity="warning", reason="r",
    story_id="s1", story_ids=("s1",), article_ids=("s1",), title="Summit opens",
    url="https://a.example/1", score=0.9, outlets=1, terms=("nato",), published_at=NOW,
    fetched_at=NOW, created_at=NOW,
)  # fmt: skip


def test_an_alert_already_on_the_topic_at_start_is_not_printed_and_an_id_prints_once() -> None:
    follower = AlertFollower("unused:1", "alerts", {0: 2}, print)
    assert follower.handle(0, 1, NEW.to_json()) is None  # there before the run started
    assert follower.handle(0, 2, NEW.to_json()) is None  # the worker wrote it again
    update = replace(NEW, id=update_alert_id("nato", "s1", 3), kind="update", outlets=3)
    line = "ALERT update [warning] nato: Summit opens (https://a.example/1) — 3 outlets"
    assert follower.handle(1, 0, update.to_json()) == line
    assert follower.handle(1, 1, update.to_json()) is None
    assert follower.handle(1, 2, b"not an alert") is None


@pytest.mark.kafka
async def test_the_follower_prints_each_new_alert_id_once(
    kafka_bootstrap: str, unique_name: str
) -> None:
    topic = f"test.alerts.{unique_name}"
    await ensure_topics(kafka_bootstrap, [TopicSpec(topic, 2, 1)])
    other = replace(NEW, id=alert_id("nato", "s2"), story_id="s2", title="Second story")
    await produce(kafka_bootstrap, topic, [(NEW.key(), NEW.to_json())])
    lines: list[str] = []
    follower = AlertFollower(kafka_bootstrap, topic, await end_offsets(kafka_bootstrap, topic),
                             lines.append)  # fmt: skip
    follower.start()
    try:
        await produce(kafka_bootstrap, topic, [(a.key(), a.to_json()) for a in (NEW, other, other)])
        deadline = time.monotonic() + 20
        while not lines and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.5)
    finally:
        follower.stop()
    assert lines == ["ALERT [warning] nato: Second story (https://a.example/1)"]


@pytest.mark.kafka
async def test_a_missing_topic_has_no_end_offsets(kafka_bootstrap: str, unique_name: str) -> None:
    assert await end_offsets(kafka_bootstrap, f"absent.{unique_name}") == {}
