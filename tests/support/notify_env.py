"""Fixtures of the notifier tests: alerts, a producer for them, topics and a receiver."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from newsmon.contract.alert import Alert, alert_id
from newsmon.kafka.admin import ensure_topics
from streams.notify.topics import NotifyTopics
from tests.support.receiver import Receiver


def make_alert(n: int, topic: str = "sanctions", severity: str = "warning", kind: str = "new"
               ) -> Alert:  # fmt: skip
    now = datetime.now(UTC)
    story = f"story-{n}"
    return Alert(
        id=alert_id(topic, story), kind=kind, topic=topic, severity=severity,  # type: ignore[arg-type]
        reason="score 0.9 over 0.75", story_id=story, story_ids=(story,), article_ids=(f"a{n}",),
        title=f"Test story number {n} about new export controls",
        url=f"https://news.example.org/story/{n}", score=0.9, outlets=2,
        terms=("export controls", "sanctions"), published_at=now, fetched_at=now, created_at=now,
    )  # fmt: skip


async def produce(bootstrap: str, topic: str, alerts: list[Alert]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for alert in alerts:
            await producer.send(topic, alert.to_json(), key=alert.key())
        await producer.flush()
    finally:
        await producer.stop()


async def read_all(bootstrap: str, topic: str, expect: int, timeout_s: float = 30.0
                   ) -> list[dict[str, object]]:  # fmt: skip
    """Read `topic` from the beginning until `expect` records arrived (or the timeout)."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    values: list[dict[str, object]] = []
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while len(values) < expect and loop.time() < deadline:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                values += [json.loads(r.value) for r in records if r.value]
    finally:
        await consumer.stop()
    return values


@pytest.fixture
def topics(kafka_bootstrap: str, unique_name: str) -> NotifyTopics:
    names = NotifyTopics.with_prefix(f"t{unique_name}.")
    asyncio.run(ensure_topics(kafka_bootstrap, names.specs(2, 1)))
    return names


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


async def until(predicate: object, timeout_s: float = 60.0, what: str = "condition") -> None:
    """Poll `predicate()` without blocking the event loop; AssertionError after the timeout."""
    assert callable(predicate)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f}s waiting for {what}")
        await asyncio.sleep(0.1)


async def committed(bootstrap: str, group: str, topic: str) -> int:
    """Sum of the group's committed offsets over the topic's partitions."""
    from aiokafka import TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group,
                                enable_auto_commit=False)  # fmt: skip
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        if not partitions:
            await consumer._client.force_metadata_update()
            partitions = consumer.partitions_for_topic(topic) or set()
        total = 0
        for p in partitions:
            total += await consumer.committed(TopicPartition(topic, p)) or 0
        return total
    finally:
        await consumer.stop()
