"""Making sure every output record reached Kafka before the worker forgets about it.

faust's `Topic.send` only queues a record; when Kafka finally refuses it, faust logs a warning
and commits the source offset anyway, so the output would be lost. `Delivery` keeps each sent
record with its source until Kafka has acknowledged it, and settles the pending ones in batches
(a per-record wait would serialise the worker on the broker's round trip):

- acknowledged: forgotten;
- refused as too large: sent once more on its own (one large record fails its whole batch),
  then, if refused again, replaced by a dead letter naming the source record;
- any other failure (broker down, timeout): sent again, with back-off, until Kafka takes it —
  the agent waits meanwhile, so nothing further is consumed and nothing is dropped.

Table changelog writes are watched the same way (`watch`): a refused one is written again
with the table's value of that moment (never the refused, possibly stale one). A changelog
write refused as too large is logged and given up: there is no record to dead-letter, and our
table values are small and bounded.

Alerts go out only after the state that decided them (`send_after_state`): every table write
watched so far must be in Kafka first (one refused at first, once `settle` made it again). A
worker killed between the two would otherwise leave an alert in Kafka with no record of it in
the tables; the worker that takes over reads the article again, and when it reads it after
articles behind it (a restart can: see `streams.compat.faust.SkippedRecords`), it decides anew
from older state. A burst then counts a later story and takes another window, so another id; a
near duplicate read first starts the story under its own id. With the state in Kafka first, the
replay finds the decision and repeats the same alert. The agent does not wait for this: a task
sends the record, so it costs an alert one changelog round trip, not the worker its throughput.

Offsets: `settle_before(delivery.settle, commit)` wraps faust's offset commit so that it first
settles everything pending. Every event faust has acked has queued its outputs already, so
an offset is committed only once Kafka holds every output of the records before it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from aiokafka.errors import MessageSizeTooLargeError, RecordTooLargeError

from newsmon.kafka.retry import Backoff
from streams.deadletter import SourceRecord, dead_letter

log = logging.getLogger(__name__)

# Sends a record; returns an awaitable that resolves once Kafka acknowledged it.
SendNow = Callable[[str, bytes, bytes], Awaitable[Awaitable[object]]]
# Writes a record again (e.g. a table key with its current value); same awaitable as SendNow.
Rewrite = Callable[[], Awaitable[Awaitable[object]]]
_TOO_LARGE = (MessageSizeTooLargeError, RecordTooLargeError)
_P = ParamSpec("_P")
_R = TypeVar("_R")


@dataclass(frozen=True, slots=True)
class Pending:
    """An output record sent for `source` and not yet known to be in Kafka."""

    topic: str
    key: bytes
    value: bytes
    source: SourceRecord
    acknowledged: Awaitable[object]


@dataclass(frozen=True, slots=True)
class Watched:
    """A write made elsewhere (a table changelog record), with how to make it again."""

    what: str
    acknowledged: Awaitable[object]
    rewrite: Rewrite
    # Done once Kafka holds the write, at the first attempt or a later one (or it was given
    # up as too large): what an alert held for the state waits for.
    durable: asyncio.Future[None]


def _too_large(exc: BaseException) -> bool:
    """Kafka refused the record for its size. faust's producer raises the refusal of a record
    over the client's request limit wrapped in its own ProducerSendError."""
    return isinstance(exc, _TOO_LARGE) or isinstance(exc.__cause__, _TOO_LARGE)


async def _ack(sent: Awaitable[Awaitable[object]]) -> object:
    """The acknowledgement of a record sent by a task (`sent` gives the send's awaitable)."""
    acknowledged = await sent
    return await acknowledged


async def _guarded(send: Rewrite) -> Awaitable[object]:
    """`send()`, with an error raised at send time turned into a failed acknowledgement."""
    try:
        return await send()
    except Exception as exc:
        failed: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        failed.set_exception(exc)
        return failed


