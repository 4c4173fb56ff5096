"""Every patch in streams/compat/faust.py, checked on faust's real classes (no Kafka).

A faust upgrade that renames or bypasses a hook fails here: the commit wrapper must be what
faust's own `_commit_tps` calls, the changelog writer what a real Table's item assignment
calls, and the producer buffer bound what faust's real buffer consults before it stalls.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiokafka.errors import KafkaTimeoutError
from faust.transport.producer import ProducerBuffer
from faust.types import TP, FutureMessage, PendingMessage
from packaging.requirements import Requirement

from newsmon.config import Config, parse_config
from streams.app import PRODUCER_BUFFER_MAX, create_app
from streams.compat import faust as faust_compat
from streams.delivery import Delivery
from streams.tables import declare_tables

REPO = Path(__file__).resolve().parents[4]
NOW = datetime(2026, 12, 5, tzinfo=UTC)


def _config() -> Config:
    return parse_config({"kafka": {"bootstrap": "127.0.0.1:9"}, "worker": {}}, env={})


def _pins() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        exact = [s.version for s in requirement.specifier if s.operator == "=="]
        if exact:
            pins[requirement.name] = exact[0]
    return pins


def test_the_patches_were_written_for_the_pinned_releases_which_are_installed() -> None:
    pins = _pins()
    for distribution, version in faust_compat.WRITTEN_FOR.items():
        assert pins[distribution] == version, distribution
    assert faust_compat.version_problems() == []


def test_another_release_is_reported_naming_the_patches_that_rely_on_it(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real_version = importlib.metadata.version

    def version(name: str) -> str:
        return "0.16.0" if name == "faust-streaming" else real_version(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    problems = faust_compat.check_versions()
    assert len(problems) == 1
    (problem,) = problems
    assert "faust-streaming 0.16.0 is installed" in problem
    assert "written for 0.15.3" in problem
    assert "commit wrapper" in problem and "changelog writer" in problem
    assert problem in caplog.text


async def test_faust_commits_through_the_wrapper_which_settles_outputs_first(
    monkeypatch: pytest.MonkeyPatch, faust_apps: list[Any]
) -> None:
    app = create_app(_config())
    faust_apps.append(app)
    order: list[str] = []

    async def before_commit() -> None:
        order.append("settled")

    app.before_commit = before_commit
    consumer: Any = app.consumer
    real_commit_offsets = type(consumer)._commit_offsets

    async def recorded(self: Any, offsets: Any, start_new_transaction: bool = True) -> bool:
        order.append(f"commit {dict(offsets)}")
        result: bool = await real_commit_offsets(self, offsets, start_new_transaction)
        return result

    # faust's method, recording its calls, is what on_start wraps.
    monkeypatch.setattr(type(consumer), "_commit_offsets", recorded)
    await app.on_start()  # what faust runs before it starts the consumer
    assert app.consumer is consumer
    tp = TP("raw", 0)
    # faust's own `_commit_tps` (the path of every periodic and manual commit) picks the
    # offsets; the partition is not assigned here, so faust's `_commit_offsets` then declines.
    monkeypatch.setattr(consumer, "_filter_committable_offsets", lambda tps: {tp: 5})
    monkeypatch.setattr(consumer, "assignment", lambda: set())
    assert await consumer._commit_tps([tp], start_new_transaction=False) is False
    assert order == ["settled", f"commit { ({tp: 5}) }"]


class _ChangelogKafka:
    """Stands in for the changelog topic's `send_soon`: records writes, leaves them pending."""

    def __init__(self) -> None:
        self.written: list[tuple[Any, Any]] = []
        self.futures: list[FutureMessage] = []

    def send_soon(self, *, key: Any, value: Any, partition: int | None = None,
                  **kwargs: Any) -> FutureMessage:  # fmt: skip
        self.written.append((key, value))
        message = PendingMessage(None, key, value, 0, None, None, None, None, None)  # type: ignore[arg-type]
        future = FutureMessage(message)
        self.futures.append(future)
        return future


async def test_a_real_table_write_goes_through_the_changelog_writer_and_a_refusal_is_rewritten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = create_app(_config())
    tables = declare_tables(app, _config().kafka)
    kafka = _ChangelogKafka()
    monkeypatch.setattr(tables.stories.changelog_topic, "send_soon", kafka.send_soon)

    async def no_outputs(topic: str, key: bytes, value: bytes) -> asyncio.Future[object]:
        raise AssertionError("the changelog writer must not send outputs")

    delivery = Delivery(no_outputs, "dlq", lambda: NOW, retry_initial_s=0.001)
    faust_compat.watch_changelog(tables.stories, delivery)
    tables.stories["story-1"] = "first"  # faust's Table.__setitem__ -> on_key_set -> send
    tables.stories["story-1"] = "second"
    assert kafka.written == [("story-1", "first"), ("story-1", "second")]
    assert delivery.pending == 2
    kafka.futures[0].set_exception(KafkaTimeoutError())
    kafka.futures[1].set_result(None)  # type: ignore[arg-type]
    settling = asyncio.create_task(delivery.settle())
    while len(kafka.written) < 3:
        await asyncio.sleep(0.001)
    kafka.futures[2].set_result(None)  # type: ignore[arg-type]
    await settling
    # The refused write is made again with the key's current value, never the stale one.
    assert kafka.written[2] == ("story-1", "second")
    assert delivery.pending == 0


async def test_faust_s_producer_buffer_honours_the_widened_bound() -> None:
    app = create_app(_config())
    before = list(app._app_tasks)
    faust_compat.widen_producer_buffer(app, PRODUCER_BUFFER_MAX)
    (task,) = [t for t in app._app_tasks if t not in before]
    await task()
    buffer: ProducerBuffer = app.producer.buffer
    assert buffer.max_messages == PRODUCER_BUFFER_MAX
    flushes: list[int | None] = []

    async def flush_atmost(max_messages: int | None) -> int:
        flushes.append(max_messages)
        return 0

    buffer.flush_atmost = flush_atmost  # type: ignore[method-assign]
    for _ in range(150):
        buffer.pending.put_nowait(None)  # type: ignore[arg-type]
    await buffer.wait_until_ebb()
    assert flushes == []  # 150 queued writes: under the widened bound, no stall
    buffer.max_messages = ProducerBuffer.max_messages  # faust's default (100) would stall
    await buffer.wait_until_ebb()
    assert flushes == [ProducerBuffer.max_messages]


async def test_a_table_write_to_a_topic_the_producer_does_not_know_yet_is_partitioned_at_send() -> (
    None
):
    from aiokafka import AIOKafkaProducer

    app = create_app(_config())
    producer: Any = app.producer
    producer._producer = AIOKafkaProducer(bootstrap_servers="127.0.0.1:9")  # metadata: none
    try:
        with pytest.raises(TypeError):  # faust's own path, as a fresh changelog topic met it
            producer.key_partition("fresh-changelog", b"key")
        faust_compat.key_partition_when_known(producer)
        assert producer.key_partition("fresh-changelog", b"key") == TP("fresh-changelog", None)
    finally:
        await producer._producer.stop()  # never started: only its client is closed
