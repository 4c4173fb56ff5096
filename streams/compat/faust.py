"""Every patch newsmon makes to faust-streaming's (and its aiokafka consumer's) internals.

faust has no public hook for what these do; each is written for the releases in WRITTEN_FOR
(pinned together in pyproject.toml), `check_versions()` runs at worker start-up and names the
patches concerned when the installed releases differ, and the tests under
tests/stream/streams/compat/ and tests/unit/streams/compat/ check every hook against faust's
real classes, so an upgrade that renames one fails there.

- `install_consumer_patches` (from `NewsmonApp.on_start`): the commit wrapper (offsets are
  written only after the worker's pending outputs settled: `streams.delivery.settle_before`
  around faust's `Consumer._commit_offsets`), plus the consumer fixes below.
- `register_skipped_records_check`: `SkippedRecords` on a timer (see below).
- `watch_changelog`: every changelog write of a table is watched until Kafka acknowledged it
  (faust only logs a refused write).
- `widen_producer_buffer`: a larger bound on faust's producer buffer of changelog writes.
- `partition_unknown_topics_at_send`: a table write to a changelog topic the producer has no
  metadata for yet is partitioned when it is sent, not when it is queued.
- `keep_queued_events_while_flowing`: a resume of the flow while it is already on keeps the
  events queued for the streams (mode clears those queues on every resume).

The corrections to the consumer faust runs in its consumer thread, installed before faust
starts that thread, but for the two that run on a timer (`SkippedRecords`, `StalledRecovery`):

- `shorten_fetch_wait`: faust fixes the broker's fetch wait at 1.5 s, and aiokafka keeps one
  fetch in flight per broker: once the agent lags a little, the partitions with records still
  buffered are left out of the next fetch, which then waits the whole 1.5 s on the idle ones
  (e.g. faust's leader topic), and the worker stalls ~1 s in every ~1.6 s.

- `fetch_what_was_asked`: faust hands the consumer thread its live set of active partitions
  (transport/consumer.py `_wait_next_records`, `_getmany`), and aiokafka's
  `fetched_records` reads it again each time its wait wakes, returning the records of EVERY
  partition once the set is empty (`if partitions and tp not in partitions`). Pausing
  partitions while a fetch waits (faust pauses the changelogs when a table recovery ends)
  thus gave faust the records aiokafka had prefetched for the paused stream partitions;
  faust drops records of partitions not active, and aiokafka's position had moved past
  them. Logged in a pool run (with `seek_before_resuming` alone, whose seek in that window
  made it show): the story stage's partition, sought to its commit at 4, had 4..791
  fetched and dropped that way, and the stream went on at 792: a position "at the end" like
  the changelogs' that `StalledRecovery` met, likely by the same road. The thread
  now gets a copy of the set as it was when the fetch was asked for, and waits 0.1 s at most
  for it (not faust's 1 s), so that partitions resumed meanwhile are soon asked for.

- `rewind_uncommitted_partitions`: after a rebalance faust drops whatever its fetcher read
  while the flow was stopped and relies on "seek to the committed offsets" to read it again.
  aiokafka's `seek_to_committed` only seeks partitions whose committed offset is above 0, so on
  a partition the group never committed (a fresh topic, or one whose first records arrived
  during the rebalance) the dropped records were skipped for good: the position had already
  moved past them. Such partitions now go back to their beginning, which is where
  `auto_offset_reset = earliest` starts them anyway; at worst records are read twice, and
  every output id is deterministic.

- `ack_only_current_events`: faust's stream acks an event it SKIPS, unprocessed, because it
  was fetched before a rebalance (the flow is stopped, or the event's consumer generation is
  no longer the current one: faust 0.15.3, streams.py `_py_aiter`, "Skipping message ... with
  generation_id"). An ack marks the offset safe to commit. During a revoke faust has just
  forgotten the partition's committed offset (transport/consumer.py `on_partitions_revoked`),
  so the commit that ends the revoke (`wait_empty`) takes such an offset as the start of a
  consecutive run (`_new_offset`) and commits past every record between the last commit and
  the skipped one: records nobody processed, lost for good. Only a group with more than one
  member is revoked while its streams hold fetched records. Acks of events that are not of
  the current generation with the flow running are now dropped: the event is read again from
  the committed offset, at worst processed twice.

- `seek_before_resuming`: at the end of every rebalance faust resumes the stream partitions
  and only then seeks them to their committed offsets, with the flow already running (faust
  0.15.3, tables/recovery.py `on_recovery_completed`, `_resume_streams`). What it fetches in
  between comes from wherever the last generation left aiokafka's position and faust's read
  offset, and is processed and acked while faust may know no committed offset for a
  partition just given to it, so that nothing checks a commit. Seen once in CI: the worker
  taking over the story stage from a SIGKILLed one committed the enriched topic past 1,529
  records it never read (from about 1,122 to 2,651; it went on at 2,652), with no sign in
  its log. Logged in pool runs, that window delivered batches from the position the
  previous generation had reached (2,739, the commit at 1,605) and after a read offset a
  revoke had left behind (563, the commit at 5: 5..562 dropped as read already), each read
  again only once `SkippedRecords` noticed, 5-10 s later. Every assigned partition is now
  sought to its committed offset when faust announces the end of the rebalance
  (`App.on_rebalance_complete`, sent before it resumes them); faust's own seek that follows
  finds them there. And a partition whose read start is not known commits nothing
  (`commit_only_from_the_head`).

- `SkippedRecords`: after a takeover faust resumes a partition's fetching before it seeks it
  to the committed offset, while the flow already runs (faust 0.15.3,
  tables/recovery.py `_resume_streams`); a batch fetched in between can be dropped after the
  fetch position moved past it. Seen in a pool test: the survivor processed the dead
  worker's partition from its committed offset 516 to 578, then went on at 729; 579..728
  were never processed, and the commit stayed at 579 for good (faust commits only up to the
  first record not acked). A partition whose committed offset stays below every record
  acked since is therefore sought back to that offset and read again from there.

- `count_no_gaps`: faust takes a jump in the offsets it delivers from a partition for a
  "gap" (offsets a compacted or transactional topic never holds) and counts every offset in
  it as acked (faust 0.15.3, transport/consumer.py `_drain_messages`, `_add_gap`,
  `_new_offset`). The worker's own inputs (the raw and the enriched topic) are neither, so a
  jump there only ever means records passed over: after `SkippedRecords` sought a partition
  back, faust still delivered records of a batch it had fetched before the seek, saw a jump
  from the sought offset to theirs, counted the records in between as acked and committed
  past them, then dropped them when they came again (older than its read offset): seen on
  the single-partition enriched topic in a pool test, 411 articles lost. Jumps on those
  topics are no longer counted: the records stay uncommitted until they are processed, and
  `SkippedRecords` seeks back again.

- `commit_only_from_the_head`: faust withholds a commit when the first offset acked since the
  last commit is more than one past it, but not when it is exactly one past (faust 0.15.3,
  transport/consumer.py `_new_offset`, `min(acked) - committed > 1`; faust-streaming issue
  606, still open): the committed offset is the NEXT record to read, so a single record at the
  committed offset that was never acked is committed over, lost for good. Seen in the pool
  tests as one article lost (raw partition 0 offset 470, partition 2 offset 321) around a
  rebalance that left the partition where it was. faust checks nothing at all on a partition
  it holds no committed offset for (never committed, or committed at 0): a first record
  passed over there was lost too (raw partition 2, offset 0, with 1..29 committed). On the
  worker's inputs a commit now starts only from where reading started (`ReadStarts`: the
  committed offset, else the beginning the partition was sought to); a partition held so is
  what `SkippedRecords` reads again. A partition whose start is not known yet (given in this
  rebalance and not sought yet) commits nothing: faust would commit whatever run of acked
  offsets it holds first, which is how the loss under `seek_before_resuming` went unseen.

- `StalledRecovery` (`register_recovery_watch`): a table recovery that reads nothing for
  RECOVERY_STALL_S is logged with the consumer's state and set reading again.

And the group's assignment (`StageOneApartAssignor`, faust's `PartitionAssignor` setting):
faust spreads each topic's partitions evenly, blind to what a partition costs. The member that
holds stage 2's single partition does the whole group's story work (about 60% of a worker's
CPU per article), and a share of the raw partitions on top bounded a pool of two at x1.24 one
worker while the other member slept most of the time. The raw partitions now go to the other
members whenever there are any.
"""

