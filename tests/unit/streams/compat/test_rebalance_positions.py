"""Where the consumer reads from around a rebalance, on faust's own app, recovery and
consumer (no broker needed).

faust resumes the stream partitions before it seeks them to their committed offsets; records
delivered in between come from wherever the last generation left the positions
(`streams.compat.faust.seek_before_resuming`). And a fetch must return the partitions it was
asked for, not those still active when it returns (`fetch_what_was_asked`)."""

from __future__ import annotations

from typing import Any

import pytest
from faust.types import TP

from streams.compat.faust import FETCH_WAIT_S, fetch_what_was_asked
from tests.support.faust_threads import unstarted_worker_app

GENERATION = 3


async def _started_app(apps: list[Any]) -> tuple[Any, Any, TP, list[str]]:
    """The worker's app after `NewsmonApp.on_start`, its consumer assigned the enriched
    partition, and a list recording every seek and resume the consumer is asked for."""
    worker_app = unstarted_worker_app(apps)
    app: Any = worker_app.app
    await app.on_start()
    consumer = app.consumer
    tp = TP(worker_app.names.enriched, 0)
    calls: list[str] = []

    async def perform_seek() -> None:
        calls.append("seek")

    def resume_partitions(tps: set[TP]) -> None:
        calls.append(f"resume {sorted(t.topic for t in tps)}")

    consumer.perform_seek = perform_seek
    consumer.resume_partitions = resume_partitions
    consumer.assignment = lambda: {tp}
    return app, consumer, tp, calls


async def test_the_stream_partitions_are_sought_before_faust_resumes_them(
    faust_apps: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _, tp, calls = await _started_app(faust_apps)
    app.consumer_generation_id = GENERATION

    async def no_fetcher() -> None:  # the fetcher would start the consumer thread
        pass

    monkeypatch.setattr(app._fetcher, "maybe_start", no_fetcher)
    # faust's own end of a table recovery: it resumes the stream partitions, then seeks.
    await app.tables.recovery.on_recovery_completed(GENERATION)
    assert calls == ["seek", f"resume {[tp.topic]}", "seek"]


async def test_nothing_is_sought_without_an_assignment(faust_apps: list[Any]) -> None:
    app, consumer, _, calls = await _started_app(faust_apps)
    consumer.assignment = lambda: set()
    await app.on_rebalance_complete.send()
    assert calls == []


async def test_a_seek_that_fails_is_logged_and_faust_goes_on(
    faust_apps: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    app, consumer, _, _ = await _started_app(faust_apps)

    async def refused() -> None:
        raise ConnectionError("broker away")

    consumer.perform_seek = refused
    await app.on_rebalance_complete.send()
    assert "seeking the assigned partitions before resuming them failed" in caplog.text


async def test_the_consumer_thread_fetches_the_partitions_active_when_asked(
    faust_apps: list[Any],
) -> None:
    # faust passes its live set; pausing partitions while the fetch waits emptied it, and an
    # empty set makes aiokafka return every partition's records, which faust then dropped.
    consumer = unstarted_worker_app(faust_apps).app.consumer
    asked: list[Any] = []

    async def getmany(active_partitions: Any, timeout: float) -> dict[Any, Any]:
        asked.append((active_partitions, timeout))
        return {}

    consumer._thread.getmany = getmany
    fetch_what_was_asked(consumer)
    changelog = TP("newsmon-worker-stories1-changelog", 0)
    live = {changelog}
    await consumer._getmany(active_partitions=live, timeout=0.0)  # faust's own call
    live.discard(changelog)  # the recovery ends while the fetch waits
    assert asked == [(frozenset({changelog}), 0.0)]
    await consumer._getmany(active_partitions=live, timeout=1.0)
    assert asked[-1] == (frozenset(), FETCH_WAIT_S)  # what was resumed meanwhile: soon asked
