"""`TopicReader`: one client's own view of one Kafka topic, from the position it asked for.

Each connection gets its own aiokafka consumer of every partition of the topic, with no
consumer group (nothing is committed: the client keeps its position in the event ids). That
keeps the server simple and exact: every client starts where it asked (now, the beginning, or
its Last-Event-ID), Kafka is the replay buffer, and a client's lag never holds memory for the
others. The cost is one Kafka connection per client, fine for the handful of downstream
apps a stream serves.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from aiokafka import AIOKafkaConsumer
from aiokafka.errors import UnknownTopicOrPartitionError
from aiokafka.structs import ConsumerRecord

from newsmon.errors import NewsmonError
from streams.notify.stream.position import encode_position

log = logging.getLogger(__name__)
Record: TypeAlias = ConsumerRecord[bytes, bytes]
# A client's prefetch is bounded too (aiokafka's default allows 50 MB per fetch).
_FETCH_MAX_BYTES = 4 * 1024 * 1024
_PARTITION_FETCH_MAX_BYTES = 1024 * 1024


class StartError(NewsmonError, ValueError):
    """The requested start position does not fit the topic (answered with 400)."""


class TopicUnavailable(NewsmonError, RuntimeError):
    """Kafka does not know the topic (answered with 503: it may appear soon)."""


@dataclass(frozen=True)
class Start:
    """Where a connection starts: the end (`now`), the `beginning`, or a client's position."""

    kind: Literal["now", "beginning", "position"]
    offsets: Mapping[int, int] = field(default_factory=dict)


class TopicReader:
    """Reads one topic for one client and keeps the client's position (next offset per
    partition). Create with `await TopicReader.open(...)`; `close()` when done."""

    def __init__(
        self, consumer: AIOKafkaConsumer, positions: dict[int, int], catch_up_to: dict[int, int]
    ) -> None:
        self._consumer = consumer
        self._positions = positions
        # The end offsets at connect: records before them are the replay the client asked for.
        self._catch_up_to = catch_up_to
        self._caught_up = all(positions[p] >= catch_up_to[p] for p in positions)

    @classmethod
    async def open(cls, bootstrap: str, client_id: str, topic: str, start: Start) -> TopicReader:
        """Connect, resolve `start` against the topic's offsets and seek there.

        Raises StartError when a position names a partition the topic lacks or lies beyond
        a partition's end (a position of another stream), TopicUnavailable when the topic
        does not exist, and aiokafka's KafkaError (or OSError) when Kafka cannot be reached.
        """
        consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=bootstrap,
            client_id=client_id,
            # No group: aiokafka assigns every partition of the topic to this consumer, and
            # partitions added later too (from their beginning, see auto_offset_reset).
            group_id=None,
            enable_auto_commit=False,
            # Retention may delete what a client was about to read: go on with the oldest held.
            auto_offset_reset="earliest",
            fetch_max_bytes=_FETCH_MAX_BYTES,
            max_partition_fetch_bytes=_PARTITION_FETCH_MAX_BYTES,
        )
        try:
            await consumer.start()
        except UnknownTopicOrPartitionError:
            await consumer.stop()
            raise TopicUnavailable(f"Kafka has no topic {topic!r} yet") from None
        try:
            tps = sorted(consumer.assignment())
            firsts = await consumer.beginning_offsets(tps)
            ends = await consumer.end_offsets(tps)
            begin = {tp.partition: offset for tp, offset in firsts.items()}
            end = {tp.partition: offset for tp, offset in ends.items()}
            positions = _resolve(start, begin, end)
            for tp in tps:
                consumer.seek(tp, positions[tp.partition])
        except BaseException:
            await consumer.stop()
            raise
        return cls(consumer, positions, end)

    @property
    def caught_up(self) -> bool:
        """True once the client has been sent everything the topic held when it connected."""
        return self._caught_up

    def token(self) -> str:
        """The client's position now, as an event id."""
        return encode_position(self._positions)

    def advance(self, record: Record) -> str:
        """Mark `record` as sent; return the position right after it."""
        self._positions[record.partition] = record.offset + 1
        if not self._caught_up:
            self._caught_up = all(
                self._positions[p] >= self._catch_up_to.get(p, 0) for p in self._positions
            )
        return encode_position(self._positions)

    def already_sent(self, record: Record) -> bool:
        """True for a record before the client's position: aiokafka re-reads a partition
        from its beginning when the topic gains partitions; the client must not get it twice."""
        return bool(record.offset < self._positions.get(record.partition, 0))

    async def fetch(self, *, timeout_s: float, max_records: int) -> list[Record]:
        """The next records (any partition order; each partition in offset order), or [] when
        none arrived within `timeout_s`. Nothing left to read also ends the catch-up, so
        offsets the records never reach (control records) cannot hold it open."""
        batch = await self._consumer.getmany(
            timeout_ms=int(timeout_s * 1000), max_records=max_records
        )
        records = [record for part in batch.values() for record in part]
        if not records:
            self._caught_up = True
        return records

    async def close(self) -> None:
        await self._consumer.stop()


def _resolve(start: Start, begin: Mapping[int, int], end: Mapping[int, int]) -> dict[int, int]:
    if start.kind == "now":
        return dict(end)
    if start.kind == "beginning":
        return dict(begin)
    unknown = sorted(set(start.offsets) - set(end))
    if unknown:
        raise StartError(
            f"the position names partition {unknown[0]}; the topic has {len(end)} partitions"
        )
    positions: dict[int, int] = {}
    for partition in end:
        # A partition the position does not name was added since: all of it is new.
        offset = start.offsets.get(partition, begin[partition])
        if offset > end[partition]:
            raise StartError(
                f"the position is beyond the end of partition {partition} "
                f"({offset} > {end[partition]}): is it from another stream?"
            )
        if offset < begin[partition]:
            log.info(
                "stream position %d on partition %d was deleted by retention; "
                "resuming at the oldest record held (%d)", offset, partition, begin[partition],
            )  # fmt: skip
            offset = begin[partition]
        positions[partition] = offset
    return positions
