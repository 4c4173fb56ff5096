"""Writing to Kafka with an idempotent producer that never drops a record.

`Publisher.publish(records)` returns only once the broker has acknowledged every record
(acks=all). On a Kafka error it logs, waits with exponential backoff, rebuilds the producer and
sends the unacknowledged records again, for as long as it takes; only `stop` being set ends
the wait, with `PublishAborted`. Records sent twice that way carry the same deterministic key,
so downstream de-duplication absorbs them. Callers save a feed's state only after `publish`
returned: a crash in between re-publishes at worst, never loses.

The one exception: a record Kafka refuses for its size will be refused for ever, and retrying
it would block its feed (and, through producer rebuilds, every other feed). One the producer
refuses itself (over MAX_REQUEST_BYTES) is rejected at once. The broker refuses a batch whole,
and records of many feeds share batches, so a record the broker refused is sent again in a
closed batch of its own, by a producer of its own; refused then too, it is rejected. A
rejected record is logged as an error, counted in `newsmon_connector_records_rejected_total`
and returned to the caller. The normaliser bounds an article's text (connectors/feed/bounds.py)
so this stays theoretical with the default topic limits.

Why the shared producer is replaced after the broker refused one of its batches: an idempotent
producer numbers its batches per partition, the broker refuses a batch for its size before it
looks at the number, and aiokafka does not take the number back, so every later batch of that
producer to that partition would be refused as out of order.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError, MessageSizeTooLargeError, RecordTooLargeError

from connectors import metrics
from newsmon.contract.article import Article
from newsmon.contract.topics import ARTICLES_RAW
from newsmon.errors import NewsmonError
from newsmon.kafka.partitioner import key_partitioner
from newsmon.kafka.retry import Backoff, sleep_unless_stopped
from newsmon.kafka.settings import KafkaSettings

log = logging.getLogger(__name__)

# The broker's default message.max.bytes (1 MiB + 12): a larger request could never be
# accepted, so the producer refuses it at once instead of after a round trip.
MAX_REQUEST_BYTES = 1024 * 1024
# Per partition. aiokafka's default (16 KiB) holds some thirty articles: with many feeds
# publishing at once the batch fills, and every later send waits for it to drain and tries
# again, which cost more CPU than the sends themselves. A batch still fits in a request. A
# topic whose max.message.bytes is below this refuses full batches whole: nothing is lost
# (the producer is replaced and the records go one by one, `_send_alone`), but under load
# that is slow, so keep the articles topic at Kafka's default limit (1 MiB).
MAX_BATCH_BYTES = 256 * 1024
# Errors that no retry can cure for this record. Not `not exc.retriable`: aiokafka marks
# KafkaTimeoutError (a dead broker) non-retriable too, and those records must be retried.
_REFUSED_FOR_EVER = (MessageSizeTooLargeError, RecordTooLargeError)


class PublishAborted(NewsmonError, RuntimeError):
    """Stop was requested while records were still unacknowledged; nothing was confirmed."""


class KafkaUnavailable(NewsmonError, RuntimeError):
    """Kafka did not answer within the time the caller allowed (`newsmon connectors --once`)."""


@dataclass(frozen=True, slots=True)
class Record:
    topic: str
    key: bytes
    value: bytes | None  # None: a tombstone on a compacted topic


def article_records(articles: Sequence[Article], topic: str = ARTICLES_RAW) -> list[Record]:
    return [Record(topic, article.key(), article.to_json()) for article in articles]


class Publisher:
    """One idempotent aiokafka producer shared by every feed of a connector process."""

    def __init__(
        self,
        kafka: KafkaSettings,
        *,
        stop: asyncio.Event | None = None,
        give_up_after_s: float | None = None,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 30.0,
        articles_topic: str = ARTICLES_RAW,
    ) -> None:
        if not kafka.bootstrap:
            raise ValueError("set NEWSMON_KAFKA_BOOTSTRAP or kafka.bootstrap")
        self._kafka = kafka
        self._stop = stop or asyncio.Event()
        self._give_up_after_s = give_up_after_s
        self._backoff_initial_s = backoff_initial_s
        self._backoff_max_s = backoff_max_s
        self._articles_topic = articles_topic
        self._producer: AIOKafkaProducer | None = None
        self._lock = asyncio.Lock()  # one rebuild at a time
        # Sends in progress per producer: a replaced producer is stopped only once none is
        # left, since stopping aiokafka's client under a send still waiting for metadata
        # leaves that send waiting for ever.
        self._sends: Counter[AIOKafkaProducer] = Counter()
        self._retired: set[AIOKafkaProducer] = set()

    def _new_producer(self, *, idempotent: bool = True) -> AIOKafkaProducer:
        return AIOKafkaProducer(
            bootstrap_servers=self._kafka.bootstrap,
            client_id=f"{self._kafka.client_id}-connector",
            enable_idempotence=idempotent,
            acks="all",
            linger_ms=5,  # lets the many small records of one poll share a request
            request_timeout_ms=15_000,
            max_request_size=MAX_REQUEST_BYTES,
            max_batch_size=MAX_BATCH_BYTES,
            partitioner=key_partitioner,
        )

    async def start(self) -> None:
        """Connect, retrying with backoff; raises KafkaUnavailable after `give_up_after_s`."""
        await self._ensure_producer()

    async def close(self) -> None:
        producers, self._retired = [*self._retired], set()
        if self._producer is not None:
            producers.append(self._producer)
            self._producer = None
        for producer in producers:
            await producer.stop()

    async def __aenter__(self) -> Publisher:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _ensure_producer(self, failed: AIOKafkaProducer | None = None) -> AIOKafkaProducer:
        """The current producer; a new one when it is `failed` (or there is none).

        Many feeds publish at once: after a blip each finds its sends failed, but only the
        first rebuild may stop the producer; later ones, naming a producer that was already
        replaced, use the new one instead of killing its in-flight sends.
        """
        async with self._lock:
            if self._producer is not None and self._producer is not failed:
                return self._producer
            if self._producer is not None:
                old, self._producer = self._producer, None
                if self._sends[old]:
                    self._retired.add(old)  # the last send on it stops it
                else:
                    await _quietly_stop(old)
            backoff = self._backoff()
            waited = 0.0
            while True:
                producer = self._new_producer()
                try:
                    await producer.start()
                    self._producer = producer
                    return producer
                except KafkaError as exc:
                    await _quietly_stop(producer)
                    if self._give_up_after_s is not None and waited >= self._give_up_after_s:
                        raise KafkaUnavailable(
                            f"Kafka at {self._kafka.bootstrap} does not answer ({exc})"
                        ) from exc
                    delay = backoff.next()
                    log.warning(
                        "Kafka at %s unavailable (%s); retrying in %.1fs",
                        self._kafka.bootstrap,
                        exc,
                        delay,
                    )
                await self._sleep(delay)
                waited += delay

    def _backoff(self) -> Backoff:
        return Backoff(self._backoff_initial_s, self._backoff_max_s)

    async def _sleep(self, seconds: float) -> None:
        if await sleep_unless_stopped(self._stop, seconds):
            raise PublishAborted("stop requested before Kafka acknowledged the records")

    async def publish(self, records: Sequence[Record]) -> list[Record]:
        """Send `records`; return once every one is acknowledged or rejected for its size.

        Returns the rejected records (usually none); see the module doc.
        """
        pending = list(records)
        rejected: list[Record] = []
        backoff = self._backoff()
        failed: AIOKafkaProducer | None = None
        while pending:
            async with self._sending(failed) as producer:
                pending, refused, oversize = await self._send_all(producer, pending)
            for record in oversize:
                _reject(record, rejected)
            if refused:
                # Out of step with the broker on those partitions now (see the module doc).
                await self._ensure_producer(failed=producer)
                pending += await self._send_alone(refused, rejected)
            if pending:
                metrics.PUBLISH_RETRIES.inc()
                await self._sleep(backoff.next())
                failed = producer  # a fresh producer recovers from fenced or out-of-order states
        return rejected

    @asynccontextmanager
    async def _sending(self, failed: AIOKafkaProducer | None) -> AsyncIterator[AIOKafkaProducer]:
        producer = await self._ensure_producer(failed)
        self._sends[producer] += 1
        try:
            yield producer
        finally:
            self._sends[producer] -= 1
            if not self._sends[producer]:
                del self._sends[producer]
                if producer in self._retired:
                    self._retired.discard(producer)
                    await _quietly_stop(producer)

    async def publish_articles(self, articles: Sequence[Article]) -> list[Record]:
        """Publish `articles`; returns the records Kafka refused for their size (see above)."""
        rejected = await self.publish(article_records(articles, self._articles_topic))
        metrics.PUBLISHED.inc(len(articles) - len(rejected))
        return rejected

    async def _send_all(
        self, producer: AIOKafkaProducer, records: list[Record]
    ) -> tuple[list[Record], list[Record], list[Record]]:
        """Send and wait; return the records not acknowledged, split into (retry, refused by
        the broker for their batch's size, refused by the producer for their own)."""
        futures: list[asyncio.Future[object] | BaseException] = []
        oversize: list[Record] = []
        sent: list[Record] = []
        for record in records:
            try:
                futures.append(await producer.send(record.topic, record.value, key=record.key))
            except _REFUSED_FOR_EVER:
                oversize.append(record)  # measured alone: no other record shares the verdict
                continue
            except KafkaError as exc:
                log.warning("Kafka refused a record for %s: %s", record.topic, exc)
                futures.append(exc)
            sent.append(record)
        pending = [f for f in futures if isinstance(f, asyncio.Future)]
        outcome = iter(await asyncio.gather(*pending, return_exceptions=True))
        failed: list[Record] = []
        refused: list[Record] = []
        for record, future in zip(sent, futures, strict=True):
            result = future if isinstance(future, BaseException) else next(outcome)
            if isinstance(result, _REFUSED_FOR_EVER):
                refused.append(record)
            elif isinstance(result, BaseException):
                failed.append(record)
        if failed:
            log.warning("%d of %d records not acknowledged; will retry", len(failed), len(records))
        return failed, refused, oversize

    async def _send_alone(self, records: list[Record], rejected: list[Record]) -> list[Record]:
        """Send each record in a batch of its own: a batch is refused whole when it is too
        large, and other feeds' records share batches with this one. Adds the ones still
        refused to `rejected`; returns those to retry.

        A producer of its own, without idempotence: nothing else competes for its batches,
        and a refusal cannot put it out of step (a duplicate from its retries carries the
        same key, which downstream de-duplication absorbs)."""
        producer = self._new_producer(idempotent=False)
        try:
            await producer.start()
        except KafkaError as exc:
            await _quietly_stop(producer)
            log.warning("Kafka unavailable for %d refused records (%s); will retry", len(records),
                        exc)  # fmt: skip
            return list(records)
        retry: list[Record] = []
        try:
            for record in records:
                error = await _send_in_own_batch(producer, record)
                if isinstance(error, _REFUSED_FOR_EVER):
                    _reject(record, rejected)
                elif error is not None:
                    retry.append(record)
        finally:
            await _quietly_stop(producer)
        return retry


def _reject(record: Record, rejected: list[Record]) -> None:
    rejected.append(record)
    metrics.RECORDS_REJECTED.inc()
    log.error(
        "Kafka refuses record %r for %s as too large (%d bytes); skipped",
        record.key,
        record.topic,
        len(record.value or b""),
    )


async def _send_in_own_batch(producer: AIOKafkaProducer, record: Record) -> Exception | None:
    """Send `record` in a closed batch, on its key's partition; the error, None once acked.

    Closed, the batch takes no record that other feeds send meanwhile: the broker's verdict
    is about this record alone.
    """
    batch = producer.create_batch()
    if batch.append(key=record.key, value=record.value, timestamp=None) is None:
        # An empty batch admits any one record; kept safe all the same.
        too_large: Exception = RecordTooLargeError()  # aiokafka's errors are untyped
        return too_large
    batch.close()
    try:
        partitions = sorted(await producer.partitions_for(record.topic))
        partition = key_partitioner(record.key, partitions, partitions)
        await (await producer.send_batch(batch, record.topic, partition=partition))
    except Exception as exc:  # as in _send_all: any failure but "too large" is retried
        return exc
    return None


async def _quietly_stop(producer: AIOKafkaProducer) -> None:
    try:
        await producer.stop()
    except KafkaError as exc:  # a producer that never connected may fail to stop cleanly
        log.debug("ignoring error while stopping a producer: %s", exc)
