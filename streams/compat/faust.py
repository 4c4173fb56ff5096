"""Every patch newsmon makes to faust-streaming's (and its aiokafka consumer's) internals.

faust has no public hook for what these do; each is written for the releases in WRITTEN_FOR
(pinned together in pyproject.toml), `check_versions()` runs at worker start-up and names the
patches concerned when the installed releases differ, and tests/streams/test_faust_compat.py
checks every hook against faust's real classes, so an upgrade that renames one fails there.

- `install_consumer_patches` (from `NewsmonApp.on_start`): the commit wrapper (offsets are
  written only after the worker's pending outputs settled: `streams.delivery.settle_before`
  around faust's `Consumer._commit_offsets`), plus the two consumer fixes below.
- `watch_changelog`: every changelog write of a table is watched until Kafka acknowledged it
  (faust only logs a refused write).
- `widen_producer_buffer`: a larger bound on faust's producer buffer of changelog writes.

The two corrections to the aiokafka consumer that faust runs in its consumer thread, installed
before faust starts that thread:

- `shorten_fetch_wait`: faust fixes the broker's fetch wait at 1.5 s, and aiokafka keeps one
  fetch in flight per broker: once the agent lags a little, the partitions with records still
  buffered are left out of the next fetch, which then waits the whole 1.5 s on the idle ones
  (e.g. faust's leader topic), and the worker stalls ~1 s in every ~1.6 s.

- `rewind_uncommitted_partitions`: after a rebalance faust drops whatever its fetcher read
  while the flow was stopped and relies on "seek to the committed offsets" to read it again.
  aiokafka's `seek_to_committed` only seeks partitions whose committed offset is above 0, so on
  a partition the group never committed (a fresh topic, or one whose first records arrived
  during the rebalance) the dropped records were skipped for good: the position had already
  moved past them. Such partitions now go back to their beginning, which is where
  `auto_offset_reset = earliest` starts them anyway; at worst records are read twice, and
  every output id is deterministic.
"""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import faust
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition
from faust.types import CodecArg, FutureMessage, TableT

from streams.delivery import Delivery, Rewrite, settle_before

log = logging.getLogger(__name__)

# The releases every patch below was written and tested for (pinned together in pyproject).
WRITTEN_FOR = {"faust-streaming": "0.15.3", "aiokafka": "0.14.0", "mode-streaming": "0.7.1"}
# Which patch depends on which library's internals, for the start-up message.
PATCHES = {
    "faust-streaming": (
        "commit wrapper (Consumer._commit_offsets)",
        "changelog writer (Table.send_changelog)",
        "producer buffer bound (ProducerBuffer.max_messages)",
        "rewind of uncommitted partitions (ConsumerThread.seek_to_committed)",
    ),
    "aiokafka": (
        "fetch wait (AIOKafkaConsumer._fetch_max_wait_ms)",
        "rewind of uncommitted partitions (AIOKafkaConsumer.seek_to_committed)",
    ),
    "mode-streaming": ("consumer thread hooks (ServiceThread)",),
}

# How long the broker may hold a fetch that finds no new records; 25 ms keeps an idle worker's
# fetches cheap and bounds the wait a lagging worker pays for its idle partitions.
CONSUMER_FETCH_MAX_WAIT_MS = 25


def shorten_fetch_wait(consumer: Any) -> None:
    """Make the aiokafka consumer that faust's `consumer` creates (in its thread, at start) use
    CONSUMER_FETCH_MAX_WAIT_MS; its fetcher reads the value when the consumer starts."""
    thread = consumer._thread
    create = thread._create_worker_consumer

    def create_with_short_fetch_wait(transport: Any) -> Any:
        kafka_consumer = create(transport)
        kafka_consumer._fetch_max_wait_ms = CONSUMER_FETCH_MAX_WAIT_MS
        return kafka_consumer

    thread._create_worker_consumer = create_with_short_fetch_wait


async def seek_to_committed_or_beginning(
    kafka_consumer: AIOKafkaConsumer, rewinds: Callable[[TopicPartition], bool]
) -> Mapping[TopicPartition, int | None]:
    """Seek every assigned partition to its committed offset, and those `rewinds` accepts
    that have none (or 0) to their beginning; returns the committed offsets, as aiokafka's
    `seek_to_committed` does."""
    committed: Mapping[TopicPartition, int | None] = await kafka_consumer.seek_to_committed()
    uncommitted = [tp for tp, offset in committed.items() if not offset and rewinds(tp)]
    if uncommitted:
        await kafka_consumer.seek_to_beginning(*uncommitted)
    return committed


