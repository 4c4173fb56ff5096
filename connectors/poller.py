"""`FeedPoller`: polls the feeds this process owns when they are due, publishes, saves state.

For one feed the order is fixed: poll -> publish the new articles (acknowledged) -> save the
state. A crash anywhere before the save leaves the previous state on Kafka, so the next owner
polls again and re-publishes (same deterministic ids) rather than dropping anything.

The set of owned feeds changes at run time (`own`, `release`): releasing waits for a poll or
WebSub push in flight to finish and save, so that the next owner, which reads the state when
it takes over, never polls a feed twice from the same state.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections import Counter
from collections.abc import Callable, Coroutine, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from connectors import metrics
from connectors.fetch.errors import internal_error
from connectors.publisher import PublishAborted, Publisher
from connectors.rss import PollResult, RssConnector
from connectors.schedule import is_due
from connectors.state import FeedState, FeedStatus
from connectors.state_store import StateStore
from newsmon.contract import utc_now

log = logging.getLogger(__name__)

_TICK_S = 1.0  # longest sleep between looks at the schedule
PollHook = Callable[[str, PollResult], None]
# For feeds a WebSub hub pushes, polling is only a fallback: the hook returns the longest
# interval for them (None: schedule as usual).
FallbackInterval = Callable[[str], float | None]
# How a saved state is taken up when its feed becomes this process's (start, rebalance, add).
Resume = Callable[[FeedState], FeedState]


class FeedPoller:
    def __init__(
        self,
        connector: RssConnector,
        publisher: Publisher,
        store: StateStore,
        *,
        concurrency: int = 64,
        clock: Callable[[], datetime] = utc_now,
        on_polled: PollHook | None = None,
        fallback_interval: FallbackInterval | None = None,
        resume: Resume | None = None,
    ) -> None:
        self._connector = connector
        self._publisher = publisher
        self._store = store
        self._slots = asyncio.Semaphore(concurrency)
        self._clock = clock
        self._on_polled = on_polled
        self._fallback_interval = fallback_interval
        self._resume = resume
        self._locks: dict[str, asyncio.Lock] = {}  # a poll and a push of one feed take turns
        self.states: dict[str, FeedState] = {}
        self._in_flight: dict[str, asyncio.Task[PollResult | None]] = {}
        self._pushes: dict[str, set[asyncio.Task[Any]]] = {}  # WebSub deliveries in progress
        self._wake = asyncio.Event()

    # -- ownership -------------------------------------------------------------------------
    def own(self, feeds: Iterable[str], saved: Mapping[str, FeedState]) -> None:
        """Start polling `feeds`, resuming from `saved` states where there are some."""
        for feed in feeds:
            if feed not in self.states:
                state = saved.get(feed)
                if state is not None and self._resume is not None:
                    state = self._resume(state)
                self.states[feed] = state or FeedState.initial(feed)
        self._wake.set()

    async def release(self, feeds: Iterable[str]) -> None:
        """Stop polling `feeds`; returns once any poll of theirs in flight has saved its state."""
        await self.stop_polling(feeds)

    def stop_polling(self, feeds: Iterable[str]) -> Coroutine[Any, Any, None]:
        """Stop polling `feeds` at once; await the result for their polls and pushes in flight
        to have saved.

        At once, not after an await: an `own` of the same feed right after it (a feed removed
        and added again) must find it gone, not be undone by a removal that runs later.
        """
        gone = set(feeds)
        in_flight: list[asyncio.Task[Any]] = [
            task for feed, task in self._in_flight.items() if feed in gone
        ]
        in_flight += [task for feed in gone for task in self._pushes.get(feed, ())]
        for feed in gone:
            self.states.pop(feed, None)
        return self._settle(gone, in_flight)

    async def _settle(self, gone: set[str], in_flight: list[asyncio.Task[Any]]) -> None:
        if in_flight:
            await asyncio.wait(in_flight)
        for feed in gone - self.states.keys():
            lock = self._locks.get(feed)
            if lock is not None and not lock.locked():  # a held one is still taking turns
                del self._locks[feed]
        self.update_metrics()

    def owned(self) -> set[str]:
        return set(self.states)

    # -- polling ---------------------------------------------------------------------------
    async def poll_feed(self, feed: str) -> PollResult | None:
        """Poll one owned feed now; None when it was released meanwhile or stop was requested."""
        async with self._slots, self._lock(feed):
            state = self.states.get(feed)
            if state is None:
                return None
            try:
                result = await self._connector.poll(state)
            except Exception as exc:  # a bug must back off like a failing feed, never spin
                log.exception("polling %s failed unexpectedly", feed)
                result = self._connector.failed(state, internal_error(exc))
            return await self._complete(feed, state, result)

    async def ingest_push(self, feed: str, body: bytes, content_type: str | None) -> bool:
        """Publish what a WebSub hub pushed for `feed`, then save its state (seen ids).

        True once stored. False when `feed` is not this instance's or the content could not
        be read or published: the feed is then due for a poll at once (no failure counted, the
        publisher is not at fault), and the hub should be told to retry.
        """
        pushing = asyncio.current_task()
        if pushing is not None:  # `release` waits for it, as for a poll
            self._pushes.setdefault(feed, set()).add(pushing)
        try:
            async with self._lock(feed):
                state = self.states.get(feed)
                if state is None:
                    log.info("refusing a push for %s: not a feed of this instance", feed)
                    return False
                try:
                    result = await self._connector.ingest(state, body, content_type)
                    stored = result.ok and await self._complete(feed, state, result) is not None
                except Exception:
                    log.exception("storing a push for %s failed unexpectedly", feed)
                    stored = False
                if not stored:
                    self._poll_soon(feed)
                return stored
        finally:
            if pushing is not None:
                self._pushes.get(feed, set()).discard(pushing)

    def _poll_soon(self, feed: str) -> None:
        if feed in self.states:
            self.states[feed] = self.states[feed].evolve(next_due=None)
            self._wake.set()

    def _lock(self, feed: str) -> asyncio.Lock:
        return self._locks.setdefault(feed, asyncio.Lock())

    async def _complete(
        self, feed: str, before: FeedState, result: PollResult
    ) -> PollResult | None:
        state = self._with_fallback(feed, result.state)
        try:
            if result.articles:
                rejected = await self._publisher.publish_articles(result.articles)
                if rejected:
                    log.error("feed %s: %d articles too large for Kafka", feed, len(rejected))
            await self._store.save(state)
        except PublishAborted:
            return None  # stopping: the state stays unsaved, the next run polls again
        except Exception as exc:
            # Nothing was saved, so the next poll starts from `before` and re-publishes what
            # may not have reached Kafka; backing off in memory keeps it from spinning.
            log.exception("publishing %s failed unexpectedly", feed)
            result = self._connector.failed(before, internal_error(exc))
            state = result.state
        if feed in self.states:
            self.states[feed] = state
        if self._on_polled is not None:
            self._on_polled(feed, result)
        return result

    def _with_fallback(self, feed: str, state: FeedState) -> FeedState:
        longest = self._fallback_interval(feed) if self._fallback_interval else None
        if longest is None or state.next_due is None or state.failures:
            return state
        return state.evolve(
            next_due=max(state.next_due, self._clock() + timedelta(seconds=longest))
        )

    def _start(self, feed: str) -> None:
        task = asyncio.create_task(self.poll_feed(feed), name=f"poll {feed}")
        self._in_flight[feed] = task
        task.add_done_callback(functools.partial(self._done, feed))

    def _done(self, feed: str, _task: asyncio.Task[PollResult | None]) -> None:
        task = self._in_flight.pop(feed, None)
        if task is not None and not task.cancelled() and task.exception() is not None:
            log.error("polling %s failed unexpectedly", feed, exc_info=task.exception())
        self._wake.set()

    async def poll_all(self) -> dict[str, PollResult | None]:
        """Poll every owned feed once, now, whatever its schedule (`connectors --once`)."""
        feeds = sorted(self.states)
        results = await asyncio.gather(*(self.poll_feed(f) for f in feeds))
        self.update_metrics()
        return dict(zip(feeds, results, strict=True))

    async def run(self, stop: asyncio.Event) -> None:
        """Poll due feeds until `stop` is set; then wait for the polls in flight."""
        while not stop.is_set():
            now = self._clock()
            for feed, state in list(self.states.items()):
                if feed not in self._in_flight and is_due(state, now):
                    self._start(feed)
            self.update_metrics()
            self._wake.clear()
            await _first_of(self._wake, stop, timeout=self._sleep_s(now))
        if self._in_flight:
            await asyncio.wait(list(self._in_flight.values()), timeout=30)

    def _sleep_s(self, now: datetime) -> float:
        waiting = [
            s.next_due for f, s in self.states.items() if f not in self._in_flight and s.next_due
        ]
        if not waiting:
            return _TICK_S
        return min(_TICK_S, max(0.01, (min(waiting) - now).total_seconds()))

    def update_metrics(self) -> None:
        metrics.set_feed_states(Counter(s.status for s in self.states.values()))

    def status_counts(self) -> dict[FeedStatus, int]:
        return dict(Counter(s.status for s in self.states.values()))


async def _first_of(*events: asyncio.Event, timeout: float) -> None:
    waiters = [asyncio.create_task(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
