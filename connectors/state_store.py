"""Persisting feed states in the compacted topic `newsmon.feeds.state`, keyed by feed.

`load` reads the topic to its end, so a restarted connector, or one that just took over a
feed in a rebalance, resumes with the validators and seen ids the last owner saved. `save`
returns once Kafka acknowledged the state; call it only after the feed's articles were
acknowledged, so a crash between the two re-publishes at worst and never drops.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from connectors.compacted import read_to_end
from connectors.contract.topics import FEEDS_STATE
from connectors.publisher import Publisher, Record
from connectors.state import FeedState

log = logging.getLogger(__name__)


class StateStore:
    def __init__(
        self, bootstrap: str, publisher: Publisher | None, *, topic: str = FEEDS_STATE
    ) -> None:
        """`publisher` may be None for a store that is only read (`feeds status`)."""
        self._bootstrap = bootstrap
        self._publisher = publisher
        self.topic = topic

    async def load(self, feeds: Collection[str] | None = None) -> dict[str, FeedState]:
        """The saved state of every feed (or of `feeds` only); undecodable states are skipped."""
        states: dict[str, FeedState] = {}
        for key, value in (await read_to_end(self._bootstrap, self.topic)).items():
            feed = key.decode("utf-8", errors="replace")
            if feeds is not None and feed not in feeds:
                continue
            try:
                states[feed] = FeedState.from_json(value)
            except ValueError as exc:
                log.warning("ignoring an undecodable state for %s: %s", feed, exc)
        return states

    def _writer(self) -> Publisher:
        if self._publisher is None:
            raise RuntimeError("this StateStore was opened read-only")
        return self._publisher

    async def save(self, state: FeedState) -> None:
        await self._writer().publish([Record(self.topic, state.key(), state.to_json())])

    async def forget(self, feed: str) -> None:
        """Remove a feed's state (tombstone), e.g. after `feeds remove`."""
        await self._writer().publish([Record(self.topic, feed.encode("utf-8"), None)])
