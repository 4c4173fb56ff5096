"""Independent Kafka clients for the tests (plain aiokafka, no faust): the one collector."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
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


async def read_until(
    bootstrap: str,
    topics: list[str],
    *,
    take: Callable[[Record], None],
    until: Callable[[], bool],
    timeout_s: float,
    settle_s: float = 0.0,
) -> None:
    """Read `topics` from the beginning, handing each record to `take`, until `until()` holds,
    then `settle_s` more seconds (to catch records that must NOT arrive), or `timeout_s`."""
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=f"test-reader-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        deadline = time.monotonic() + timeout_s
        settle_end: float | None = None
        # `until` looks only at what was read, so it is asked again only after new records:
        # asked on every idle poll, a check over thousands of records took CPU from the
        # workers under test on a 2-core machine.
        fresh = True
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for part in batch.values():
                for record in part:
                    take(record)
                    fresh = True
            if settle_end is None and fresh:
                fresh = False
                if until():
                    settle_end = time.monotonic() + settle_s
            if settle_end is not None and time.monotonic() >= settle_end:
                return
            await asyncio.sleep(0)
    finally:
        await consumer.stop()


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
    records: list[Record] = []
    await read_until(
        bootstrap,
        [topic],
        take=records.append,
        until=lambda: until(records),
        timeout_s=timeout_s,
        settle_s=settle_s,
    )
    return records


def article_ids(records: list[Record]) -> set[str]:
    """The article ids of classified records (`ClassifiedArticle` JSON)."""
    return {json.loads(r.value)["article"]["id"] for r in records}


class ArticleIdsRead:
    """The article ids of one `collect`'s classified records, each record parsed once as it
    arrives: parsed again at every check, thousands of records took CPU from the workers
    under test."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self._parsed = 0

    def __call__(self, records: list[Record]) -> set[str]:
        self.ids |= article_ids(records[self._parsed :])
        self._parsed = len(records)
        return self.ids


def has_articles(wanted: set[str]) -> Callable[[list[Record]], bool]:
    """A `collect` condition: every article id in `wanted` was read classified."""
    ids_read = ArticleIdsRead()
    return lambda records: wanted <= ids_read(records)


async def collect_json(
    bootstrap: str,
    topics: list[str],
    keep: Callable[[str, dict[str, Any]], bool],
    done: Callable[[dict[str, list[dict[str, Any]]]], bool],
    timeout_s: float,
) -> dict[str, list[dict[str, Any]]]:
    """Read `topics` from the beginning until `done(found)` or timeout; `found` holds, per
    topic, the JSON values that `keep(topic, value)` accepts."""
    found: dict[str, list[dict[str, Any]]] = {topic: [] for topic in topics}

    def take(record: Record) -> None:
        value = json.loads(record.value)
        if keep(record.topic, value):
            found[record.topic].append(value)

    await read_until(bootstrap, topics, take=take, until=lambda: done(found), timeout_s=timeout_s)
    return found


async def committed_offsets(bootstrap: str, group: str) -> dict[tuple[str, int], int]:
    """(topic, partition) -> the offset consumer group `group` committed there."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return {(tp.topic, tp.partition): meta.offset for tp, meta in offsets.items()}
