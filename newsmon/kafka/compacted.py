"""Reading a compacted topic (feed list, feed states) from its beginning to its current end."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

log = logging.getLogger(__name__)

_READ_TIMEOUT_S = 60.0


async def partitions_of(bootstrap: str, topic: str, *, client_id: str = "newsmon") -> list[int]:
    """The partition numbers of `topic`; empty when it does not exist."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id=client_id)
    await admin.start()
    try:
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return sorted(int(p["partition"]) for t in described for p in t.get("partitions", ()))


async def read_to_end(
    bootstrap: str,
    topic: str,
    *,
    partitions: Iterable[int] | None = None,
    client_id: str = "newsmon",
    timeout_s: float = _READ_TIMEOUT_S,
) -> dict[bytes, bytes]:
    """The latest value of every key in `topic` (or in some of its partitions) as of now.

    Reads from the beginning up to the end offsets taken at the start, so a record written
    before the call is always seen. Tombstones (null values) remove their key. Raises
    TimeoutError if the end is not reached within `timeout_s`.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
    )
    await consumer.start()
    latest: dict[bytes, bytes] = {}
    try:
        if partitions is None:
            partitions = await partitions_of(bootstrap, topic, client_id=client_id)
        assigned = [TopicPartition(topic, p) for p in partitions]
        if not assigned:
            return latest
        consumer.assign(assigned)
        await consumer.seek_to_beginning(*assigned)
        ends = await consumer.end_offsets(assigned)
        remaining = {tp for tp in assigned if ends[tp] > 0}
        deadline = time.monotonic() + timeout_s
        while remaining:
            if time.monotonic() > deadline:
                raise TimeoutError(f"reading {topic} to its end took over {timeout_s:.0f}s")
            batches = await consumer.getmany(*remaining, timeout_ms=200)
            for records in batches.values():
                for record in records:
                    if record.key is None:
                        continue
                    if record.value is None:
                        latest.pop(record.key, None)
                    else:
                        latest[record.key] = record.value
            for tp in list(remaining):
                if await consumer.position(tp) >= ends[tp]:
                    remaining.discard(tp)
            await asyncio.sleep(0)
        return latest
    finally:
        await consumer.stop()
