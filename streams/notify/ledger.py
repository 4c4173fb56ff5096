"""The delivery ledger: which (sink, alert) pairs are settled, kept in a compacted Kafka topic.

`record` returns only once Kafka acknowledged the entry (acks=all), and the runner settles an
alert's offset only after that, so a committed offset never covers an acknowledged delivery the
ledger does not know. `load` reads the topic to its end at start-up and on every assignment,
which also brings in what another notifier instance recorded before a rebalance.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer

from newsmon.kafka.compacted import read_to_end
from newsmon.kafka.retry import RETRIED
from streams.notify.records import (
    FAILING_SUFFIX,
    FailingEntry,
    LedgerEntry,
    Settled,
    failing_key,
    ledger_key,
)

log = logging.getLogger(__name__)


class DeliveryLedger:
    def __init__(self, bootstrap: str, topic: str, producer: AIOKafkaProducer) -> None:
        self.bootstrap = bootstrap
        self.topic = topic
        self._producer = producer
        self._settled: set[bytes] = set()
        self._failing: dict[bytes, datetime] = {}  # failing_key -> first failed attempt
        # Cleared while an assignment reloads the ledger: runners wait, so a record fetched for a
        # new partition is never checked against a ledger that lacks the previous owner's entries.
        self.ready = asyncio.Event()

    def __len__(self) -> int:
        return len(self._settled)

    def has(self, sink: str, alert_id: str) -> bool:
        return ledger_key(sink, alert_id) in self._settled

    def failing_since(self, sink: str, alert_id: str) -> datetime | None:
        """When the sink's first attempt at the alert failed, if one did (in any process)."""
        return self._failing.get(failing_key(sink, alert_id))

    async def load(self) -> None:
        """Add every entry now in the topic (entries of this process are kept too)."""
        entries = await read_to_end(self.bootstrap, self.topic, client_id="newsmon-notify")
        for key, value in entries.items():
            if not key.endswith(FAILING_SUFFIX):
                self._settled.add(key)
                continue
            try:
                self._failing.setdefault(key, FailingEntry.from_json(value).since)
            except (ValueError, KeyError, TypeError) as exc:
                log.warning("delivery ledger: unreadable entry %r (%s): ignored", key, exc)
        self.ready.set()
        log.info(
            "delivery ledger: %d settled deliveries, %d failing",
            len(self._settled), len(self._failing),
        )  # fmt: skip

    async def note_failing(self, sink: str, alert_ids: Iterable[str], since: datetime) -> None:
        """Record once per alert, durably, when the sink's first attempt at it failed. One try:
        while Kafka is away, the clock runs from this process's own first attempt."""
        entries = [FailingEntry(sink, alert_id, since) for alert_id in alert_ids]
        entries = [entry for entry in entries if entry.key() not in self._failing]
        for entry in entries:
            self._failing[entry.key()] = since
        try:
            sent = [
                await self._producer.send(self.topic, entry.to_json(), key=entry.key())
                for entry in entries
            ]
            await asyncio.gather(*sent)
        except RETRIED as exc:
            log.warning("recording when %s began failing failed: %s", sink, exc)

    async def record(
        self, sink: str, alert_id: str, outcome: Settled, delivery_id: str, stop: asyncio.Event
    ) -> bool:
        """Write the entry durably, retrying while Kafka is away; False if stopped first."""
        entry = LedgerEntry(sink, alert_id, outcome, delivery_id, datetime.now(UTC))
        delay = 0.5
        while True:
            try:
                await self._producer.send_and_wait(self.topic, entry.to_json(), key=entry.key())
            except RETRIED as exc:
                log.error("recording delivery %s of %s failed: %s; retrying", sink, alert_id, exc)
                try:
                    await asyncio.wait_for(stop.wait(), timeout=delay)
                    return False
                except TimeoutError:
                    delay = min(delay * 2, 10.0)
                continue
            self._settled.add(entry.key())
            return True
