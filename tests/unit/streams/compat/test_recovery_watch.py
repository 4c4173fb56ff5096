"""`StalledRecovery`: a table recovery that reads nothing is noticed and set reading again."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace
from typing import Any

from faust.types import TP

from streams.compat.faust import RECOVERY_STALL_S, StalledRecovery
from tests.support.faust_threads import unstarted_worker_app

CHANGELOG = TP("app-stories1-changelog", 0)


class FakeConsumer:
    def __init__(self) -> None:
        self._paused_partitions = {CHANGELOG}
        self._buffered_partitions: set[TP] = set()
        self.active: set[TP] = set()
        self.sought: list[dict[TP, int]] = []
        subscription = SimpleNamespace(reassignment_in_progress=False)
        kafka = SimpleNamespace(assignment=lambda: {CHANGELOG}, paused=set,
                                _subscription=subscription)  # fmt: skip
        self._thread = SimpleNamespace(_ensure_consumer=lambda: kafka)

    def _get_active_partitions(self) -> set[TP]:
        return self.active

    def assignment(self) -> set[TP]:
        return {CHANGELOG}

    def resume_partitions(self, tps: set[TP]) -> None:
        self.active |= tps
        self._paused_partitions -= tps

    def resume_flow(self) -> None:
        pass

    async def seek_wait(self, offsets: dict[TP, int]) -> None:
        self.sought.append(offsets)


def _app(offsets: Counter[TP]) -> Any:
    recovery = SimpleNamespace(
        in_recovery=True,
        active_offsets=offsets,
        active_tps={CHANGELOG},
        active_highwaters=Counter({CHANGELOG: 60}),
    )
    flow_control = SimpleNamespace(resume=lambda: None)
    # faust keeps `rebalancing` set for as long as recovery runs.
    return SimpleNamespace(tables=SimpleNamespace(recovery=recovery), rebalancing=True,
                           consumer=FakeConsumer(), flow_control=flow_control)  # fmt: skip


async def test_a_recovery_that_reads_nothing_is_resumed_from_where_it_stands() -> None:
    now = [0.0]
    app = _app(Counter({CHANGELOG: 41}))
    watch = StalledRecovery(app, lambda: now[0])
    for now[0] in (0.0, 1.0, RECOVERY_STALL_S - 0.5):
        await watch.check()
    assert app.consumer.sought == []
    now[0] = RECOVERY_STALL_S + 1
    await watch.check()
    assert app.consumer.sought == [{CHANGELOG: 41}]
    assert CHANGELOG in app.consumer.active and not app.consumer._paused_partitions


async def test_a_recovery_that_moves_is_left_alone() -> None:
    now = [0.0]
    offsets: Counter[TP] = Counter({CHANGELOG: -1})
    app = _app(offsets)
    watch = StalledRecovery(app, lambda: now[0])
    for step in range(10):
        now[0] = step * 5.0
        offsets[CHANGELOG] = step * 10
        await watch.check()
    assert app.consumer.sought == []


async def test_what_the_watch_reads_exists_on_faust_s_own_objects(faust_apps: list[Any]) -> None:
    # A faust upgrade that renames one fails here, not in a stalled takeover.
    app: Any = unstarted_worker_app(faust_apps).app
    await app.on_start()
    recovery = app.tables.recovery
    assert (recovery.in_recovery, recovery.active_offsets, recovery.active_tps,
            recovery.active_highwaters) == (False, Counter(), set(), Counter())  # fmt: skip
    consumer = app.consumer
    assert consumer._paused_partitions == consumer._buffered_partitions == set()
    assert callable(consumer._get_active_partitions) and callable(consumer.seek_wait)
    assert callable(consumer.assignment)
    assert callable(consumer._thread._ensure_consumer)


async def test_a_recovery_whose_partitions_are_fetched_past_their_end_is_sought_at_once() -> None:
    now = [0.0]
    app = _app(Counter({CHANGELOG: -1}))
    state = SimpleNamespace(has_valid_position=True, position=61)  # highwater 60: the end
    assignment = SimpleNamespace(state_value=lambda tp: state)
    kafka = app.consumer._thread._ensure_consumer()
    kafka._subscription.subscription = SimpleNamespace(assignment=assignment)
    watch = StalledRecovery(app, lambda: now[0])
    await watch.check()  # the first look only notes the offsets
    assert app.consumer.sought == []
    now[0] = 0.25
    await watch.check()
    assert app.consumer.sought == [{CHANGELOG: 0}]


async def test_a_recovery_fetched_to_its_end_and_still_applying_is_left_alone() -> None:
    now = [0.0]
    offsets: Counter[TP] = Counter({CHANGELOG: 10})
    app = _app(offsets)
    state = SimpleNamespace(has_valid_position=True, position=61)
    assignment = SimpleNamespace(state_value=lambda tp: state)
    kafka = app.consumer._thread._ensure_consumer()
    kafka._subscription.subscription = SimpleNamespace(assignment=assignment)
    watch = StalledRecovery(app, lambda: now[0])
    for step in range(1, 6):
        await watch.check()
        offsets[CHANGELOG] += 10  # it applies what aiokafka fetched ahead
        now[0] = step * 0.25
    assert app.consumer.sought == []