from __future__ import annotations

import importlib.metadata
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import faust
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition
from faust.assignor import PartitionAssignor
from faust.types import TP, AppT, CodecArg, FutureMessage, Message, TableT
from faust.types.tuples import ack_lock
from mode.types.signals import BaseSignalT
from mode.utils.futures import notify

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
        "partitioning of unknown topics (Producer.key_partition, AIOKafkaProducer.client)",
        "rewind of uncommitted partitions (ConsumerThread.seek_to_committed)",
        "acks of skipped events (Consumer.ack, _unacked_messages, _waiting_for_ack)",
        "re-reading skipped records (Consumer._acked, _committed_offset, seek_wait)",
        "no gaps counted on the worker's inputs (Consumer._add_gap)",
        "commits from the committed offset on (Consumer._new_offset, _acked, _committed_offset)",
        "stalled recovery watch (Recovery.active_offsets, active_tps, Consumer._paused_partitions)",
        "seek before the resume (App.on_rebalance_complete, Consumer.perform_seek)",
        "fetch of a copy of the active partitions (AIOKafkaConsumerThread.getmany)",
        "raw partitions apart from stage 2 (PartitionAssignor._global_table_standby_assignments)",
    ),
    "aiokafka": (
        "fetch wait (AIOKafkaConsumer._fetch_max_wait_ms)",
        "rewind of uncommitted partitions (AIOKafkaConsumer.seek_to_committed)",
    ),
    "mode-streaming": (
        "consumer thread hooks (ServiceThread)",
        "queued events kept on a resume while flowing (FlowControlEvent.resume, _queues)",
    ),
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


