"""The flow control of the streams' queues, on faust's own app and mode's queues (no broker
needed): a resume while the flow is on keeps what the streams have queued
(`streams.compat.faust.keep_queued_events_while_flowing`)."""

from __future__ import annotations

from typing import Any

from streams.compat.faust import queued_events
from tests.support.faust_threads import unstarted_worker_app


async def _started_app_and_queue(apps: list[Any]) -> tuple[Any, Any]:
    """The worker's app after `NewsmonApp.on_start`, and the queue of a channel of it (as
    every stream's channel has, cleared on a resume by mode)."""
    app: Any = unstarted_worker_app(apps).app
    await app.on_start()
    return app, app.channel().queue


async def test_a_resume_while_flowing_keeps_the_queued_events(faust_apps: list[Any]) -> None:
    app, queue = await _started_app_and_queue(faust_apps)
    app.flow_control.resume()  # the end of the first rebalance
    queue.put_nowait("fetched in this generation")
    # faust resumes it again when a standby recovery starts, the streams already running.
    app.flow_control.resume()
    assert queue.qsize() == 1
    assert queue.get_nowait() == "fetched in this generation"


async def test_a_resume_after_a_suspend_still_clears_what_was_fetched_before(
    faust_apps: list[Any],
) -> None:
    app, queue = await _started_app_and_queue(faust_apps)
    app.flow_control.resume()
    queue.put_nowait("fetched before the rebalance")
    app.flow_control.suspend()  # a revoke: faust reads it again from the committed offset
    app.flow_control.resume()
    assert queue.qsize() == 0
    assert app.flow_control.is_active()


async def test_the_first_resume_starts_the_flow(faust_apps: list[Any]) -> None:
    app, _ = await _started_app_and_queue(faust_apps)
    assert not app.flow_control.is_active()  # mode starts it suspended
    app.flow_control.resume()
    assert app.flow_control.is_active()


async def test_the_queued_events_are_counted_in_every_managed_queue(
    faust_apps: list[Any],
) -> None:
    app, queue = await _started_app_and_queue(faust_apps)
    other = app.channel().queue
    queue.put_nowait(1)
    other.put_nowait(2)
    other.put_nowait(3)
    assert queued_events(app.flow_control) == 3
