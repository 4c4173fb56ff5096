"""Sharing the feed list between connector instances through a consumer group on `newsmon.feeds`.

Every instance joins one group subscribed to the feeds topic; Kafka hands each instance some
of its partitions, and an instance polls exactly the feeds whose key falls in a partition it
holds: the topic's feeds of those partitions plus the configuration file's feeds that hash
there. Adding an instance adds capacity; no feed is polled by two instances.

On revocation the instance stops the feeds of the lost partitions and waits for their polls
in flight to save their state; on assignment it reads `newsmon.feeds.state` to its end before
polling, so feeds move between instances with their state. Feed additions and removals on the
topic reach the owning instance as ordinary records.

A removal that arrives while the instance runs is finished here: once the feed's poll in
flight has saved, its state is deleted (`StateStore.forget`). `feeds remove` deletes it too,
but a save still in flight then would land after that and leave the state behind. Removals
read again after an assignment were finished when they happened and only stop the polling.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Iterable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import KafkaError

from connectors.poller import FeedPoller
from connectors.publisher import PublishAborted
from connectors.registry import FeedDefinition, partition_for
from connectors.state import FeedState
from connectors.state_store import StateStore
from newsmon.kafka.retry import until_kafka_answers

log = logging.getLogger(__name__)


class FeedMembership(ConsumerRebalanceListener):  # type: ignore[misc]  # untyped base
    def __init__(
        self,
        consumer: AIOKafkaConsumer,
        topic: str,
        poller: FeedPoller,
        store: StateStore,
        fixed_feeds: Iterable[FeedDefinition],
        partition_count: int,
        *,
        stop: asyncio.Event | None = None,
        retry_initial_s: float = 1.0,
    ) -> None:
        """`stop` ends the retries of an assignment that cannot read the states (shutdown)."""
        self._consumer = consumer
        self._topic = topic
        self._poller = poller
        self._store = store
        self._fixed = {f.url: f for f in fixed_feeds}  # config file and --feed: never removed
        self.definitions: dict[str, FeedDefinition] = {}
        self.partitions: set[int] = set()
        self._saved: dict[str, FeedState] = {}
        self._count = partition_count
        self._releasing: set[asyncio.Task[None]] = set()
        # By partition, the end of the feeds topic when it was assigned: records before it are
        # read again (replayed), records from it on happen now.
        self._replay_ends: dict[int, int] = {}
        self._stop = stop or asyncio.Event()
        self._retry_initial_s = retry_initial_s

    def _mine(self, url: str) -> bool:
        return partition_for(url, self._count) in self.partitions

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        lost = {tp.partition for tp in revoked if tp.topic == self._topic}
        self.partitions -= lost
        leaving = [url for url in self._poller.owned() if partition_for(url, self._count) in lost]
        log.info("giving up partitions %s: %d feeds", sorted(lost), len(leaving))
        for url in leaving:
            self.definitions.pop(url, None)
        await self._poller.release(leaving)

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        ours = [tp for tp in assigned if tp.topic == self._topic]
        self.partitions = {tp.partition for tp in ours}
        # The previous owner saved before letting go (its revocation ran first), so the
        # state topic read now holds the latest state of every feed we take over.
        # aiokafka swallows a listener's exception: giving up here would hold the partitions
        # while polling none of their feeds, so wait for Kafka however long it takes.
        saved = await until_kafka_answers(
            "loading feed states", self._store.load, self._stop, initial_s=self._retry_initial_s
        )
        if saved is None:
            return  # stopping
        self._saved = saved
        fixed = [url for url in self._fixed if self._mine(url)]
        for url in fixed:
            self.definitions[url] = self._fixed[url]
        self._poller.own(fixed, self._saved)
        if ours:
            ends = await until_kafka_answers(
                "reading the end of the feeds topic",
                lambda: self._consumer.end_offsets(ours),
                self._stop,
                initial_s=self._retry_initial_s,
            )
            if ends is None:
                return  # stopping
            self._replay_ends = {tp.partition: offset for tp, offset in ends.items()}
            await self._consumer.seek_to_beginning(*ours)  # the topic is the list: read it all
        log.info("holding partitions %s: %d configured feeds", sorted(self.partitions), len(fixed))

    def apply(self, key: bytes | None, value: bytes | None, *, replayed: bool = False) -> None:
        """One record of the feeds topic: a definition adds the feed, a tombstone removes it.

        `replayed`: the record is read again after an assignment, not happening now.
        """
        if key is None:
            return
        url = key.decode("utf-8", errors="replace")
        if value is None:
            if url not in self._fixed and url in self.definitions:
                del self.definitions[url]
                if not replayed:
                    self._store.assume_unsaved(url)
                settled = self._poller.stop_polling([url])
                task = asyncio.create_task(self._removed(url, settled, forget=not replayed))
                self._releasing.add(task)  # keep a reference until it is done
                task.add_done_callback(self._releasing.discard)
            return
        try:
            definition = FeedDefinition.from_json(value)
        except ValueError as exc:
            log.warning("ignoring a bad definition of %s: %s", url, exc)
            return
        self.definitions[definition.url] = definition
        self._poller.own([definition.url], self._saved)

    async def _removed(self, url: str, settled: Awaitable[None], *, forget: bool) -> None:
        await settled
        if not forget or url in self.definitions or not self._mine(url):
            return  # added again meanwhile, or handed to another instance with its state
        self._saved.pop(url, None)  # added again later, it starts afresh, as after a restart
        try:
            await self._store.forget(url)
        except PublishAborted:
            return  # stopping; `feeds remove` deleted the state too
        except Exception:
            log.exception("deleting the state of the removed feed %s failed", url)

    async def run(self, stop: asyncio.Event) -> None:
        """Consume the feeds topic until `stop` is set (keeps the group membership alive)."""
        while not stop.is_set():
            try:
                batches = await self._consumer.getmany(timeout_ms=500)
            except KafkaError as exc:  # the consumer reconnects by itself; keep polling feeds
                log.warning("reading %s failed: %s; retrying", self._topic, exc)
                await asyncio.sleep(1.0)
                continue
            for tp, records in batches.items():
                end = self._replay_ends.get(tp.partition, 0)
                for record in records:
                    self.apply(record.key, record.value, replayed=record.offset < end)