class ReadStarts:
    """Per partition of one consumer, the offset reading starts from: the committed offset
    once faust knows one, else where the last seek to the committed offsets put it.

    faust keeps no committed offset for a partition the group never committed, nor for a
    commit at 0 (transport/consumer.py `perform_seek`: `offset if offset else None`), and then
    checks nothing at the head of the acked offsets (`_new_offset`): a first record passed
    over was committed over, lost for good (seen: raw partition 2, offset 0, with 1..29
    committed). The beginning a partition was sought to stands in for it."""

    def __init__(self) -> None:
        self._sought: dict[Any, int] = {}

    def sought(self, offsets: Mapping[Any, int]) -> None:
        self._sought.update(offsets)

    def start(self, consumer: Any, tp: Any) -> int | None:
        committed: int | None = consumer._committed_offset.get(tp)
        return committed if committed is not None else self._sought.get(tp)


def read_starts(consumer: Any) -> ReadStarts:
    """The `ReadStarts` of faust's `consumer` (made on first use, kept on the consumer)."""
    starts: ReadStarts | None = getattr(consumer, "_newsmon_read_starts", None)
    if starts is None:
        starts = consumer._newsmon_read_starts = ReadStarts()
    return starts


async def seek_to_committed_or_beginning(
    kafka_consumer: AIOKafkaConsumer, rewinds: Callable[[TopicPartition], bool]
) -> tuple[Mapping[TopicPartition, int | None], dict[TopicPartition, int]]:
    """Seek every assigned partition to its committed offset, and those `rewinds` accepts
    that have none (or 0) to their beginning; returns the committed offsets, as aiokafka's
    `seek_to_committed` does, and the offset each partition `rewinds` accepts is read from."""
    committed: Mapping[TopicPartition, int | None] = await kafka_consumer.seek_to_committed()
    uncommitted = [tp for tp, offset in committed.items() if not offset and rewinds(tp)]
    starts = {tp: offset for tp, offset in committed.items() if offset and rewinds(tp)}
    if uncommitted:
        await kafka_consumer.seek_to_beginning(*uncommitted)
        starts.update(await kafka_consumer.beginning_offsets(uncommitted))
    return committed, starts


