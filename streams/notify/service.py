"""`Notifier`: reads `newsmon.alerts` in its own consumer group and hands each alert to every sink.

Commits are manual: the committed offset of a partition is the lowest one some sink has not
settled yet (`OffsetTracker`), and a sink settles an alert only after the ledger recorded it.
So a crash, a rebalance or a broker restart re-reads at most what was not settled, and the
ledger keeps what was acknowledged from being sent again.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord, OffsetAndMetadata
from prometheus_client import REGISTRY

from newsmon.config import Config
from newsmon.contract.alert import Alert
from newsmon.contract.article import ContractError
from newsmon.contract.topics import per_topic
from newsmon.kafka.admin import ensure_topics
from newsmon.kafka.retry import until_kafka_answers
from streams.classify.definitions import load_topics
from streams.notify import metrics
from streams.notify.ledger import DeliveryLedger
from streams.notify.offsets import OffsetTracker
from streams.notify.records import NotifyDeadLetter
from streams.notify.runner import DeadLetterWriter, SinkRunner, Work
from streams.notify.settings import NotifySettings
from streams.notify.sinks.base import Sink
from streams.notify.stream import SseStream
from streams.notify.topics import NotifyTopics

log = logging.getLogger(__name__)

# Alerts read but not settled by every sink before fetching pauses: bounds memory while an
# endpoint is down for hours.
MAX_PENDING = 10_000
# How long a graceful stop waits for deliveries under way (within `newsmon run`'s 20 s).
STOP_GRACE_S = 12.0


class _Rebalance(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        # aiokafka calls this before every join, so the ledger is reloaded before new work.
        self.notifier.ledger.ready.clear()
        # Deliveries on the wire finish and are recorded first, so the partitions' next owner
        # finds them in the ledger instead of sending them again.
        await self.notifier.let_deliveries_finish()
        await self.notifier.commit(revoked)
        self.notifier.forget(revoked)

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        # Another instance may have delivered alerts of these partitions before the rebalance.
        await until_kafka_answers(
            "loading the delivery ledger", self.notifier.ledger.load, self.notifier.stop
        )
        log.info("notifier assigned %s", sorted(tp.partition for tp in assigned))


# Where a group without committed offsets starts (NotifySettings.first_start).
OFFSET_RESET = {"beginning": "earliest", "end": "latest"}


class Notifier:
    def __init__(
        self, bootstrap: str, settings: NotifySettings, sinks: list[Sink], config: Config
    ) -> None:
        self.bootstrap = bootstrap
        self.settings = settings
        self.sinks = sinks
        self.config = config
        self.topics = NotifyTopics.with_prefix(settings.topic_prefix)
        self.stop = asyncio.Event()
        self.tracker = OffsetTracker()
        self._committed: dict[TopicPartition, int] = {}
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap, client_id="newsmon-notify", acks="all"
        )
        self.ledger = DeliveryLedger(bootstrap, self.topics.deliveries, self._producer)
        self.deadletters = DeadLetterWriter(self._producer, self.topics.deadletter)
        self._consumer: AIOKafkaConsumer | None = None
        self._runners: list[SinkRunner] = []

    async def run(self) -> None:
        """Deliver until `stop` is set, then commit what is settled and close everything."""
        kafka = self.config.kafka
        specs = self.topics.specs(kafka.partitions, kafka.replication_factor)
        await ensure_topics(self.bootstrap, specs, client_id="newsmon-notify")
        await self._producer.start()
        tasks: list[asyncio.Task[None]] = []
        runners: list[SinkRunner] = []
        stream: Any = None
        try:
            await until_kafka_answers("loading the delivery ledger", self.ledger.load, self.stop)
            runners = self._runners = [
                SinkRunner(sink, self.ledger, self.deadletters, self.tracker, self.stop)
                for sink in self.sinks
            ]
            tasks = [asyncio.create_task(r.run(), name=f"sink-{r.name}") for r in runners]
            self._consumer = AIOKafkaConsumer(
                bootstrap_servers=self.bootstrap,
                client_id="newsmon-notify",
                group_id=self.settings.app_id,
                enable_auto_commit=False,
                # A new group starts at the beginning by default: alerts raised before the
                # notifier first joined are delivered too, never skipped.
                auto_offset_reset=OFFSET_RESET[self.settings.first_start],
                isolation_level="read_committed",
                # Room for a revocation to wait for deliveries on the wire (STOP_GRACE_S).
                rebalance_timeout_ms=30_000,
            )
            self._consumer.subscribe([self.topics.alerts], listener=_Rebalance(self))
            await self._consumer.start()
            stream = await self._start_stream()
            tasks.append(asyncio.create_task(self._commit_loop(), name="commit"))
            await self._consume(runners)
        finally:
            self.stop.set()
            await self.let_deliveries_finish()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self._consumer is not None:
                await self.commit(self._consumer.assignment())
                await self._consumer.stop()
            if stream is not None:
                await stream.stop()
            await self._producer.stop()

    async def let_deliveries_finish(self) -> None:
        """Wait (a bounded time) for attempts on the wire to end and be recorded, so a restart
        or the partitions' next owner repeats none; retries waiting for a later attempt don't
        count."""
        deadline = time.monotonic() + STOP_GRACE_S
        while any(r.sending for r in self._runners) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    async def _start_stream(self) -> SseStream | None:
        """The SSE live stream (`streams.notify.stream.SseStream`) when `stream.port` is not 0."""
        if self.settings.stream.port == 0:
            return None
        kafka = self.config.kafka.model_copy(update={"bootstrap": self.bootstrap})
        worker_prefix = self.config.worker.topic_prefix
        stream = SseStream(
            self.settings.stream,
            kafka,
            alerts_topic=self.topics.alerts,
            # Classified articles are the worker's topics, under the worker's prefix.
            topic_for=lambda name: worker_prefix + per_topic(name),
            known_topics=tuple(load_topics(self.config.worker.topics_file).names),
            registry=REGISTRY,  # served on the notifier's /metrics with its own metrics
        )
        await stream.start()
        return stream

    async def _consume(self, runners: list[SinkRunner]) -> None:
        assert self._consumer is not None
        consumer = self._consumer
        paused = False
        while not self.stop.is_set():
            if self.tracker.pending() > MAX_PENDING and not paused:
                consumer.pause(*consumer.assignment())
                paused = True
                log.warning("%d alerts not yet settled: fetching paused", MAX_PENDING)
            elif paused and self.tracker.pending() <= MAX_PENDING // 2:
                consumer.resume(*consumer.assignment())
                paused = False
            batches = await consumer.getmany(timeout_ms=500, max_records=500)
            for tp, records in batches.items():
                generation = self.tracker.generation(tp)
                for record in records:
                    await self._take(tp, record, generation, runners)

    async def _take(
        self,
        tp: TopicPartition,
        record: ConsumerRecord[bytes, bytes],
        generation: int,
        runners: list[SinkRunner],
    ) -> None:
        try:
            alert = Alert.from_json(record.value or b"")
        except ContractError as exc:
            log.error("alert at %s[%d]@%d unreadable: %s", tp.topic, tp.partition,
                      record.offset, exc)  # fmt: skip
            letter = NotifyDeadLetter(
                sink=metrics.UNDECODABLE_SINK, alert_id=None, reason=f"decode: {exc}",
                attempts=0, failed_at=datetime.now(UTC), alert=None,
                source={"topic": tp.topic, "partition": tp.partition, "offset": record.offset},
            )  # fmt: skip
            if await self.deadletters.write(letter, record.key or b"", self.stop):
                metrics.DEAD_LETTERS.labels(metrics.UNDECODABLE_SINK).inc()
                self.tracker.add(tp, record.offset, ())
            return
        work = Work(tp, record.offset, generation, alert, time.monotonic())
        # offer() only queues (no await), so no runner can settle before add() below.
        taken = [runner.name for runner in runners if runner.offer(work)]
        self.tracker.add(tp, record.offset, taken)

    def forget(self, tps: set[TopicPartition]) -> None:
        self.tracker.forget(tps)
        for tp in tps:
            self._committed.pop(tp, None)

    async def _commit_loop(self) -> None:
        assert self._consumer is not None
        while not self.stop.is_set():
            await asyncio.sleep(self.settings.commit_interval_s)
            await self.commit(self._consumer.assignment())

    async def commit(self, tps: set[TopicPartition] | frozenset[TopicPartition]) -> None:
        """Commit the settled offsets of `tps` that moved; a failure is logged and retried later."""
        if self._consumer is None:
            return
        offsets = {}
        for tp in tps:
            offset = self.tracker.committable(tp)
            if offset is not None and offset != self._committed.get(tp):
                offsets[tp] = OffsetAndMetadata(offset, "")
        if not offsets:
            return
        try:
            await self._consumer.commit(offsets)
        except KafkaError as exc:
            log.warning("committing alert offsets failed (%s); retried at the next commit", exc)
            return
        self._committed.update({tp: meta.offset for tp, meta in offsets.items()})


async def serve_until_signalled(notifier: Notifier) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, notifier.stop.set)
    await notifier.run()
