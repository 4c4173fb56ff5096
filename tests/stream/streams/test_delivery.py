"""`Delivery`: every output record is acknowledged, re-sent, or replaced by a dead letter."""

from __future__ import annotations

import asyncio
import json
from collections import deque
from datetime import UTC, datetime

from aiokafka.errors import KafkaTimeoutError, MessageSizeTooLargeError
from faust.exceptions import ProducerSendError

from streams.compat.faust import watch_changelog
from streams.deadletter import SourceRecord
from streams.delivery import Delivery, Rewrite, settle_before

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


async def test_a_too_large_refusal_wrapped_by_faust_still_becomes_a_dead_letter() -> None:
    # faust's producer raises the client's "too large" as ProducerSendError from it: retrying
    # that for ever would hold the stream and every offset commit.
    dead: list[int] = []

    async def refuses_at_send_time(topic: str, key: bytes, value: bytes) -> asyncio.Future[object]:
        done: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        if topic == "out":
            try:
                raise MessageSizeTooLargeError()
            except MessageSizeTooLargeError as exc:
                raise ProducerSendError("Error while sending") from exc
        done.set_result(None)
        return done

    guard = Delivery(refuses_at_send_time, "dlq", lambda: NOW, retry_initial_s=0.001,
                     on_dead_letter=lambda: dead.append(1))  # fmt: skip
    await asyncio.wait_for(guard.send("out", b"k", b"v", SOURCE), timeout=5)
    await asyncio.wait_for(guard.settle(), timeout=5)
    assert dead == [1]
    assert guard.pending == 0


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


async def test_offsets_are_committed_only_after_every_pending_output_is_acknowledged() -> None:
    acknowledged: asyncio.Future[object] = asyncio.get_running_loop().create_future()

    async def slow_kafka(topic: str, key: bytes, value: bytes) -> asyncio.Future[object]:
        return acknowledged

    guard = Delivery(slow_kafka, "dlq", lambda: NOW, max_age_s=60)
    await guard.send("out", b"k", b"v", SOURCE)
    committed: list[dict[str, int]] = []

    async def commit(offsets: dict[str, int]) -> bool:
        committed.append(offsets)
        return True

    commit_when_settled = settle_before(guard.settle, commit)
    commit_task = asyncio.create_task(commit_when_settled({"raw-0": 42}))
    await asyncio.sleep(0.05)
    assert committed == []  # Kafka has not taken the output yet: the offset must wait
    acknowledged.set_result(None)
    assert await commit_task is True
    assert committed == [{"raw-0": 42}]
    assert guard.pending == 0


async def test_a_table_write_kafka_refused_is_written_again_with_the_current_value() -> None:
    failed: asyncio.Future[object] = asyncio.get_running_loop().create_future()
    failed.set_exception(KafkaTimeoutError())
    rewritten: list[str] = []

    async def rewrite() -> asyncio.Future[object]:
        rewritten.append("story-1")
        done: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    guard = Delivery(ScriptedKafka({}).send_now, "dlq", lambda: NOW, retry_initial_s=0.001)
    guard.watch("stories-changelog", failed, rewrite)
    assert guard.pending == 1
    await guard.settle()
    assert rewritten == ["story-1"]
    assert guard.pending == 0


async def test_a_table_write_refused_as_too_large_is_given_up_without_a_dead_letter() -> None:
    kafka = ScriptedKafka({})
    failed: asyncio.Future[object] = asyncio.get_running_loop().create_future()
    failed.set_exception(MessageSizeTooLargeError())

    async def rewrite() -> asyncio.Future[object]:
        again: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        again.set_exception(MessageSizeTooLargeError())
        return again

    guard = Delivery(kafka.send_now, "dlq", lambda: NOW, retry_initial_s=0.001)
    guard.watch("stories-changelog", failed, rewrite)
    await guard.settle()
    assert kafka.sent == []
    assert guard.pending == 0


class StubTable:
    """What `watch_changelog` uses of a faust Table; its first changelog write is refused."""

    name = "stories"

    def __init__(self) -> None:
        self.data: dict[str, str] = {}
        self.written: list[tuple[str, str | None]] = []

    def partition_for_key(self, key: str) -> int | None:
        return None

    def send_changelog(self, partition: int | None, key: str, value: str | None,
                       key_serializer: object = None,
                       value_serializer: object = None) -> asyncio.Future[object]:  # fmt: skip
        self.written.append((key, value))
        written: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        if len(self.written) == 1:
            written.set_exception(KafkaTimeoutError())
        else:
            written.set_result(None)
        return written