def rewind_uncommitted_partitions(consumer: Any, is_changelog: Callable[[str], bool]) -> None:
    """Make faust's `consumer` seek partitions without a committed offset to their beginning
    wherever it seeks to the committed offsets, and note where each partition is read from
    (`read_starts`). Changelog partitions are left alone: faust's recovery positions them."""
    thread = consumer._thread
    starts = read_starts(consumer)

    def rewinds(tp: TopicPartition) -> bool:
        return not is_changelog(tp.topic)

    async def seek_to_committed() -> Mapping[TopicPartition, int | None]:
        kafka_consumer = thread._ensure_consumer()
        committed, sought = await thread.call_thread(
            seek_to_committed_or_beginning, kafka_consumer, rewinds
        )
        starts.sought(sought)
        result: Mapping[TopicPartition, int | None] = committed
        return result

    thread.seek_to_committed = seek_to_committed


# How long a fetch waits for records of the partitions it asked for. A partition resumed while
# it waits (the stream partitions, when a takeover's table recovery ends) is asked for by the
# next fetch; an idle worker asks ten times a second, each ask a call into its consumer thread.
FETCH_WAIT_S = 0.1


def fetch_what_was_asked(consumer: Any) -> None:
    """Make faust's `consumer` ask its thread for the records of a copy of its active
    partitions, as they are when it asks, instead of the set itself, which it changes as it
    pauses and resumes partitions while the fetch waits; and wait at most FETCH_WAIT_S for
    them (faust waits 1 s), so that partitions resumed meanwhile are asked for soon."""
    thread = consumer._thread
    getmany = thread.getmany

    async def getmany_of_a_copy(active_partitions: Any, timeout: float) -> Any:
        asked = None if active_partitions is None else frozenset(active_partitions)
        return await getmany(asked, min(timeout, FETCH_WAIT_S))

    thread.getmany = getmany_of_a_copy


def seek_before_resuming(app: faust.App) -> None:
    """Seek every partition `app`'s consumer is assigned to its committed offset (and those
    never committed to their beginning: `rewind_uncommitted_partitions`) when faust announces
    the end of a rebalance, before it resumes the stream partitions.

    The stream partitions are still paused then, so nothing of them was delivered in this
    generation (given `fetch_what_was_asked`); the seek sets aiokafka's positions, faust's
    read offsets and its committed offsets, all of which the records delivered after the
    resume are judged by. A seek that
    fails is logged: faust seeks once more right after, as it always did."""

    async def seek_to_committed(
        sender: Any, /, *args: Any, signal: BaseSignalT[Any], **kwargs: Any
    ) -> None:
        consumer: Any = app.consumer
        try:
            if consumer.assignment():
                await consumer.perform_seek()
        except Exception as exc:  # e.g. another rebalance started: it seeks again
            log.warning("seeking the assigned partitions before resuming them failed: %r", exc)

    app.on_rebalance_complete.connect(seek_to_committed)


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
        log.warning("%s; check them against the new release "
                    "(tests/stream/streams/compat/test_faust_compat.py)",
                    problem)  # fmt: skip
    return problems


def install_consumer_patches(
    app: faust.App,
    before_commit: Callable[[], Awaitable[None]] | None,
    is_changelog: Callable[[str], bool],
    without_gaps: Callable[[str], bool] = lambda topic: False,
) -> None:
    """The consumer patches, from `NewsmonApp.on_start` (after faust created the consumer and
    before it starts): the fetch wait, the fetch of a copy of the active partitions, the
    rewind, the acks, no gaps and commits only from the committed offset on the topics
    `without_gaps` accepts, the seek before the resume, and `before_commit` around every
    commit."""
    consumer: Any = app.consumer
    shorten_fetch_wait(consumer)
    fetch_what_was_asked(consumer)
    rewind_uncommitted_partitions(consumer, is_changelog)
    ack_only_current_events(consumer, app)
    count_no_gaps(consumer, without_gaps)
    commit_only_from_the_head(consumer, without_gaps)
    seek_before_resuming(app)
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


def partition_unknown_topics_at_send(app: faust.App) -> None:
    """At worker start, make faust's producer leave the partition of a record to the send when
    its metadata does not know the topic yet (`key_partition_when_known`)."""

    async def install() -> None:
        key_partition_when_known(app.producer)

    app.task(install)


