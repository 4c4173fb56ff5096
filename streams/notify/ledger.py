"""The delivery ledger: which (sink, alert) pairs are settled, kept in a compacted Kafka topic.

`record` returns only once Kafka acknowledged the entry (acks=all), and the runner settles an
alert's offset only after that, so a committed offset never covers an acknowledged delivery the
ledger does not know. `load` reads the topic to its end at start-up and on every assignment,
which also brings in what another notifier instance recorded before a rebalance.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer

from newsmon.kafka.compacted import read_to_end
from newsmon.kafka.retry import RETRIED
from streams.notify.records import LedgerEntry, Settled, ledger_key

log = logging.getLogger(__name__)


class DeliveryLedger:
    def __init__(self, bootstrap: str, topic: str, producer: AIOKafkaProducer) -> None:
        self.bootstrap = bootstrap
        self.topic = topic
        self._producer = producer
        self._settled: set[bytes] = set()
        # Cleared while an assignment reloads the ledger: runners wait, so a record fetched for a
        # new partition is never checked against a ledger that lacks the previous owner's entries.
        self.ready = asyncio.Event()

    def __len__(self) -> int:
        return len(self._settled)

    def has(self, sink: str, alert_id: str) -> bool:
        return ledger_key(sink, alert_id) in self._settled

    async def load(self) -> None:
        """Add every entry now in the topic (entries of this process are kept too)."""
        entries = await read_to_end(self.bootstrap, self.topic, client_id="newsmon-notify")
        self._settled.update(entries)
        self.ready.set()
        log.info("delivery ledger: %d settled deliveries", len(self._settled))

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