async def test_a_refused_changelog_write_is_made_again_with_the_keys_value_of_that_time() -> None:
    table = StubTable()
    guard = Delivery(ScriptedKafka({}).send_now, "dlq", lambda: NOW, retry_initial_s=0.001)
    watch_changelog(table, guard)  # type: ignore[arg-type]
    table.data["story-1"] = "first"
    table.send_changelog(None, "story-1", "first")
    table.data["story-1"] = "second"
    table.send_changelog(None, "story-1", "second")
    await guard.settle()
    # Re-writing "first" would overwrite the newer value in the compacted changelog.
    assert table.written == [("story-1", "first"), ("story-1", "second"),
                             ("story-1", "second")]  # fmt: skip
    assert guard.pending == 0


async def test_a_refused_write_of_a_key_deleted_since_is_made_again_as_a_tombstone() -> None:
    table = StubTable()
    guard = Delivery(ScriptedKafka({}).send_now, "dlq", lambda: NOW, retry_initial_s=0.001)
    watch_changelog(table, guard)  # type: ignore[arg-type]
    table.send_changelog(None, "story-1", "first")
    await guard.settle()
    assert table.written == [("story-1", "first"), ("story-1", None)]


def future() -> asyncio.Future[object]:
    return asyncio.get_running_loop().create_future()


async def wrote_again() -> asyncio.Future[object]:
    done = future()
    done.set_result(None)
    return done


def with_table_write(
    rewrite: Rewrite = wrote_again,
) -> tuple[ScriptedKafka, Delivery, asyncio.Future[object]]:
    """A Delivery to a scripted Kafka with one table write watched, not yet acknowledged."""
    kafka = ScriptedKafka({})
    guard = Delivery(kafka.send_now, "dlq", lambda: NOW, retry_initial_s=0.001, max_age_s=60)
    written = future()
    guard.watch("stories changelog", written, rewrite)
    return kafka, guard, written


async def test_an_alert_reaches_kafka_only_after_the_table_writes_made_before_it() -> None:
    # A worker killed between the two would leave an alert its successor knows nothing of.
    kafka, guard, written = with_table_write()
    await guard.send_after_state("alerts", b"a1", b"burst", SOURCE)
    await guard.send("classified", b"k", b"article", SOURCE)
    await asyncio.sleep(0.01)
    assert kafka.sent == [("classified", b"article")]  # the agent went on meanwhile
    written.set_result(None)
    await guard.settle()
    assert kafka.sent == [("classified", b"article"), ("alerts", b"burst")]
    assert guard.pending == 0


async def test_alerts_held_for_table_writes_keep_their_order() -> None:
    kafka, guard, written = with_table_write()
    await guard.send_after_state("alerts", b"a1", b"new", SOURCE)
    await guard.send_after_state("alerts", b"a1", b"update", SOURCE)
    assert kafka.sent == []
    written.set_result(None)
    # The write is in, but the task that sends the alerts held for it has not run yet.
    await guard.send_after_state("alerts", b"a1", b"update 2", SOURCE)
    await guard.settle()
    assert kafka.sent == [("alerts", b"new"), ("alerts", b"update"), ("alerts", b"update 2")]


async def test_an_alert_with_no_table_write_outstanding_is_sent_at_once() -> None:
    kafka = ScriptedKafka({})
    guard = Delivery(kafka.send_now, "dlq", lambda: NOW, max_age_s=60)
    written = future()
    written.set_result(None)
    guard.watch("stories changelog", written, wrote_again)
    await guard.send_after_state("alerts", b"a1", b"new", SOURCE)
    assert kafka.sent == [("alerts", b"new")]


async def test_a_commit_waits_for_an_alert_still_held_for_its_table_writes() -> None:
    kafka, guard, written = with_table_write()
    await guard.send_after_state("alerts", b"a1", b"burst", SOURCE)
    committed: list[int] = []

    async def commit() -> None:
        committed.append(1)

    commit_task = asyncio.create_task(settle_before(guard.settle, commit)())
    await asyncio.sleep(0.01)
    assert committed == []
    written.set_result(None)
    await commit_task
    assert committed == [1]
    assert kafka.sent == [("alerts", b"burst")]


async def test_an_alert_held_for_a_refused_table_write_waits_until_it_is_made_again() -> None:
    events: list[str] = []
    kafka = ScriptedKafka({})

    async def send_now(topic: str, key: bytes, value: bytes) -> asyncio.Future[object]:
        events.append(f"sent {value.decode()}")
        return await kafka.send_now(topic, key, value)

    async def rewrite() -> asyncio.Future[object]:
        events.append("written again")
        return await wrote_again()

    guard = Delivery(send_now, "dlq", lambda: NOW, retry_initial_s=0.001, max_age_s=60)
    written = future()
    guard.watch("stories changelog", written, rewrite)
    await guard.send_after_state("alerts", b"a1", b"new", SOURCE)
    written.set_exception(KafkaTimeoutError())
    await asyncio.sleep(0.01)
    assert events == []  # the state is not in Kafka yet: neither is the alert
    await guard.settle()
    assert events == ["written again", "sent new"]
    assert guard.pending == 0
