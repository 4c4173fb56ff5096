"""The offsets faust commits around a rebalance, on faust's own consumer (no broker needed).

A worker in a group of several is revoked while its stream still holds records it fetched;
faust's stream acks the ones it then skips, unprocessed (`streams.compat.faust`). Those acks
must never make a commit pass records nobody processed."""

from __future__ import annotations

from typing import Any

from faust.types import TP
from faust.types.tuples import ConsumerMessage

from streams.compat.faust import SkippedRecords, read_starts
from tests.support.faust_threads import unstarted_worker_app

GENERATION = 2


def _message(tp: TP, offset: int, generation: int = GENERATION) -> ConsumerMessage:
    return ConsumerMessage(tp.topic, tp.partition, offset, 0.0, 0, None, b"k", b"v", None,
                           tp=tp, generation_id=generation)  # fmt: skip


async def _consumer(apps: list[Any]) -> tuple[Any, Any, TP]:
    """The consumer of the worker's app as `NewsmonApp.on_start` leaves it, with the flow
    running in generation GENERATION, and the raw partition 0, read from its beginning (as
    the seek at the end of a rebalance leaves a partition never committed); the app is added
    to `apps`."""
    worker_app = unstarted_worker_app(apps)
    app: Any = worker_app.app
    await app.on_start()
    tp = TP(worker_app.names.raw, 0)
    app.topics._acking_topics.add(tp.topic)  # what faust's conductor does for the agent's topic
    app.consumer_generation_id = GENERATION
    app.flow_control.resume()
    read_starts(app.consumer).sought({tp: 0})

    async def app_side_of_the_revoke(revoked: set[TP]) -> None:
        # faust's App._on_partitions_revoked stops the flow first (then waits for the
        # in-flight events and commits); the rest needs a broker.
        app.flow_control.suspend()

    app.consumer._on_partitions_revoked = app_side_of_the_revoke
    return app, app.consumer, tp


async def test_an_event_skipped_during_a_revoke_is_never_committed(faust_apps: list[Any]) -> None:
    app, consumer, tp = await _consumer(faust_apps)
    for offset in range(10):  # processed and committed before the rebalance
        _message(tp, offset).ack(consumer)
    assert consumer._filter_committable_offsets([tp]) == {tp: 10}
    consumer._committed_offset[tp] = 10
    for offset in range(10, 15):  # processed, not yet committed
        _message(tp, offset).ack(consumer)

    await consumer.on_partitions_revoked({tp})
    # 15..39 were fetched and cleared from the stream's buffer unprocessed; 40 reached the
    # stream after the flow stopped, which skips it and acks it.
    assert not app.flow_control.is_active()
    _message(tp, 40).ack(consumer)

    # faust alone would commit 41 here, past 15..40.
    assert consumer._filter_committable_offsets([tp]) == {}


async def test_an_event_of_an_earlier_generation_is_never_committed(faust_apps: list[Any]) -> None:
    _, consumer, tp = await _consumer(faust_apps)
    consumer._committed_offset[tp] = 10  # the new generation starts at the committed offset
    _message(tp, 12, generation=GENERATION - 1).ack(consumer)  # skipped: fetched before
    _message(tp, 10).ack(consumer)
    assert consumer._filter_committable_offsets([tp]) == {tp: 11}
    consumer._committed_offset[tp] = 11  # as faust's `_commit_offsets` records it
    _message(tp, 11).ack(consumer)
    assert consumer._filter_committable_offsets([tp]) == {tp: 12}  # not past 12: unprocessed


async def test_a_processed_event_counts_and_an_unprocessed_one_is_no_longer_awaited(
    faust_apps: list[Any],
) -> None:
    _, consumer, tp = await _consumer(faust_apps)
    processed = _message(tp, 0)
    consumer.track_message(processed)
    processed.ack(consumer)
    assert consumer._filter_committable_offsets([tp]) == {tp: 1}
    stale = _message(tp, 1, generation=GENERATION - 1)
    consumer.track_message(stale)
    stale.ack(consumer)
    # `wait_empty` (at a revoke, at shutdown) waits for tracked events until they are acked.
    assert stale not in consumer.unacked
    assert consumer._filter_committable_offsets([tp]) == {}


async def test_a_partition_that_passed_over_records_is_read_again_from_its_commit(
    faust_apps: list[Any],
) -> None:
    # As seen after a takeover: 516..578 processed and committed, 579..728 fetched and
    # dropped, 729.. processed. faust never commits past 579 and never reads 579.. again.
    app, consumer, tp = await _consumer(faust_apps)
    app.rebalancing = False
    app.in_recovery = False
    consumer.resume_flow()
    consumer.assignment = lambda: {tp}
    sought: list[tuple[TP, int]] = []

    async def seek_wait(partitions: dict[TP, int]) -> None:
        sought.extend(partitions.items())

    consumer.seek_wait = seek_wait
    consumer._committed_offset[tp] = 579
    for offset in range(729, 760):
        _message(tp, offset).ack(consumer)
    assert consumer._filter_committable_offsets([tp]) == {}  # the commit is stuck

    check = SkippedRecords(consumer, app, lambda topic: False)
    await check.check()
    assert sought == []  # once could be a commit in progress
    await check.check()
    assert sought == [(tp, 579)]


async def test_a_partition_read_in_order_is_never_sought_back(faust_apps: list[Any]) -> None:
    app, consumer, tp = await _consumer(faust_apps)
    app.rebalancing = False
    app.in_recovery = False
    consumer.resume_flow()
    consumer.assignment = lambda: {tp}
    sought: list[tuple[TP, int]] = []

    async def seek_wait(partitions: dict[TP, int]) -> None:
        sought.extend(partitions.items())

    consumer.seek_wait = seek_wait
    consumer._committed_offset[tp] = 579
    check = SkippedRecords(consumer, app, lambda topic: False)
    for offset in range(579, 600):  # acked, not yet committed: nothing passed over
        _message(tp, offset).ack(consumer)
        await check.check()
    assert consumer._filter_committable_offsets([tp]) == {tp: 600}
    await check.check()
    await check.check()
    assert sought == []


