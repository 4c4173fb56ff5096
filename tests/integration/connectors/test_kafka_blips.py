"""A Kafka blip at start-up or during a rebalance is waited out, never fatal or silent."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiokafka import TopicPartition
from aiokafka.errors import KafkaConnectionError

import connectors.service
from connectors.membership import FeedMembership
from connectors.poller import FeedPoller
from connectors.registry import FeedDefinition
from connectors.rss import RssConnector
from connectors.schedule import Bounds
from connectors.service import Topics
from connectors.state import FeedState
from tests.integration.connectors.test_service import Instance, eventually
from tests.support.connector_env import make_config
from tests.support.connector_fakes import RecordingPublisher, RecordingStore
from tests.support.feeds import FeedServer, rss

FEED = "https://feeds.test/configured.xml"


class FlakyStore(RecordingStore):
    """Fails to read the state topic `failures` times, as during a broker restart."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures
        self.loads = 0

    async def load(self, feeds: Any = None) -> dict[str, FeedState]:
        self.loads += 1
        if self.loads <= self.failures:
            raise TimeoutError("reading the state topic to its end took too long")
        return {FEED: FeedState(feed=FEED, url=FEED, etag='"saved"')}


class NoConsumer:
    async def end_offsets(self, partitions: list[TopicPartition]) -> dict[TopicPartition, int]:
        return dict.fromkeys(partitions, 0)

    async def seek_to_beginning(self, *partitions: TopicPartition) -> None:
        return None


async def test_an_assignment_retries_loading_states_until_it_can_own_its_feeds() -> None:
    store = FlakyStore(failures=2)
    poller = FeedPoller(
        RssConnector(None, Bounds(10, 60)),  # type: ignore[arg-type]  # never polls here
        RecordingPublisher(),  # type: ignore[arg-type]
        store,  # type: ignore[arg-type]
    )
    membership = FeedMembership(
        NoConsumer(),  # type: ignore[arg-type]
        "feeds",
        poller,
        store,  # type: ignore[arg-type]
        [FeedDefinition(url=FEED)],
        partition_count=1,
        retry_initial_s=0.01,
    )
    await asyncio.wait_for(
        membership.on_partitions_assigned([TopicPartition("feeds", 0)]), timeout=5
    )
    assert store.loads == 3
    assert poller.states[FEED].etag == '"saved"'


@pytest.mark.kafka
async def test_a_kafka_blip_right_after_start_up_is_waited_out(
    kafka_bootstrap: str,
    feed_server: FeedServer,
    topics: Topics,
    unique_name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = connectors.service.partitions_of
    calls = 0

    async def blip(bootstrap: str, topic: str, **kw: Any) -> list[int]:
        nonlocal calls
        calls += 1
        if calls <= 2:
            raise KafkaConnectionError("broker restarting")
        return await real(bootstrap, topic, **kw)

    monkeypatch.setattr(connectors.service, "partitions_of", blip)
    monkeypatch.setattr(connectors.service, "_STARTUP_RETRY_INITIAL_S", 0.05)
    path = f"{unique_name}/blip.xml"
    feed_server.bodies[path] = rss(unique_name, ["a"])
    url = feed_server.url(path)
    instance = Instance(make_config(kafka_bootstrap, [url], unique_name), topics, unique_name)
    try:
        await eventually(
            lambda: bool(instance.polled[url]) or instance.task.done(), 30, "a first poll"
        )
        assert not instance.task.done(), instance.task.exception()
    finally:
        await instance.close()
    assert calls == 3
