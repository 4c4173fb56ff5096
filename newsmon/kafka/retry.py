"""`until_kafka_answers`: retry one Kafka call with backoff until it succeeds or stop is set.

For the calls a connector cannot do without (reading partition counts, joining the group,
loading feed states on an assignment): a broker blip there must delay the connector, never
stop it nor leave it holding partitions whose feeds nobody polls.
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
RETRIED = (KafkaError, TimeoutError, OSError)


async def until_kafka_answers(
    what: str,
    call: Callable[[], Awaitable[T]],
    stop: asyncio.Event,
    *,
    initial_s: float = 1.0,
    max_s: float = 30.0,
) -> T | None:
    """`await call()` until it returns; None when `stop` was set first."""
    delay = initial_s
    while not stop.is_set():
        try:
            return await call()
        except RETRIED as exc:
            log.error("%s failed: %s; retrying in %.1fs", what, exc, delay)
        try:
            await asyncio.wait_for(stop.wait(), timeout=delay)
        except TimeoutError:
            delay = min(delay * 2, max_s)
    return None
