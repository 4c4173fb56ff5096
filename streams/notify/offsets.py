"""Which alert offsets are settled by every sink, so the committed offset never passes one
that some sink still owes.

Per partition: the offsets handed out and, for each, the sinks that have not settled it. The
committable offset is the lowest unsettled one, or one past the highest handed out. A revoked
partition is forgotten; its generation moves on so queued work of the old assignment is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiokafka import TopicPartition


class OffsetTracker:
    def __init__(self) -> None:
        self._owed: dict[TopicPartition, dict[int, set[str]]] = {}
        self._next: dict[TopicPartition, int] = {}
        self._generation: dict[TopicPartition, int] = {}

    def generation(self, tp: TopicPartition) -> int:
        return self._generation.get(tp, 0)

    def add(self, tp: TopicPartition, offset: int, sinks: Iterable[str]) -> None:
        owed = set(sinks)
        if owed:
            self._owed.setdefault(tp, {})[offset] = owed
        self._next[tp] = max(self._next.get(tp, 0), offset + 1)

    def settle(self, tp: TopicPartition, offset: int, sink: str, generation: int) -> None:
        if generation != self.generation(tp):
            return  # the partition was revoked (and perhaps assigned again) since
        owed = self._owed.get(tp, {})
        sinks = owed.get(offset)
        if sinks is None:
            return
        sinks.discard(sink)
        if not sinks:
            del owed[offset]

    def committable(self, tp: TopicPartition) -> int | None:
        """The offset to commit for `tp` (the next one to read after a restart), or None."""
        owed = self._owed.get(tp)
        if owed:
            return min(owed)
        return self._next.get(tp)

    def pending(self) -> int:
        return sum(len(owed) for owed in self._owed.values())

    def forget(self, tps: Iterable[TopicPartition]) -> None:
        for tp in tps:
            self._owed.pop(tp, None)
            self._next.pop(tp, None)
            self._generation[tp] = self.generation(tp) + 1
