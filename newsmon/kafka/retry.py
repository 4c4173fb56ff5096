"""Retrying with back-off until a call succeeds or stop is set: written once, used everywhere.

- `Backoff`: the delays, from `initial_s`, doubling, capped at `max_s`.
- `sleep_unless_stopped`: wait a delay, ending early (and saying so) when stop is set.
- `until_kafka_answers`: retry one Kafka call with both until it succeeds or stop is set. For
  the calls a connector cannot do without (creating its topics, reading partition counts,
  joining the group, loading feed states on an assignment): a broker blip there must delay the
  connector, never stop it nor leave it holding partitions whose feeds nobody polls.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiokafka.errors import KafkaError

log = logging.getLogger(__name__)

T = TypeVar("T")
# TimeoutError: reading a topic to its end gives up with it; OSError: a refused socket.
RETRIED: tuple[type[BaseException], ...] = (KafkaError, TimeoutError, OSError)


class Backoff:
    """Exponential back-off: `next()` gives `initial_s`, then twice the previous delay, never
    more than `max_s`."""

    def __init__(self, initial_s: float = 1.0, max_s: float = 30.0) -> None:
        self.initial_s = initial_s
        self.max_s = max_s
        self._next = initial_s

    def next(self) -> float:
        """The delay to wait now; the one after is twice as long (up to `max_s`)."""
        delay = self._next
        self._next = min(delay * 2, self.max_s)
        return delay


async def sleep_unless_stopped(stop: asyncio.Event, seconds: float) -> bool:
    """Wait `seconds`, or less if `stop` is set meanwhile; True when stop is set."""
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        return False
    return True


async def until_kafka_answers(
    what: str,
    call: Callable[[], Awaitable[T]],
    stop: asyncio.Event,
    *,
    initial_s: float = 1.0,
    max_s: float = 30.0,
    retried: tuple[type[BaseException], ...] = RETRIED,
) -> T | None:
    """`await call()` until it returns; None when `stop` was set first.

    An exception in `retried` is logged (naming `what`) and the call made again after the
    next back-off delay; any other exception propagates."""
    backoff = Backoff(initial_s, max_s)
    while not stop.is_set():
        try:
            return await call()
        except retried as exc:
            delay = backoff.next()
            log.error("%s failed: %s; retrying in %.1fs", what, exc, delay)
        if await sleep_unless_stopped(stop, delay):
            break
    return None
