"""Persisting feed states in the compacted topic `newsmon.feeds.state`.

`load` reads the topic to its end, so a restarted connector, or one that just took over a
feed in a rebalance, resumes with the validators, seen ids and schedule the last owner saved.
`save` returns once Kafka acknowledged the state; call it only after the feed's articles were
acknowledged, so a crash between the two re-publishes at worst and never drops.

A state is two records (connectors/state.py). Most polls change the schedule but not the seen
ids, so `save` writes the seen-ids record (some 35 KB for a thousand ids) only when they differ
from the ones it knows are on Kafka, and always before the small record: a crash between the
two leaves the seen ids ahead of the validators, which costs a needless fetch at worst, never a
re-publication. The two keys fall in different partitions; `load` reads them all.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from connectors.publisher import Publisher, Record
from connectors.state import FeedState, decode_seen_ids, feed_of_seen_ids_key, seen_ids_key
from newsmon.contract.topics import FEEDS_STATE
from newsmon.kafka.compacted import read_to_end

log = logging.getLogger(__name__)


class StateStore:
    def __init__(
        self, bootstrap: str, publisher: Publisher | None, *, topic: str = FEEDS_STATE
    ) -> None:
        """`publisher` may be None for a store that is only read (`feeds status`)."""
        self._bootstrap = bootstrap
        self._publisher = publisher
        self.topic = topic
        # By feed, the ids its seen-ids record holds on Kafka, as far as this process knows
        # (read by `load`, written by `save`); a feed absent here has no such record.
        self._stored_seen_ids: dict[str, tuple[str, ...]] = {}

    async def load(self, feeds: Collection[str] | None = None) -> dict[str, FeedState]:
        """The saved state of every feed (or of `feeds` only); undecodable records are skipped."""
        records: dict[str, bytes] = {}
        seen_records: dict[str, bytes] = {}
        for key, value in (await read_to_end(self._bootstrap, self.topic)).items():
            name = key.decode("utf-8", errors="replace")
            seen_of = feed_of_seen_ids_key(name)
            feed = name if seen_of is None else seen_of
            if feeds is not None and feed not in feeds:
                continue
            (records if seen_of is None else seen_records)[feed] = value
        states: dict[str, FeedState] = {}
        for feed in records.keys() | seen_records.keys():
            state = self._decode(feed, records.get(feed), seen_records.get(feed))
            if state is not None:
                states[feed] = state
        return states

    def _decode(self, feed: str, record: bytes | None, seen: bytes | None) -> FeedState | None:
        """The state in `feed`'s records, keeping what is readable; remembers which seen
        ids are stored."""
        seen_ids: tuple[str, ...] | None = None
        if seen is not None:
            try:
                seen_ids = decode_seen_ids(seen)
            except ValueError as exc:
                log.warning("ignoring the undecodable seen ids of %s: %s", feed, exc)
        if seen_ids is None:
            self._stored_seen_ids.pop(feed, None)
        else:
            self._stored_seen_ids[feed] = seen_ids
        try:
            return FeedState.from_records(feed, record, seen_ids)
        except ValueError as exc:
            log.warning("ignoring an undecodable state for %s: %s", feed, exc)
            return FeedState.from_records(feed, None, seen_ids) if seen_ids else None

    def _writer(self) -> Publisher:
        if self._publisher is None:
            raise RuntimeError("this StateStore was opened read-only")
        return self._publisher

    async def save(self, state: FeedState) -> None:
        """Write `state`: its seen ids first if they changed, then the rest."""
        writer = self._writer()
        stored = self._stored_seen_ids.get(state.feed, ())
        if state.seen_ids is not stored and state.seen_ids != stored:
            await writer.publish([Record(self.topic, state.seen_ids_key(), state.seen_ids_json())])
            self._stored_seen_ids[state.feed] = state.seen_ids
        await writer.publish([Record(self.topic, state.key(), state.record_json())])

    def assume_unsaved(self, feed: str) -> None:
        """Someone else may have deleted `feed`'s records (`feeds remove`): its next save
        writes its seen ids again, even if they did not change."""
        self._stored_seen_ids.pop(feed, None)

    async def forget(self, feed: str) -> None:
        """Remove a feed's state (tombstones on both its keys), e.g. after `feeds remove`."""
        self.assume_unsaved(feed)
        await self._writer().publish(
            [
                Record(self.topic, feed.encode("utf-8"), None),
                Record(self.topic, seen_ids_key(feed), None),
            ]
        )