def rewind_uncommitted_partitions(consumer: Any, is_changelog: Callable[[str], bool]) -> None:
    """Make faust's `consumer` seek partitions without a committed offset to their beginning
    wherever it seeks to the committed offsets. Changelog partitions are left alone: faust's
    recovery positions them itself."""
    thread = consumer._thread

    def rewinds(tp: TopicPartition) -> bool:
        return not is_changelog(tp.topic)

    async def seek_to_committed() -> Mapping[TopicPartition, int | None]:
        kafka_consumer = thread._ensure_consumer()
        result: Mapping[TopicPartition, int | None] = await thread.call_thread(
            seek_to_committed_or_beginning, kafka_consumer, rewinds
        )
        return result

    thread.seek_to_committed = seek_to_committed


def version_problems() -> list[str]:
    """One sentence per library whose installed release is not the one the patches were
    written for, naming the patches that rely on it; empty when all match."""
    problems = []
    for distribution, expected in WRITTEN_FOR.items():
        try:
            installed = importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            installed = "none"
        if installed != expected:
            patches = "; ".join(PATCHES[distribution])
            problems.append(
                f"{distribution} {installed} is installed but newsmon's patches were written "
                f"for {expected} (streams/compat/faust.py: {patches})"
            )
    return problems


def check_versions() -> list[str]:
    """Log a warning per library whose release differs (see `version_problems`); at start-up.

    The patches stay installed: they carry guarantees (no offset before its outputs, no lost
    changelog write), and a hook that is gone fails loudly where it is installed."""
    problems = version_problems()
    for problem in problems:
        log.warning("%s; check them against the new release (tests/streams/test_faust_compat.py)",
                    problem)  # fmt: skip
    return problems


def install_consumer_patches(
    app: faust.App,
    before_commit: Callable[[], Awaitable[None]] | None,
    is_changelog: Callable[[str], bool],
) -> None:
    """The consumer patches, from `NewsmonApp.on_start` (after faust created the consumer and
    before it starts): the fetch wait, the rewind, and `before_commit` around every commit."""
    consumer: Any = app.consumer
    shorten_fetch_wait(consumer)
    rewind_uncommitted_partitions(consumer, is_changelog)
    if before_commit is None:
        return
    # `_commit_offsets` is the one place every commit goes through (faust 0.15.3,
    # transport/consumer.py), after the offsets were chosen: settling there covers every
    # event acked so far, and a settle that cannot finish (Kafka down) holds the commit.
    consumer._commit_offsets = settle_before(before_commit, consumer._commit_offsets)


def watch_changelog(table: TableT[str, Any], delivery: Delivery) -> None:
    """Hand every changelog write of `table` to `delivery` until Kafka acknowledged it.

    faust (0.15.3) queues a table's changelog write and, when Kafka refuses it, only logs a
    warning: the table and its changelog then disagree, and the next start recovers the old
    value. Watched, a refused write is made again, with the key's value at that time (or a
    tombstone if it was deleted since), so a later write of the key is never overwritten."""
    send_changelog = table.send_changelog
    what = f"{table.name} changelog"

    def rewrite(key: Any) -> Rewrite:
        async def write_current() -> Awaitable[object]:
            if key in table.data:
                return send_changelog(table.partition_for_key(key), key, table.data[key])
            return send_changelog(table.partition_for_key(key), key, None, None, "raw")

        return write_current

    def watched(partition: int | None, key: Any, value: Any,
                key_serializer: CodecArg | None = None,
                value_serializer: CodecArg | None = None) -> FutureMessage:  # fmt: skip
        written = send_changelog(partition, key, value, key_serializer, value_serializer)
        delivery.watch(what, written, rewrite(key))
        return written

    table.send_changelog = watched  # type: ignore[method-assign]


def widen_producer_buffer(app: faust.App, max_messages: int) -> None:
    """Raise the bound of faust's producer buffer to `max_messages`, at worker start."""

    async def widen_producer_buffer() -> None:
        # At start, once the producer exists on the worker's own loop.
        app.producer.buffer.max_messages = max_messages

    app.task(widen_producer_buffer)
