"""`Delivery`: every output record is acknowledged, re-sent, or replaced by a dead letter."""

from __future__ import annotations

import asyncio
import json
from collections import deque
from datetime import UTC, datetime

from aiokafka.errors import KafkaTimeoutError, MessageSizeTooLargeError

from streams.deadletter import SourceRecord
from streams.delivery import Delivery

SOURCE = SourceRecord("newsmon.articles.raw", 2, 41, b"key-1", b'{"raw": true}')
NOW = datetime(2026, 11, 24, tzinfo=UTC)


class ScriptedKafka:
    """Answers each send of a topic with the next scripted outcome (None = acknowledged)."""

    def __init__(self, script: dict[str, list[BaseException | None]]) -> None:
        self.script = {topic: deque(outcomes) for topic, outcomes in script.items()}
        self.sent: list[tuple[str, bytes]] = []

    async def send_now(self, topic: str, key: bytes, value: bytes) -> asyncio.Future[object]:
        self.sent.append((topic, value))
        outcomes = self.script.get(topic)
        outcome = outcomes.popleft() if outcomes else None
        acknowledged: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        if outcome is None:
            acknowledged.set_result(None)
        else:
            acknowledged.set_exception(outcome)
        return acknowledged


def delivery(kafka: ScriptedKafka, dead: list[int] | None = None) -> Delivery:
    return Delivery(
        kafka.send_now,
        "dlq",
        lambda: NOW,
        retry_initial_s=0.001,
        on_dead_letter=lambda: (dead if dead is not None else []).append(1),
    )


async def test_a_record_kafka_did_not_take_is_sent_again_until_it_is() -> None:
    kafka = ScriptedKafka({"out": [KafkaTimeoutError(), KafkaTimeoutError(), None]})
    guard = delivery(kafka)
    await guard.send("out", b"k", b"v", SOURCE)
    await guard.settle()
    assert [topic for topic, _ in kafka.sent] == ["out", "out", "out"]
    assert guard.pending == 0


async def test_a_record_refused_as_too_large_twice_becomes_a_dead_letter() -> None:
    dead: list[int] = []
    kafka = ScriptedKafka({"out": [MessageSizeTooLargeError(), MessageSizeTooLargeError()]})
    guard = delivery(kafka, dead)
    await guard.send("out", b"k", b"v" * 10, SOURCE)
    await guard.send("other", b"k2", b"fine", SOURCE)
    await guard.settle()
    topics = [topic for topic, _ in kafka.sent]
    assert topics == ["out", "other", "out", "dlq"]
    letter = json.loads(kafka.sent[-1][1])
    assert (letter["topic"], letter["partition"], letter["offset"]) == (
        "newsmon.articles.raw",
        2,
        41,
    )
    assert letter["payload"]  # the raw record travels with it, so it can be replayed
    assert dead == [1]


async def test_a_record_that_only_shared_a_batch_with_a_large_one_is_kept() -> None:
    dead: list[int] = []
    kafka = ScriptedKafka({"out": [MessageSizeTooLargeError(), None]})
    guard = delivery(kafka, dead)
    await guard.send("out", b"k", b"v", SOURCE)
    await guard.settle()
    assert [topic for topic, _ in kafka.sent] == ["out", "out"]
    assert dead == []


async def test_an_error_raised_at_send_time_is_handled_like_a_refusal() -> None:
    calls = 0

    async def flaky(topic: str, key: bytes, value: bytes) -> asyncio.Future[object]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise KafkaTimeoutError()
        done: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    guard = Delivery(flaky, "dlq", lambda: NOW, retry_initial_s=0.001)
    await guard.send("out", b"k", b"v", SOURCE)
    await guard.settle()
    assert calls == 2


async def test_a_dead_letter_too_large_to_store_keeps_the_coordinates_without_the_bytes() -> None:
    too_large = MessageSizeTooLargeError()
    kafka = ScriptedKafka({"out": [too_large, too_large], "dlq": [too_large, too_large]})
    guard = delivery(kafka)
    await guard.send("out", b"k", b"v", SOURCE)
    await guard.settle()
    letter = json.loads(kafka.sent[-1][1])
    assert kafka.sent[-1][0] == "dlq"
    assert (letter["offset"], letter["payload"]) == (41, "")


async def test_a_full_batch_is_settled_without_waiting_for_the_clock() -> None:
    kafka = ScriptedKafka({})
    guard = Delivery(kafka.send_now, "dlq", lambda: NOW, batch=3, max_age_s=60)
    for n in range(3):
        await guard.send("out", b"k", str(n).encode(), SOURCE)
    assert guard.pending == 0