def key_partition_when_known(producer: Any) -> None:
    """Patch faust's `producer.key_partition` (called when a table write is queued, with
    eager partitioning) to answer "no partition yet" for a topic missing from the aiokafka
    producer's metadata.

    faust 0.15.3 asks aiokafka's `_partition`, which fails with a TypeError when the metadata
    lacks the topic. That happens to a changelog topic created after the producer's last full
    metadata refresh (aiokafka then refreshes only the topics it has sent to): the write, and
    with it the article being processed, failed. The send itself waits for the topic's
    metadata and partitions with the same partitioner, so the record lands where it would."""
    key_partition = producer.key_partition

    def partition_when_known(topic: str, key: bytes) -> TP:
        cluster = producer._ensure_producer().client.cluster
        if cluster.partitions_for_topic(topic) is None:
            return TP(topic, None)  # type: ignore[arg-type]  # decided at send time
        partitioned: TP = key_partition(topic, key)
        return partitioned

    producer.key_partition = partition_when_known


def is_current(app: AppT, message: Message) -> bool:
    """Whether an ack of `message` may count: fetched in the consumer's current generation,
    while the flow runs (the very test faust's stream uses to skip an event)."""
    flow_running: bool = app.flow_control.is_active()
    return flow_running and message.generation_id == app.consumer_generation_id


def ack_only_current_events(consumer: Any, app: AppT) -> None:
    """Make faust's `consumer` ignore acks of events that are not current (`is_current`):
    such an event is only forgotten (no longer awaited as in flight), never counted as done,
    so no commit passes it."""
    ack = consumer.ack

    def ack_if_current(message: Message) -> bool:
        if is_current(app, message):
            counted: bool = ack(message)
            return counted
        with ack_lock:  # the lock faust's own ack holds over the same state
            if message.acked:
                return False
            message.acked = True
            consumer._unacked_messages.discard(message)
            notify(consumer._waiting_for_ack)  # `wait_empty` waits for in-flight events
        log.info("not counting the ack of %s[%d]@%d, fetched before the rebalance: it is "
                 "read again from the committed offset", message.topic, message.partition,
                 message.offset)  # fmt: skip
        return False

    consumer.ack = ack_if_current


def count_no_gaps(consumer: Any, without_gaps: Callable[[str], bool]) -> None:
    """Make faust's `consumer` record no gap (offsets counted as acked) on a partition of a
    topic `without_gaps` accepts; other topics keep faust's behaviour."""
    add_gap = consumer._add_gap

    async def add_gap_where_there_can_be_one(tp: TP, offset_from: int, offset_to: int) -> None:
        if without_gaps(tp.topic):
            log.info("%s[%d]: offsets %d..%d were not delivered; not counting them as done",
                     tp.topic, tp.partition, offset_from, offset_to - 1)  # fmt: skip
            return
        await add_gap(tp, offset_from, offset_to)

    consumer._add_gap = add_gap_where_there_can_be_one


def commit_only_from_the_head(consumer: Any, without_gaps: Callable[[str], bool]) -> None:
    """Make faust's `consumer` choose no offset to commit on a partition of a topic
    `without_gaps` accepts while the record reading started from (`read_starts`) is not known
    or not acked but a later one is; other topics keep faust's behaviour."""
    new_offset = consumer._new_offset
    starts = read_starts(consumer)

    def new_offset_from_the_head(tp: TP) -> int | None:
        if without_gaps(tp.topic):
            acked = consumer._acked.get(tp)
            start = starts.start(consumer, tp)
            if acked and (start is None or min(acked) > start):
                return None
        chosen: int | None = new_offset(tp)
        return chosen

    consumer._new_offset = new_offset_from_the_head


def fetch_position(consumer: Any, tp: Any) -> int | None:
    """The next offset faust's `consumer`'s aiokafka consumer will fetch of `tp` (None: not
    known yet)."""
    try:
        kafka_consumer = consumer._thread._ensure_consumer()
        state = kafka_consumer._subscription.subscription.assignment.state_value(tp)
    except Exception:  # not started, or between assignments
        return None
    if state is None or not state.has_valid_position:
        return None
    position: int = state.position
    return position


