"""`SinkRunner`: one task per sink, so a slow or dead endpoint delays nothing but itself.

Each runner takes the alerts its filter wants, in order, and settles every one exactly once:
  delivered    -> acknowledged by the endpoint, then recorded in the ledger;
  duplicate    -> the ledger already holds it (a replayed alert, or one acknowledged before a
                  restart): not sent again;
  dead_letter  -> not acknowledged within `give_up_after_s` (or refused for good): written to
                  the dead-letter topic with the reason, then recorded in the ledger.
Only then is the alert's offset released for commit (`OffsetTracker.settle`).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer, TopicPartition

from newsmon.contract.alert import SEVERITIES, Alert
from newsmon.kafka.retry import RETRIED
from streams.notify import metrics
from streams.notify.ledger import DeliveryLedger
from streams.notify.offsets import OffsetTracker
from streams.notify.records import NotifyDeadLetter, delivery_id
from streams.notify.retry import backoff_s
from streams.notify.settings import AlertFilter, AppriseSettings
from streams.notify.sinks.base import Delivery, DeliveryFailed, Sink

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Work:
    """One alert record handed to one sink."""

    tp: TopicPartition
    offset: int
    generation: int
    alert: Alert
    taken_at: float  # time.monotonic() when the notifier read it


def wanted(settings: AlertFilter, alert: Alert) -> bool:
    """Whether the sink's topics, kinds and min_severity let this alert through."""
    if settings.topics is not None and alert.topic not in settings.topics:
        return False
    if settings.kinds is not None and alert.kind not in settings.kinds:
        return False
    return SEVERITIES.index(alert.severity) >= SEVERITIES.index(settings.min_severity)


class DeadLetterWriter:
    def __init__(self, producer: AIOKafkaProducer, topic: str) -> None:
        self._producer = producer
        self.topic = topic

    async def write(self, letter: NotifyDeadLetter, key: bytes, stop: asyncio.Event) -> bool:
        """Write durably, retrying while Kafka is away; False if stopped first."""
        delay = 0.5
        while True:
            try:
                await self._producer.send_and_wait(self.topic, letter.to_json(), key=key)
                return True
            except RETRIED as exc:
                log.error("writing a dead letter failed: %s; retrying in %.1fs", exc, delay)
            try:
                await asyncio.wait_for(stop.wait(), timeout=delay)
                return False
            except TimeoutError:
                delay = min(delay * 2, 10.0)


