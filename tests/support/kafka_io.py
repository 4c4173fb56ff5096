"""Independent Kafka clients for the worker's integration tests (plain aiokafka, no faust)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import ConsumerRecord


async def produce(
    bootstrap: str, topic: str, records: Iterable[tuple[bytes | None, bytes]]
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for key, value in records:
            await producer.send_and_wait(topic, value=value, key=key)
    finally:
        await producer.stop()


Record = ConsumerRecord[bytes, bytes]


async def collect(
    bootstrap: str,
    topic: str,
    *,
    until: Callable[[list[Record]], bool],
    timeout_s: float = 45.0,
    settle_s: float = 0.0,
) -> list[Record]:
    """Read `topic` from the beginning until `until(records)` holds, then `settle_s` more
    seconds (to catch records that must NOT arrive); return everything read."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"test-reader-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    records: list[Record] = []
    try:
        deadline = time.monotonic() + timeout_s
        settle_end: float | None = None
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for part in batch.values():
                records.extend(part)
            if settle_end is None and until(records):
                settle_end = time.monotonic() + settle_s
            if settle_end is not None and time.monotonic() >= settle_end:
                return records
            await asyncio.sleep(0)
        return records
    finally:
        await consumer.stop()
