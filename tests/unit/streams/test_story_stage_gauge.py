"""`newsmon_worker_story_stage`: which worker of a group holds the story stage, for operators
(`NewsmonStoryStageNotHeldOnce`) and for the pool tests that kill it."""

from __future__ import annotations

from typing import Any

from faust.types import TP

from tests.support.builders import sample
from tests.support.faust_threads import unstarted_worker_app


def test_the_gauge_is_one_exactly_while_the_worker_holds_the_enriched_partition(
    faust_apps: list[Any],
) -> None:
    worker_app = unstarted_worker_app(faust_apps)
    app: Any = worker_app.app
    assert sample(worker_app.metrics, "newsmon_worker_story_stage") == 0.0
    raw, enriched = TP(worker_app.names.raw, 0), TP(worker_app.names.enriched, 0)
    app.assignor.assigned_actives = lambda: {raw}
    assert sample(worker_app.metrics, "newsmon_worker_story_stage") == 0.0
    app.assignor.assigned_actives = lambda: {raw, enriched}
    assert sample(worker_app.metrics, "newsmon_worker_story_stage") == 1.0