class SkippedRecords:
    """Finds partitions that passed over records and seeks them back to where reading
    started (`ReadStarts`: the committed offset, or the beginning of one never committed).

    With one agent reading a partition in order, `start < min(acked)` means the records in
    between were passed over, never processed: faust will not commit past them, and would not
    read them again before the next rebalance. On the worker's inputs, a partition aiokafka
    has fetched past its start with nothing of it acked, while no event is in flight, passed
    over its last records (`stalled`). `check` runs on a timer; a partition is sought back
    when it is found so twice in a row with the same offsets (the state of a commit in
    progress lasts no longer than that)."""

    def __init__(self, consumer: Any, app: AppT, inputs: Callable[[str], bool]) -> None:
        self._consumer = consumer
        self._app = app
        self._inputs = inputs
        self._suspect: dict[Any, tuple[int, int]] = {}

    def stalled(self) -> dict[Any, tuple[int, int]]:
        """Partition -> (where reading started, the first offset not passed over), for each
        partition that skipped records now: records before a later acked one, or (on the
        worker's inputs, while no event at all is in flight) records aiokafka has fetched past
        while nothing of the partition is acked. The second kind has no later record to give
        it away: a passed-over last record (seen after a restart) waited for the next article
        to arrive."""
        consumer = self._consumer
        found = {}
        starts = read_starts(consumer)
        for tp, acked in list(consumer._acked.items()):
            start = starts.start(consumer, tp)
            if acked and start is not None and min(acked) > start:
                found[tp] = (start, min(acked))
        if consumer._unacked_messages:
            # Only while no event is in flight: under a backlog a partition's fetched records
            # may wait in a stream's queue (not yet in flight) behind another's for a while.
            return found
        try:
            assigned = consumer.assignment()
        except Exception:  # the consumer thread is not started yet
            assigned = set()
        for tp in assigned:
            if tp in found or not self._inputs(tp.topic):
                continue
            start, fetched = starts.start(consumer, tp), self._fetch_position(tp)
            if start is None or fetched is None or fetched <= start or consumer._acked.get(tp):
                continue
            found[tp] = (start, fetched)
        return found

    def _fetch_position(self, tp: Any) -> int | None:
        return fetch_position(self._consumer, tp)

    async def check(self) -> None:
        app, consumer = self._app, self._consumer
        if app.rebalancing or app.in_recovery or not consumer.flow_active:
            self._suspect.clear()
            return
        now = self.stalled()
        assignment = consumer.assignment()
        for tp, (committed, first_acked) in list(now.items()):
            if self._suspect.get(tp) == (committed, first_acked) and tp in assignment:
                log.warning("%s[%d]: records %d..%d were passed over unprocessed (the commit "
                            "stays at %d): reading them again", tp.topic, tp.partition,
                            committed, first_acked - 1, committed)  # fmt: skip
                # In the consumer's own thread (faust's `seek` would move the aiokafka
                # consumer from this one); it also sets faust's read offset of the partition.
                try:
                    await consumer.seek_wait({tp: committed})
                except Exception as exc:  # Kafka away, or the partition revoked meanwhile
                    log.warning("seeking %s[%d] back failed: %r", tp.topic, tp.partition, exc)
                    continue
                del now[tp]
        self._suspect = now


# How often partitions that passed over records are looked for (`SkippedRecords`); one is
# read again after two checks in a row found it so.
SKIPPED_RECORDS_INTERVAL_S = 5.0


def register_skipped_records_check(app: faust.App, inputs: Callable[[str], bool]) -> None:
    """Run `SkippedRecords.check` on faust's timer while the worker runs; `inputs`: the
    worker's input topics."""
    checks: list[SkippedRecords] = []

    async def reread_skipped_records() -> None:
        if not checks:  # the consumer exists once the app started
            checks.append(SkippedRecords(app.consumer, app, inputs))
        await checks[0].check()

    app.timer(SKIPPED_RECORDS_INTERVAL_S, name="newsmon.skipped-records")(reread_skipped_records)


