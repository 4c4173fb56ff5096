"""The expiry timer: drops de-duplication fingerprints and stories older than the TTL.

Runs on faust's timer, outside any stream; that is why the tables use the producer's
partitioner (see `streams.tables`). Stories are scanned, and fingerprints dropped, in slices
that yield to the event loop, so a large table never stalls consumption.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, MutableMapping
from datetime import datetime
from typing import Any, Protocol

import faust

from newsmon.contract import utc_now
from newsmon.contract.timefmt import parse_utc
from streams.metrics import WorkerMetrics
from streams.stories import StoryState

log = logging.getLogger(__name__)
_SLICE = 500  # entries examined between two yields to the event loop


class Expiring(Protocol):
    """`streams.dedupe.index.DedupeIndex`: forgets what it saw before `now - ttl`, in slices
    that yield to the event loop."""

    async def expire_gradually(self, now: float) -> int: ...


def _last_updated(story_id: str, value: Any) -> float:
    """POSIX seconds of the story's latest article; an unreadable value is expired at once.
    Reads only that field where it can: a pass looks at every story."""
    try:
        if isinstance(value, dict) and value.get("v") == 2:
            return parse_utc(value["last_updated"]).timestamp()
        state = StoryState.from_dict(story_id, value)
    except (KeyError, TypeError, ValueError):
        log.warning("story %s has an unreadable state: expiring it", story_id)
        return float("-inf")
    return float("-inf") if state is None else state.last_updated.timestamp()


async def expire_stories(stories: MutableMapping[str, Any], cutoff: float) -> int:
    """Delete the stories whose latest article was seen before `cutoff` (POSIX seconds)."""
    stale: list[str] = []
    for index, (story_id, value) in enumerate(list(stories.items()), start=1):
        if _last_updated(story_id, value) < cutoff:
            stale.append(story_id)
        if index % _SLICE == 0:
            await asyncio.sleep(0)
    dropped = 0
    for index, story_id in enumerate(stale, start=1):
        # Checked again: the agent may have added an article to it while this pass yielded.
        if story_id in stories and _last_updated(story_id, stories[story_id]) < cutoff:
            stories.pop(story_id, None)
            dropped += 1
        if index % _SLICE == 0:
            await asyncio.sleep(0)
    return dropped


async def expire_state(
    dedupe: Expiring, stories: MutableMapping[str, Any], ttl_s: float, metrics: WorkerMetrics,
    now: datetime,
) -> int:  # fmt: skip
    """One expiry pass over both stores; errors are logged and counted, never raised."""
    try:
        dropped = await dedupe.expire_gradually(now.timestamp())
        dropped += await expire_stories(stories, now.timestamp() - ttl_s)
    except Exception:
        log.exception("expiry pass failed; the next pass will retry")
        metrics.errors.labels(kind="expiry").inc()
        return 0
    metrics.expired.inc(dropped)
    return dropped


def register_expiry_timer(
    app: faust.App, dedupe: Expiring, stories: MutableMapping[str, Any], ttl_s: float,
    interval_s: float, metrics: WorkerMetrics, owns_state: Callable[[], bool] = lambda: True,
) -> None:  # fmt: skip
    """Run `expire_state` every `interval_s` seconds while the worker runs and `owns_state()`.

    A worker holding only a standby copy of the tables must not expire anything: its copy may
    lag the owner's, and a delete it wrote would tombstone a story the owner just updated."""

    async def expire() -> None:
        if owns_state():
            await expire_state(dedupe, stories, ttl_s, metrics, utc_now())

    app.timer(interval_s, name="newsmon.expire")(expire)
