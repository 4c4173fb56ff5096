"""Removing a feed while its connector runs: its state goes with it, and adding it back works."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import TopicPartition

from connectors.membership import FeedMembership
from connectors.poller import FeedPoller
from connectors.publisher import Publisher
from connectors.registry import FeedDefinition, FeedRegistry
from connectors.rss import PollResult
from connectors.service import Topics
from connectors.state import FeedState, seen_ids_key
from connectors.state_store import StateStore
from newsmon.kafka.compacted import read_to_end
from tests.integration.connectors.test_service import Instance, eventually
from tests.support.connector_env import make_config
from tests.support.connector_fakes import RecordingPublisher, RecordingStore
from tests.support.feeds import FeedServer, rss

FEED = "https://feeds.test/registered.xml"


class GatedConnector:
    """Polls answer once `gate` is set, each with a state that says it was polled."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.gate.set()
        self.polls = 0

    async def poll(self, state: FeedState) -> PollResult:
        self.polls += 1
        await self.gate.wait()
        return PollResult(state.evolve(etag=f'"poll-{self.polls}"'))


class EndsAt:
    """The feeds topic's consumer, as far as an assignment needs it: its end offsets."""

    def __init__(self, end: int) -> None:
        self.end = end

    async def end_offsets(self, partitions: list[TopicPartition]) -> dict[TopicPartition, int]:
        return {tp: self.end for tp in partitions}

    async def seek_to_beginning(self, *partitions: TopicPartition) -> None:
        return None


def definition(url: str = FEED) -> bytes:
    return FeedDefinition(url).to_json()


async def assigned(
    end: int = 0,
) -> tuple[FeedMembership, FeedPoller, GatedConnector, RecordingStore]:
    connector, store = GatedConnector(), RecordingStore()
    poller = FeedPoller(
        connector,  # type: ignore[arg-type]
        RecordingPublisher(),  # type: ignore[arg-type]
        store,  # type: ignore[arg-type]
    )
    membership = FeedMembership(
        EndsAt(end),  # type: ignore[arg-type]
        "feeds",
        poller,
        store,  # type: ignore[arg-type]
        [],
        partition_count=1,
    )
    await membership.on_partitions_assigned([TopicPartition("feeds", 0)])
    return membership, poller, connector, store


async def settled() -> None:
    for _ in range(10):  # the removal's task, then the waits inside it
        await asyncio.sleep(0)


async def test_a_feed_removed_and_added_back_in_one_batch_is_still_polled() -> None:
    membership, poller, _, store = await assigned()
    membership.apply(FEED.encode(), definition())
    membership.apply(FEED.encode(), None)
    membership.apply(FEED.encode(), definition())
    await settled()
    assert poller.owned() == {FEED}
    assert store.forgotten == []  # the feed is back: its state stays


async def test_a_removal_forgets_the_state_only_after_the_poll_in_flight_saved() -> None:
    membership, poller, connector, store = await assigned()
    connector.gate.clear()
    membership.apply(FEED.encode(), definition())
    stop = asyncio.Event()
    polling = asyncio.create_task(poller.run(stop))
    try:
        while not connector.polls:
            await asyncio.sleep(0.01)
        membership.apply(FEED.encode(), None)
        await settled()
        assert store.forgotten == [], "forgotten while a poll was about to save"
        connector.gate.set()
        for _ in range(100):
            if store.forgotten:
                break
            await asyncio.sleep(0.01)
    finally:
        stop.set()
        await polling
    assert [s.etag for s in store.saved] == ['"poll-1"']
    assert store.forgotten == [FEED]
    assert poller.owned() == set()


async def test_a_removal_read_again_after_an_assignment_only_stops_the_polling() -> None:
    membership, poller, _, store = await assigned(end=2)  # both records precede the assignment
    membership.apply(FEED.encode(), definition(), replayed=True)
    membership.apply(FEED.encode(), None, replayed=True)
    await settled()
    assert poller.owned() == set()
    assert store.forgotten == []


@pytest.mark.kafka
async def test_feeds_remove_during_a_poll_leaves_no_state_behind(
    kafka_bootstrap: str, feed_server: FeedServer, topics: Topics, unique_name: str
) -> None:
    """`feeds remove` deletes the state while the connector's poll still has to save it."""
    path = f"{unique_name}/removed.xml"
    feed_server.bodies[path] = rss(unique_name, ["a", "b"])
    url = feed_server.url(path)
    config = make_config(kafka_bootstrap, [], unique_name)
    instance = Instance(config, topics, f"g-{unique_name}")
    try:
        async with Publisher(config.kafka) as publisher:
            registry = FeedRegistry(kafka_bootstrap, publisher, topic=topics.feeds)
            await registry.add([FeedDefinition(url)])
            await eventually(lambda: bool(instance.polled[url]), 30, "the first poll")
            gate = feed_server.gates[path] = asyncio.Event()
            requests = feed_server.requests[path]
            await eventually(lambda: feed_server.requests[path] > requests, 30, "a second poll")
            # What `feeds remove` does, while that poll waits for the server's answer.
            await registry.remove(url)
            await StateStore(kafka_bootstrap, publisher, topic=topics.states).forget(url)
            gate.set()
            polls = len(instance.polled[url])
            await eventually(lambda: len(instance.polled[url]) > polls, 30, "the poll to save")

        async def state_keys() -> set[bytes]:
            stored = await read_to_end(kafka_bootstrap, topics.states)
            return stored.keys() & {url.encode(), seen_ids_key(url)}

        for _ in range(100):
            if not await state_keys():
                break
            await asyncio.sleep(0.1)
        assert await state_keys() == set(), "the removed feed's state was saved after removal"
        polls = len(instance.polled[url])
        await asyncio.sleep(1.0)  # several poll intervals
        assert len(instance.polled[url]) == polls, "the removed feed is still polled"
    finally:
        await instance.close()