class SinkRunner:
    def __init__(
        self,
        sink: Sink,
        ledger: DeliveryLedger,
        deadletters: DeadLetterWriter,
        tracker: OffsetTracker,
        stop: asyncio.Event,
        rng: random.Random | None = None,
    ) -> None:
        self.sink = sink
        self.settings = sink.settings
        self.ledger = ledger
        self.deadletters = deadletters
        self.tracker = tracker
        self.stop = stop
        self.queue: asyncio.Queue[Work] = asyncio.Queue()
        # An attempt is on the wire or its acknowledgement is being recorded: a graceful stop
        # or a revocation waits for it, so only a crash can leave a delivery in flight.
        self.sending = False
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography

    @property
    def name(self) -> str:
        return self.sink.name

    def offer(self, work: Work) -> bool:
        """Queue `work` if the filter wants it; False (counted as filtered) if not."""
        if not wanted(self.settings, work.alert):
            metrics.DELIVERIES.labels(self.name, "filtered").inc()
            return False
        self.queue.put_nowait(work)
        return True

    async def run(self) -> None:
        digest = self.settings.digest_s if isinstance(self.settings, AppriseSettings) else None
        try:
            if digest is None:
                while not self.stop.is_set():
                    work = await self.queue.get()
                    await self._deliver([work])
            else:
                await self._run_digest(digest)
        finally:
            await self.sink.close()

    async def _run_digest(self, period_s: float) -> None:
        """At each multiple of the period (UTC), send one message with what arrived meanwhile."""
        while not self.stop.is_set():
            boundary = (time.time() // period_s + 1) * period_s
            try:
                await asyncio.wait_for(self.stop.wait(), timeout=max(boundary - time.time(), 0))
                return
            except TimeoutError:
                pass
            batch: list[Work] = []
            while not self.queue.empty():
                batch.append(self.queue.get_nowait())
            if batch:
                await self._deliver(batch)

    def _settle(self, works: list[Work], outcome: str) -> None:
        for work in works:
            self.tracker.settle(work.tp, work.offset, self.name, work.generation)
        metrics.DELIVERIES.labels(self.name, outcome).inc(len(works))

    async def _deliver(self, works: list[Work]) -> None:
        await self.ledger.ready.wait()
        current = [w for w in works if self.tracker.generation(w.tp) == w.generation]
        fresh = [w for w in current if not self.ledger.has(self.name, w.alert.id)]
        self._settle([w for w in current if w not in fresh], "duplicate")
        if not fresh:
            return
        alerts = tuple({w.alert.id: w.alert for w in fresh}.values())
        delivery = Delivery(delivery_id(self.name, [a.id for a in alerts]), alerts)
        deadline = self._deadline(fresh)
        attempt = 0
        while True:
            attempt += 1
            self.sending = True
            try:
                await self.sink.send(delivery)
                break
            except DeliveryFailed as failure:
                reason, retryable, retry_after = (
                    failure.reason, failure.retryable, failure.retry_after_s,
                )  # fmt: skip
            except Exception as exc:
                log.exception("sink %s: unexpected error in a delivery", self.name)
                reason, retryable, retry_after = (
                    f"internal error ({type(exc).__name__})",
                    True,
                    None,
                )
            self.sending = False
            if attempt == 1 and retryable:
                since = datetime.now(UTC)
                await self.ledger.note_failing(self.name, (a.id for a in alerts), since)
            now = time.monotonic()
            if not retryable or now >= deadline:
                await self._give_up(fresh, delivery, reason, attempt)
                return
            pause = retry_after if retry_after is not None else self._backoff(attempt)
            pause = min(pause, max(deadline - now, 0.0))  # one last attempt at the deadline
            metrics.RETRIES.labels(self.name).inc()
            log.warning(
                "sink %s: delivery %s attempt %d failed (%s); retrying in %.1fs",
                self.name, delivery.id, attempt, reason, pause,
            )  # fmt: skip
            try:
                await asyncio.wait_for(self.stop.wait(), timeout=pause)
                return  # stopping: the alert stays unsettled and is read again after a restart
            except TimeoutError:
                pass
            if all(self.tracker.generation(w.tp) != w.generation for w in fresh):
                return  # revoked meanwhile: the partition's new owner delivers it
        try:
            await self._record_delivered(fresh, delivery)
        finally:
            self.sending = False

    async def _record_delivered(self, fresh: list[Work], delivery: Delivery) -> None:
        alerts = delivery.alerts
        for alert in alerts:
            if not await self.ledger.record(
                self.name, alert.id, "delivered", delivery.id, self.stop
            ):
                return
            age = (datetime.now(UTC) - alert.created_at).total_seconds()
            metrics.DELIVERY_SECONDS.labels(self.name).observe(max(age, 0.0))
        log.info("sink %s: delivered %s (%d alerts)", self.name, delivery.id, len(alerts))
        self._settle(fresh, "delivered")

    def _deadline(self, fresh: list[Work]) -> float:
        """When to give up (`time.monotonic()`): `give_up_after_s` after the first failed
        attempt at any of these alerts that the ledger knows of, from this process or one
        before it, or else after the first of them was read."""
        started = min(w.taken_at for w in fresh)
        failed = [self.ledger.failing_since(self.name, w.alert.id) for w in fresh]
        known = [since for since in failed if since is not None]
        if known:
            ago = (datetime.now(UTC) - min(known)).total_seconds()
            started = min(started, time.monotonic() - max(ago, 0.0))
        return started + self.settings.give_up_after_s

    def _backoff(self, attempt: int) -> float:
        return backoff_s(
            attempt, self.settings.retry_initial_s, self.settings.retry_max_s, self._rng
        )

    async def _give_up(
        self, works: list[Work], delivery: Delivery, reason: str, attempts: int
    ) -> None:
        log.error(
            "sink %s: giving up delivery %s after %d attempts (%s): to the dead-letter topic",
            self.name, delivery.id, attempts, reason,
        )  # fmt: skip
        self.sink.forget(delivery.id)
        for alert in delivery.alerts:
            source = next(w for w in works if w.alert.id == alert.id)
            letter = NotifyDeadLetter(
                sink=self.name,
                alert_id=alert.id,
                reason=reason,
                attempts=attempts,
                failed_at=datetime.now(UTC),
                alert=alert.to_dict(),
                source={"topic": source.tp.topic, "partition": source.tp.partition,
                        "offset": source.offset},
            )  # fmt: skip
            if not await self.deadletters.write(letter, alert.id.encode(), self.stop):
                return
            if not await self.ledger.record(
                self.name, alert.id, "dead_letter", delivery.id, self.stop
            ):
                return
            metrics.DEAD_LETTERS.labels(self.name).inc()
        self._settle(works, "dead_letter")