async def test_a_jump_in_the_offsets_of_the_worker_s_inputs_is_never_counted_as_done(
    faust_apps: list[Any],
) -> None:
    # After a seek back to 1759, faust still delivers 3400 from a batch fetched before it: the
    # jump 1759 -> 3400 must not count 1760..3399 as acked (they are read again, and dropped
    # as older than faust's read offset if the commit has passed them).
    _, consumer, tp = await _consumer(faust_apps)
    consumer._committed_offset[tp] = 1759
    await consumer._add_gap(tp, 1760, 3400)
    _message(tp, 1759).ack(consumer)
    _message(tp, 3400).ack(consumer)
    assert consumer._filter_committable_offsets([tp]) == {tp: 1760}


async def test_a_jump_elsewhere_is_still_a_gap_as_faust_counts_it(faust_apps: list[Any]) -> None:
    _, consumer, _ = await _consumer(faust_apps)
    other = TP("some-compacted-topic", 0)
    consumer.app.topics._acking_topics.add(other.topic)
    consumer._committed_offset[other] = 9
    await consumer._add_gap(other, 10, 20)
    _message(other, 20).ack(consumer)
    assert consumer._filter_committable_offsets([other]) == {other: 21}


async def test_a_record_never_acked_at_the_committed_offset_holds_the_commit(
    faust_apps: list[Any],
) -> None:
    # The commit is at 321 (the next record to read); 321 was passed over, 322..329 processed.
    _, consumer, tp = await _consumer(faust_apps)
    consumer._committed_offset[tp] = 321
    for offset in range(322, 330):
        _message(tp, offset).ack(consumer)
    assert consumer._filter_committable_offsets([tp]) == {}
    assert SkippedRecords(consumer, consumer.app, lambda t: False).stalled() == {tp: (321, 322)}
    _message(tp, 321).ack(consumer)
    assert consumer._filter_committable_offsets([tp]) == {tp: 330}


async def test_elsewhere_faust_still_commits_over_a_record_at_the_committed_offset(
    faust_apps: list[Any],
) -> None:
    # faust's own choice (issue 606 upstream): when this fails, faust fixed it, and
    # `commit_only_from_the_head` can go.
    _, consumer, _ = await _consumer(faust_apps)
    other = TP("some-other-topic", 0)
    consumer.app.topics._acking_topics.add(other.topic)
    consumer._committed_offset[other] = 321
    for offset in range(322, 330):
        _message(other, offset).ack(consumer)
    assert consumer._filter_committable_offsets([other]) == {other: 330}


async def test_a_first_record_passed_over_on_a_partition_never_committed_holds_the_commit(
    faust_apps: list[Any],
) -> None:
    # faust keeps no committed offset for a partition never committed; reading started at its
    # beginning, 0, which was passed over while 1..29 were processed.
    _, consumer, tp = await _consumer(faust_apps)
    read_starts(consumer).sought({tp: 0})
    for offset in range(1, 30):
        _message(tp, offset).ack(consumer)
    assert consumer._filter_committable_offsets([tp]) == {}
    assert SkippedRecords(consumer, consumer.app, lambda t: False).stalled() == {tp: (0, 1)}
    _message(tp, 0).ack(consumer)
    assert consumer._filter_committable_offsets([tp]) == {tp: 30}


async def test_a_last_record_fetched_and_passed_over_is_read_again(faust_apps: list[Any]) -> None:
    # After a restart the partition's one new record (40) was fetched (aiokafka's position is
    # 41) and never processed: no later record will be acked to give it away.
    _, consumer, tp = await _consumer(faust_apps)
    consumer._committed_offset[tp] = 40
    consumer.assignment = lambda: {tp}
    check = SkippedRecords(consumer, consumer.app, lambda topic: topic == tp.topic)
    check._fetch_position = lambda partition: 41  # type: ignore[method-assign]
    assert check.stalled() == {tp: (40, 41)}
    in_flight = _message(tp, 40)
    consumer.track_message(in_flight)  # an event in flight: not judged
    assert check.stalled() == {}
    in_flight.ack(consumer)
    assert check.stalled() == {}  # acked: the commit moves on
    elsewhere = SkippedRecords(consumer, consumer.app, lambda topic: False)
    elsewhere._fetch_position = lambda partition: 41  # type: ignore[method-assign]
    consumer._acked.pop(tp, None)
    assert elsewhere.stalled() == {}  # not one of the worker's inputs


async def test_a_partition_not_sought_yet_commits_nothing(faust_apps: list[Any]) -> None:
    # As the story stage was taken over once: given in this rebalance, not yet sought to its
    # commit (about 1122), 2652.. delivered and acked. faust alone commits 2653 at once.
    _, consumer, _ = await _consumer(faust_apps)
    tp = TP("newsmon.articles.enriched", 0)
    assert tp.topic in consumer.app.inputs
    consumer.app.topics._acking_topics.add(tp.topic)
    check = SkippedRecords(consumer, consumer.app, lambda topic: False)
    _message(tp, 2652).ack(consumer)
    assert consumer._filter_committable_offsets([tp]) == {}
    consumer._committed_offset[tp] = 1122  # what the seek then finds
    assert check.stalled() == {tp: (1122, 2652)}  # read again from 1122
    assert consumer._filter_committable_offsets([tp]) == {}