def settle_before(
    settle: Callable[[], Awaitable[None]], commit: Callable[_P, Awaitable[_R]]
) -> Callable[_P, Awaitable[_R]]:
    """`commit`, made to await `settle()` (e.g. `Delivery.settle`) before it commits."""

    async def commit_when_settled(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        await settle()
        return await commit(*args, **kwargs)

    return commit_when_settled


class Delivery:
    """Sends output records and settles them; used by one agent (concurrency=1)."""

    def __init__(
        self,
        send_now: SendNow,
        deadletter_topic: str,
        clock: Callable[[], datetime],
        *,
        batch: int = 256,
        max_age_s: float = 0.2,
        retry_initial_s: float = 0.5,
        retry_max_s: float = 10.0,
        on_dead_letter: Callable[[], None] = lambda: None,
    ) -> None:
        self._send_now = send_now
        self._deadletter_topic = deadletter_topic
        self._clock = clock
        self._batch = batch
        self._max_age_s = max_age_s
        self._retry_initial_s = retry_initial_s
        self._retry_max_s = retry_max_s
        self._on_dead_letter = on_dead_letter
        self._pending: list[Pending | Watched] = []
        self._oldest = 0.0
        self._lock = asyncio.Lock()
        # Table writes not yet known to be in Kafka (`Watched.durable`), and the last record
        # held for them.
        self._state_writes: list[asyncio.Future[None]] = []
        self._last_held: asyncio.Future[Awaitable[object]] | None = None

    @property
    def pending(self) -> int:
        return len(self._pending)

    async def send(self, topic: str, key: bytes, value: bytes, source: SourceRecord) -> None:
        """Queue one record; settles the batch when it is full or old enough."""
        acknowledged = await self._send_guarded(topic, key, value)
        await self._queue(Pending(topic, key, value, source, acknowledged))

    async def send_after_state(
        self, topic: str, key: bytes, value: bytes, source: SourceRecord
    ) -> None:
        """Queue one record that Kafka must not get before every table write watched so far
        (an alert: see the module's docstring), nor before an earlier record held so."""
        self._state_writes = [w for w in self._state_writes if not w.done()]
        before = self._last_held
        if not self._state_writes and (before is None or before.done()):
            await self.send(topic, key, value, source)
            return
        sent = asyncio.ensure_future(
            self._send_when_written((*self._state_writes, *([before] if before else [])),
                                    topic, key, value)
        )  # fmt: skip
        self._last_held = sent
        await self._queue(Pending(topic, key, value, source, asyncio.ensure_future(_ack(sent))))

    async def _send_when_written(
        self, writes: tuple[asyncio.Future[Any], ...], topic: str, key: bytes, value: bytes
    ) -> Awaitable[object]:
        # `wait` does not cancel the writes if this is cancelled. A write refused at first is
        # durable only once `settle` has made it again.
        await asyncio.wait(writes)
        return await self._send_guarded(topic, key, value)

    async def _queue(self, record: Pending) -> None:
        """Keep `record` until it is settled; settle the batch when it is full or old enough."""
        if not self._pending:
            self._oldest = time.monotonic()
        self._pending.append(record)
        if len(self._pending) >= self._batch or time.monotonic() - self._oldest > self._max_age_s:
            await self.settle()

    def watch(self, what: str, acknowledged: Awaitable[object], rewrite: Rewrite) -> None:
        """Keep a write made elsewhere until Kafka acknowledged it; settled with the rest."""
        if not self._pending:
            self._oldest = time.monotonic()
        written = asyncio.ensure_future(acknowledged)
        durable: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def taken_at_once(write: asyncio.Future[object]) -> None:
            if not write.cancelled() and write.exception() is None and not durable.done():
                durable.set_result(None)

        if written.done():  # a callback would only run on the loop's next turn
            taken_at_once(written)
        else:  # if refused, `settle` makes it again and then says it is durable
            written.add_done_callback(taken_at_once)
        self._pending.append(Watched(what, written, rewrite, durable))
        self._state_writes.append(durable)

    async def settle(self) -> None:
        """Wait until every pending record is acknowledged, re-sent or dead-lettered."""
        async with self._lock:
            pending, self._pending = self._pending, []
            for record in pending:
                if isinstance(record, Watched):
                    await self._settle_watched(record)
                else:
                    await self._settle_one(record)
            self._state_writes = [w for w in self._state_writes if not w.done()]

    async def _send_guarded(self, topic: str, key: bytes, value: bytes) -> Awaitable[object]:
        """`send_now`, with an error raised at send time turned into a failed acknowledgement."""
        return await _guarded(lambda: self._send_now(topic, key, value))

    async def _settle_one(self, record: Pending) -> None:
        def resend() -> Awaitable[Awaitable[object]]:
            return self._send_now(record.topic, record.key, record.value)

        refused = await self._until_taken(
            record.acknowledged, resend, f"a record for {record.topic}"
        )
        if refused is not None:
            await self._dead_letter(record, refused)

    async def _settle_watched(self, write: Watched) -> None:
        refused = await self._until_taken(
            write.acknowledged, write.rewrite, f"a {write.what} record"
        )
        if not write.durable.done():
            write.durable.set_result(None)
        if refused is not None:
            log.error("Kafka refused %s as too large (%s): given up", write.what, refused)

    async def _until_taken(
        self, acknowledged: Awaitable[object], resend: Rewrite, what: str
    ) -> BaseException | None:
        """Await the acknowledgement, sending again until Kafka takes the record; None once it
        did, or the error when Kafka refused it as too large twice (the second time alone:
        the first refusal may only have come from sharing a batch with a large record)."""
        backoff = Backoff(self._retry_initial_s, self._retry_max_s)
        alone = False
        while True:
            try:
                await acknowledged
                return None
            except Exception as exc:
                if not _too_large(exc):
                    delay = backoff.next()
                    log.warning("Kafka did not take %s (%s); sending it again in %.1fs",
                                what, exc, delay)  # fmt: skip
                    await asyncio.sleep(delay)
                elif alone:
                    return exc
                else:
                    alone = True
            acknowledged = await _guarded(resend)

    async def _dead_letter(self, record: Pending, exc: BaseException) -> None:
        log.error("output record for %s refused as too large: dead-lettering %s[%d]@%d",
                  record.topic, record.source.topic, record.source.partition,
                  record.source.offset)  # fmt: skip
        letter = dead_letter(record.source, exc, self._clock(), "processing")
        if record.topic == self._deadletter_topic:
            # A dead letter too large to store: keep where the original is, not its bytes.
            source = record.source
            letter = dead_letter(
                SourceRecord(source.topic, source.partition, source.offset, source.key, b""),
                exc,
                self._clock(),
                "processing",
            )
        self._on_dead_letter()
        # The dead letter itself goes through the same loop, so it too is never dropped.
        await self._settle_one(
            Pending(
                self._deadletter_topic,
                record.source.key or b"",
                letter.to_json(),
                record.source,
                await self._send_guarded(
                    self._deadletter_topic, record.source.key or b"", letter.to_json()
                ),
            )
        )
