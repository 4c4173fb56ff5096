"""`newsmon run`'s alert lines: read from `newsmon.alerts` itself, each alert id printed once.

The worker writes an alert again, with the same id, when it replays records after a crash, and
a restarted `newsmon run` starts against a topic that already holds the alerts of earlier runs.
So the launcher does not relay the worker's own alert lines: it follows the alerts topic, takes
every id already on it at start (`end_offsets`, taken before the worker starts) as printed, and
prints each later alert whose id it has not printed yet.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from newsmon.contract import ContractError
from newsmon.contract.alert import Alert
from streams.alerts import alert_line

log = logging.getLogger(__name__)
_POLL_MS = 500
_RETRY_S = 1.0


async def partitions_of(bootstrap: str, topic: str) -> list[int]:
    """The topic's partitions; [] when it does not exist (yet)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        await admin.start()
        [description] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    if description.get("error_code"):
        return []
    return sorted(int(p["partition"]) for p in description["partitions"])


async def end_offsets(bootstrap: str, topic: str) -> dict[int, int]:
    """Where each partition of `topic` ends now ({} when the topic does not exist yet)."""
    partitions = await partitions_of(bootstrap, topic)
    if not partitions:
        return {}
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        ends = await consumer.end_offsets([TopicPartition(topic, p) for p in partitions])
    finally:
        await consumer.stop()
    return {tp.partition: offset for tp, offset in ends.items()}


class AlertFollower:
    """Follows `topic` from the beginning; calls `emit(line)` once per alert id that is not
    before `known_ends` (the end offsets when the run started) and was not emitted already."""

    def __init__(
        self, bootstrap: str, topic: str, known_ends: dict[int, int], emit: Callable[[str], None]
    ) -> None:
        self.bootstrap = bootstrap
        self.topic = topic
        self.known_ends = dict(known_ends)
        self.emit = emit
        self.printed: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def handle(self, partition: int, offset: int, value: bytes | None) -> str | None:
        """The line to print for one record, or None (known, already printed, not an alert)."""
        try:
            alert = Alert.from_json(value or b"")
        except ContractError as exc:
            log.debug("not an alert at %s[%d]@%d: %s", self.topic, partition, offset, exc)
            return None
        known = offset < self.known_ends.get(partition, 0)
        if known or alert.id in self.printed:
            self.printed.add(alert.id)
            return None
        self.printed.add(alert.id)
        return alert_line(alert)

    def start(self) -> None:
        self._thread = threading.Thread(target=asyncio.run, args=(self._follow(),), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    async def _follow(self) -> None:
        # Kafka trouble is retried: alert lines are what the user came for.
        while not self._stop.is_set():
            try:
                await self._read()
                return
            except (KafkaError, OSError) as exc:
                log.warning("reading %s failed (%s); trying again", self.topic, exc)
                await asyncio.sleep(_RETRY_S)

    async def _read(self) -> None:
        partitions: list[int] = []
        while not partitions:  # the worker creates the topic on its first start
            if self._stop.is_set():
                return
            partitions = await partitions_of(self.bootstrap, self.topic)
            if not partitions:
                await asyncio.sleep(_RETRY_S)
        consumer = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False)
        await consumer.start()
        try:
            assigned = [TopicPartition(self.topic, p) for p in partitions]
            consumer.assign(assigned)
            await consumer.seek_to_beginning(*assigned)
            while not self._stop.is_set():
                batch = await consumer.getmany(timeout_ms=_POLL_MS)
                for tp, records in batch.items():
                    for record in records:
                        line = self.handle(tp.partition, record.offset, record.value)
                        if line is not None:
                            self.emit(line)
        finally:
            await consumer.stop()
