"""`ClientStream`: pump one client's records from its TopicReader into its SSE response.

Two tasks meet at a bounded queue: the reader puts (position, record JSON) pairs, the writer
sends them as SSE events. While the client catches up on what Kafka held when it connected
(`?from=beginning`, a resume), the reader waits for room in the queue, so a replay goes at
the client's pace and Kafka is the buffer. Once caught up, the reader never waits: a record
that finds `buffer` events queued means the client stopped reading, and it is disconnected
(reason `slow`), so a client's memory never grows beyond `buffer` events (plus one bounded
Kafka prefetch). The first frame is the starting position alone (`event: position`, empty
data: browsers do not dispatch it but remember its id), so a client that drops before any
record arrives still resumes without a gap.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping

from aiohttp import web
from aiohttp_sse import EventSourceResponse
from aiokafka.errors import KafkaError

from streams.notify.stream.metrics import DisconnectReason, StreamMetrics
from streams.notify.stream.reader import Record, TopicReader

log = logging.getLogger(__name__)
POSITION_EVENT = "position"
_POLL_S = 0.5  # how long one Kafka fetch waits; also how soon a vanished client is noticed


class ClientStream:
    """One connected client of stream `name`. `run()` returns why the connection ended."""

    def __init__(
        self,
        *,
        name: str,
        request: web.Request,
        response: EventSourceResponse,
        reader: TopicReader,
        buffer: int,
        metrics: StreamMetrics,
        stopping: asyncio.Event,
    ) -> None:
        self._name = name
        self._request = request
        self._response = response
        self._reader = reader
        self._buffer = buffer
        self._metrics = metrics
        self._stopping = stopping
        # (event id, record JSON); None as JSON marks the position-only frame.
        self._queue: asyncio.Queue[tuple[str, str | None]] = asyncio.Queue(maxsize=buffer)
        self.peak_queued = 0  # most events ever waiting for this client

    async def run(self) -> DisconnectReason:
        self._queue.put_nowait((self._reader.token(), None))
        tasks = {
            "read": asyncio.create_task(self._read()),
            "write": asyncio.create_task(self._write()),
            "closed": asyncio.create_task(self._response.wait()),
            "stop": asyncio.create_task(self._stopping.wait()),
        }
        try:
            await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks.values():
                task.cancel()
            await asyncio.gather(*tasks.values(), return_exceptions=True)
        reason = self._reason(tasks)
        transport = self._request.transport
        if reason in ("slow", "stalled") and transport is not None:
            # Its socket is full: drop what is buffered instead of waiting for it to drain.
            transport.abort()
        with contextlib.suppress(RuntimeError):  # the ping task is already finished
            self._response.stop_streaming()
        return reason

    def _reason(self, tasks: Mapping[str, asyncio.Task[object]]) -> DisconnectReason:
        if tasks["stop"].done() and not tasks["stop"].cancelled():
            return "shutdown"
        read = tasks["read"]
        if read.done() and not read.cancelled():
            error = read.exception()
            if error is None:
                result = read.result()
                assert result in ("client", "slow")
                return "client" if result == "client" else "slow"
            if isinstance(error, KafkaError | OSError):
                log.warning("stream %s: Kafka failed under a client: %r", self._name, error)
            else:
                log.error("stream %s: reader failed", self._name, exc_info=error)
            return "error"
        write = tasks["write"]
        if write.done() and not write.cancelled():
            error = write.exception()
            if isinstance(error, TimeoutError):
                return "stalled"
            if not isinstance(error, ConnectionError | RuntimeError):
                log.error("stream %s: writer failed", self._name, exc_info=error)
                return "error"
        return "client"

    async def _read(self) -> str:
        """Returns "client" when the client went away, "slow" when its buffer filled."""
        while True:
            transport = self._request.transport
            if transport is None or transport.is_closing():
                return "client"
            records = await self._reader.fetch(timeout_s=_POLL_S, max_records=self._buffer)
            for record in records:
                if self._reader.already_sent(record):
                    continue
                position = self._reader.advance(record)
                data = self._text(record)
                if data is None:
                    continue
                if not self._reader.caught_up:
                    await self._queue.put((position, data))
                else:
                    try:
                        self._queue.put_nowait((position, data))
                    except asyncio.QueueFull:
                        return "slow"
                    await asyncio.sleep(0)  # let the writer keep up with a burst
                self.peak_queued = max(self.peak_queued, self._queue.qsize())

    def _text(self, record: Record) -> str | None:
        if record.value is None:
            reason = "a tombstone"
        else:
            try:
                text: str = record.value.decode("utf-8")
                return text
            except UnicodeDecodeError:
                reason = "not UTF-8"
        log.warning(
            "stream %s: skipping the record at %s[%d]@%d: %s",
            self._name, record.topic, record.partition, record.offset, reason,
        )  # fmt: skip
        self._metrics.skipped.labels(self._name).inc()
        return None

    async def _write(self) -> None:
        events = self._metrics.events.labels(self._name)
        while True:
            position, data = await self._queue.get()
            if data is None:
                await self._response.send("", id=position, event=POSITION_EVENT)
            else:
                await self._response.send(data, id=position)
                events.inc()
