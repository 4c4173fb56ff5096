"""`seek_to_committed_or_beginning`, and `SkippedRecords` reading aiokafka's fetch position,
against the real broker with plain aiokafka clients."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition

from newsmon.kafka.admin import TopicSpec, ensure_topics
from streams.compat.faust import SkippedRecords, seek_to_committed_or_beginning
from tests.support.kafka_io import produce

pytestmark = pytest.mark.kafka


async def offsets_read(consumer: AIOKafkaConsumer) -> list[tuple[int, int]]:
    batch = await consumer.getmany(timeout_ms=3000)
    return sorted((tp.partition, record.offset) for tp, records in batch.items()
                  for record in records)  # fmt: skip


async def test_records_read_before_the_seek_are_read_again_on_a_partition_never_committed(
    kafka_bootstrap: str, unique_name: str
) -> None:
    topic = f"rewind-{unique_name}"
    await ensure_topics(kafka_bootstrap, [TopicSpec(topic, partitions=2, replication_factor=1)])
    await produce(kafka_bootstrap, topic, [(b"a", b"first"), (b"a", b"second")])
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka_bootstrap, group_id=f"g-{unique_name}",
                                enable_auto_commit=False, auto_offset_reset="earliest")  # fmt: skip
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, 0), TopicPartition(topic, 1)]
        consumer.assign(partitions)
        first_read = await offsets_read(consumer)
        [(written_to, _), _] = first_read
        # What faust does to records fetched during a rebalance: drop them and seek to the
        # committed offsets. aiokafka's own seek leaves a never-committed partition as it is...
        await consumer.seek_to_committed()
        assert await offsets_read(consumer) == []
        # ...so the records it dropped would never come back.
        committed, starts = await seek_to_committed_or_beginning(consumer, lambda tp: True)
        assert committed == {tp: None for tp in partitions}
        assert starts == {tp: 0 for tp in partitions}  # where reading starts: the beginning
        assert await offsets_read(consumer) == first_read == [(written_to, 0), (written_to, 1)]

        await consumer.commit({TopicPartition(topic, written_to): 1})
        _, starts = await seek_to_committed_or_beginning(consumer, lambda tp: True)
        assert starts[TopicPartition(topic, written_to)] == 1
        assert await offsets_read(consumer) == [(written_to, 1)]

        # A partition the caller keeps out (faust's changelogs) is not rewound.
        await consumer.commit({TopicPartition(topic, written_to): 0})
        _, starts = await seek_to_committed_or_beginning(consumer, lambda tp: False)
        assert starts == {}
        assert await offsets_read(consumer) == []
    finally:
        await consumer.stop()


async def test_skipped_records_reads_aiokafka_s_fetch_position(
    kafka_bootstrap: str, unique_name: str
) -> None:
    topic = f"position-{unique_name}"
    await ensure_topics(kafka_bootstrap, [TopicSpec(topic, partitions=1, replication_factor=1)])
    await produce(kafka_bootstrap, topic, [(b"a", b"first"), (b"a", b"second")])
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka_bootstrap, group_id=f"g-{unique_name}",
                                enable_auto_commit=False, auto_offset_reset="earliest")  # fmt: skip
    await consumer.start()
    try:
        tp = TopicPartition(topic, 0)
        consumer.assign([tp])
        faust_side = SimpleNamespace(_thread=SimpleNamespace(_ensure_consumer=lambda: consumer))
        check = SkippedRecords(faust_side, app=None, inputs=lambda t: True)  # type: ignore[arg-type]
        assert await offsets_read(consumer) == [(0, 0), (0, 1)]
        assert check._fetch_position(tp) == await consumer.position(tp) == 2
    finally:
        await consumer.stop()
