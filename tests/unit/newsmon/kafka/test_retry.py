"""The one retry helper (newsmon/kafka/retry.py): back-off delays, a stoppable wait, and
retrying a Kafka call until it answers or stop is set. No broker: the calls are scripted."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiokafka.errors import KafkaConnectionError

from newsmon.kafka.retry import Backoff, sleep_unless_stopped, until_kafka_answers


def test_backoff_doubles_from_the_initial_delay_up_to_the_cap() -> None:
    backoff = Backoff(0.5, 3.0)
    assert [backoff.next() for _ in range(6)] == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]


async def test_a_wait_ends_at_once_and_says_so_when_stop_is_set() -> None:
    stop = asyncio.Event()
    assert await sleep_unless_stopped(stop, 0.01) is False
    stop.set()
    started = time.monotonic()
    assert await sleep_unless_stopped(stop, 30.0) is True
    assert time.monotonic() - started < 5.0


async def test_a_kafka_call_is_retried_until_it_answers(caplog: pytest.LogCaptureFixture) -> None:
    answers: list[object] = [KafkaConnectionError("down"), OSError("refused"), "ready"]

    async def call() -> str:
        answer = answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return str(answer)

    result = await until_kafka_answers("reading", call, asyncio.Event(), initial_s=0.001)
    assert result == "ready"
    assert answers == []
    assert caplog.text.count("reading failed:") == 2


async def test_none_when_stop_is_set_while_kafka_does_not_answer() -> None:
    stop = asyncio.Event()
    calls = 0

    async def call() -> str:
        nonlocal calls
        calls += 1
        if calls == 2:
            stop.set()
        raise KafkaConnectionError("down")

    assert await until_kafka_answers("joining", call, stop, initial_s=0.001) is None
    assert calls == 2


async def test_an_error_that_is_not_retried_propagates() -> None:
    async def call() -> str:
        raise KeyError("a bug, not a blip")

    with pytest.raises(KeyError):
        await until_kafka_answers("x", call, asyncio.Event(), initial_s=0.001)

    class Ours(RuntimeError):
        pass

    attempts = 0

    async def flaky() -> int:
        nonlocal attempts
        attempts += 1
        if attempts < 3:
            raise Ours("not yet")
        return attempts

    stop = asyncio.Event()
    assert await until_kafka_answers("y", flaky, stop, initial_s=0.001, retried=(Ours,)) == 3