class StalledRecovery:
    """Notices a table recovery that reads nothing, says what the consumer looks like, and
    gets it reading again.

    Seen in two of some nine takeovers under heavy load (a SIGKILLed worker's story state
    taken over by another): faust's recovery waits for its changelog partitions to reach
    their highwater, and no changelog record ever arrives ("No event received for active tp
    ... since recovery start", for minutes), so stage 2 never starts. When it happened with
    this watch in place, faust was asking for exactly the changelog partitions, aiokafka held
    them unpaused with no reassignment in progress, and a seek to where recovery stood made
    it read everything at once (93 records in 75 ms): aiokafka's position had not stayed
    where faust's recovery sought it. Logged with the positions since, aiokafka was fetching
    from the end of each changelog (offsets -1, highwater 96, position 97), as if a position
    looked up for the new assignment (the group's committed offset, or the end) landed after
    faust's seek; which one is not pinned down. So when aiokafka fetches past a changelog's
    highwater that recovery has not reached and the offsets did not move since the previous
    check (`_stranded`), or when they have not moved for RECOVERY_STALL_S, the changelog
    partitions are resumed (as faust's recovery resumes them) and sought to where recovery
    stands, and the consumer's state is logged."""

    def __init__(self, app: AppT, clock: Callable[[], float]) -> None:
        self._app = app
        self._clock = clock
        self._offsets: dict[Any, int] = {}
        self._since: float | None = None

    async def check(self) -> None:
        app: Any = self._app
        recovery = app.tables.recovery
        # Not `app.rebalancing`: faust keeps it set until recovery has ended.
        if not recovery.in_recovery:
            self._since = None
            return
        now = self._clock()
        offsets = dict(recovery.active_offsets)
        if self._since is None or offsets != self._offsets:
            self._offsets, self._since = offsets, now
            return
        consumer = app.consumer
        tps = set(recovery.active_tps) & set(consumer.assignment())
        positions = {tp: fetch_position(consumer, tp) for tp in tps}
        highwaters = dict(recovery.active_highwaters)
        if now - self._since < RECOVERY_STALL_S and not _stranded(offsets, highwaters, positions):
            return
        kafka_consumer = consumer._thread._ensure_consumer()
        log.warning("table recovery read nothing for %.1f s (changelog partitions %s at %s, "
                    "highwaters %s, aiokafka fetching from %s); "
                    "faust fetches %s, pauses %s, buffers %s; aiokafka holds %s, pauses %s, "
                    "reassignment in progress: %s. Resuming the changelog partitions and "
                    "seeking them to where recovery stands",
                    now - self._since, sorted(tps), offsets, highwaters, positions,
                    sorted(consumer._get_active_partitions()), sorted(consumer._paused_partitions),
                    sorted(consumer._buffered_partitions), sorted(kafka_consumer.assignment()),
                    sorted(kafka_consumer.paused()),
                    kafka_consumer._subscription.reassignment_in_progress)  # fmt: skip
        self._since = now
        consumer.resume_partitions(tps)
        app.flow_control.resume()
        consumer.resume_flow()
        try:
            # Where faust's recovery seeks (`_seek_offsets`): the last record applied
            # (applying it again is harmless), or the start when none was (-1).
            await consumer.seek_wait({tp: max(offsets.get(tp, -1), 0) for tp in tps})
        except Exception as exc:  # e.g. a partition revoked meanwhile: the next check sees
            log.warning("seeking the changelog partitions failed: %r", exc)


def _stranded(
    offsets: Mapping[Any, int], highwaters: Mapping[Any, int], positions: Mapping[Any, int | None]
) -> bool:
    """Some changelog partition is still to be read up to its highwater while aiokafka fetches
    past it: nothing will ever come. How the stall looked once diagnosed (a takeover, offsets
    at -1, highwater 96, aiokafka at 97): aiokafka's position was the end of the changelog,
    not the start faust's recovery had sought."""
    return any(
        position is not None and tp in highwaters
        and offsets.get(tp, -1) < highwaters[tp] < position
        for tp, position in positions.items()
    )  # fmt: skip


def keep_queued_events_while_flowing(app: faust.App) -> None:
    """Make `app.flow_control.resume()` a no-op while the flow is already on, instead of
    emptying every stream's channel queue (`queued_events`) again.

    mode's `FlowControlEvent.resume` clears the queues faust's channels register with it
    (`clear_on_resume`), which is right after a rebalance suspended the flow: what was fetched
    before it is read again from the committed offsets. But faust resumes it again at the end
    of a table recovery (faust 0.15.3, tables/recovery.py `on_recovery_completed`), which at a
    worker's start comes while the streams already run: the events fetched and queued at that
    instant were dropped, never processed nor acked, while the fetch position had moved past
    them. Logged in single-worker runs of `newsmon run`: one raw record in about ten starts,
    read again only when `SkippedRecords` noticed, 5-10 s later.

    Installed from `NewsmonApp.on_start`, not when the app is built: `app.flow_control` is made
    on its first read, and made that early (before the worker's event loop runs) it left the
    worker processing nothing."""
    flow_control = app.flow_control
    resume = flow_control.resume

    def resume_unless_flowing() -> None:
        if flow_control.is_active():
            if kept := queued_events(flow_control):
                log.info("flow control resumed while already on: keeping the %d events "
                         "queued for the streams", kept)  # fmt: skip
            return
        resume()

    flow_control.resume = resume_unless_flowing  # type: ignore[method-assign]


def queued_events(flow_control: Any) -> int:
    """How many events wait in the queues `flow_control` (mode's `FlowControlEvent`) clears
    on a resume."""
    return sum(queue.qsize() for queue in list(flow_control._queues))


# How long table recovery may read nothing before `StalledRecovery` steps in. A recovery that
# reads moves its offsets with every record (a fetch waits 25 ms at most); a false alarm costs
# a seek to where it stands. With stage 2 apart from the raw partitions the stall was met at
# most rebalances of the multi-worker tests (a worker taking stage 2 back, its changelogs
# 14-19 records behind), each then holding stage 2 for the whole wait: 1.5 s, not 5.
RECOVERY_STALL_S = 1.5
# A stranded recovery (`_stranded`) is set reading at the first check that finds its offsets
# where the previous one did: a recovery applying what it fetched moves them within this.
RECOVERY_CHECK_INTERVAL_S = 0.25


def register_recovery_watch(app: faust.App) -> None:
    """Run `StalledRecovery.check` on faust's timer while the worker runs."""
    watch = StalledRecovery(app, time.monotonic)
    app.timer(RECOVERY_CHECK_INTERVAL_S, name="newsmon.recovery-watch")(watch.check)


def keep_stage_one_apart(assignments: Mapping[str, Any], stage_one: str, stage_two: str) -> None:
    """Move every `stage_one` partition held by a member that is also active on `stage_two`
    to the group's other members, each to the one holding the fewest (ties by member id, so
    every leader decides alike). `assignments`: member id -> faust's `ClientAssignment` (its
    `actives`: topic -> partitions), changed in place. A member takes stage 1 only if it is
    subscribed to it (faust lists the topic for it, possibly empty); with no such other
    member nothing moves: a lone worker runs both stages."""
    owners = {m for m, a in assignments.items() if a.actives.get(stage_two)}
    others = sorted(m for m, a in assignments.items() if m not in owners and stage_one in a.actives)
    if not owners or not others:
        return
    for owner in sorted(owners):
        moving = sorted(assignments[owner].actives.get(stage_one, ()))
        if not moving:
            continue
        assignments[owner].actives[stage_one] = []
        for partition in moving:
            taker = min(others, key=lambda m: (len(assignments[m].actives[stage_one]), m))
            assignments[taker].actives[stage_one] = sorted(
                [*assignments[taker].actives[stage_one], partition]
            )


class StageOneApartAssignor(PartitionAssignor):
    """faust's assignor, then `keep_stage_one_apart` for the app's `stage_topics` (stage 1's
    input, stage 2's input; unset: faust's assignment as it is). It runs on the group's
    leader, before faust derives the changelog distribution from the assignment."""

    def _global_table_standby_assignments(
        self, assignments: Any, partitions_by_topic: Mapping[str, int]
    ) -> Any:
        assigned = super()._global_table_standby_assignments(assignments, partitions_by_topic)
        stages: tuple[str, str] | None = getattr(self.app, "stage_topics", None)
        if stages is not None:
            keep_stage_one_apart(assigned, *stages)
        return assigned
