"""The long-running connector on the real broker: schedules, restarts, dead broker, scale-out."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable

import pytest

from connectors.publisher import Publisher
from connectors.registry import FeedDefinition, FeedRegistry, partition_for
from connectors.rss import PollResult
from connectors.service import Topics, run_connector
from newsmon.broker.local import free_port
from tests.support.connector_env import Config, make_config
from tests.support.feeds import FeedServer, published_by, rss

pytestmark = pytest.mark.kafka


async def eventually(check: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


class Instance:
    """One `run_connector` in this event loop, recording which feeds it polled."""

    def __init__(self, config: Config, topics: Topics, group: str) -> None:
        self.polled: defaultdict[str, list[PollResult]] = defaultdict(list)
        self.stop = asyncio.Event()
        self.task = asyncio.create_task(
            run_connector(
                config,
                [],
                self.stop,
                topics=topics,
                group_id=group,
                serve_metrics=False,
                on_polled=lambda feed, result: self.polled[feed].append(result),
            )
        )

    async def close(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, timeout=30)


async def test_the_connector_polls_on_schedule_and_a_restart_resumes_without_republishing(
    kafka_bootstrap: str, feed_server: FeedServer, topics: Topics, unique_name: str
) -> None:
    path = f"{unique_name}/live.xml"
    feed_server.bodies[path] = rss(unique_name, ["a", "b"])
    url = feed_server.url(path)
    config = make_config(kafka_bootstrap, [url], unique_name)

    first = Instance(config, topics, f"g-{unique_name}")
    try:
        await eventually(lambda: len(first.polled[url]) >= 1, 30, "the first poll")
        feed_server.bodies[path] = rss(unique_name, ["c", "a", "b"])
        await eventually(
            lambda: any(r.articles for r in first.polled[url][1:]), 30, "the new entry"
        )
    finally:
        await first.close()

    requests_before = feed_server.requests[path]
    second = Instance(config, topics, f"g-{unique_name}")
    try:
        await eventually(lambda: len(second.polled[url]) >= 1, 30, "a poll after restart")
    finally:
        await second.close()
    assert feed_server.requests[path] > requests_before
    assert all(not r.articles for r in second.polled[url])
    assert feed_server.not_modified[path] >= 1
    published = await published_by(kafka_bootstrap, url)
    assert sorted(str(a["url"]).rsplit("/", 1)[-1] for a in published) == ["a", "b", "c"]


async def test_a_dead_broker_neither_crashes_the_connector_nor_blocks_its_stop(
    unique_name: str, topics: Topics
) -> None:
    config = make_config(f"127.0.0.1:{free_port()}", ["http://127.0.0.1:9/x.xml"], unique_name)
    instance = Instance(config, topics, f"g-{unique_name}")
    await asyncio.sleep(2.0)
    assert not instance.task.done(), "the connector gave up while Kafka was away"
    await instance.close()
    assert instance.task.exception() is None


def spread_over_partitions(prefix: str, partitions: int, per_partition: int) -> list[str]:
    """Feed URLs under `prefix` chosen so that every partition of the feeds topic holds some."""
    chosen: defaultdict[int, list[str]] = defaultdict(list)
    n = 0
    while min((len(chosen[p]) for p in range(partitions)), default=0) < per_partition:
        url = f"{prefix}/feed-{n}.xml"
        bucket = chosen[partition_for(url, partitions)]
        if len(bucket) < per_partition:
            bucket.append(url)
        n += 1
    return [p for paths in chosen.values() for p in paths]


@pytest.mark.slow
async def test_two_instances_share_the_feeds_without_polling_any_twice(
    kafka_bootstrap: str, feed_server: FeedServer, topics: Topics, unique_name: str
) -> None:
    # partition_for hashes the full URL; the port is only known once the server runs.
    urls = spread_over_partitions(feed_server.url(unique_name), 3, 2)
    paths = [u.split("/", 3)[3] for u in urls]
    for path in paths:
        feed_server.bodies[path] = rss(path.replace("/", "-"), ["one", "two"])
    config = make_config(kafka_bootstrap, urls, unique_name)
    group = f"g-{unique_name}"

    first = Instance(config, topics, group)
    second: Instance | None = None
    try:
        await eventually(lambda: all(first.polled[u] for u in urls), 30, "A to poll every feed")
        second = Instance(config, topics, group)
        b = second
        await eventually(lambda: any(b.polled.values()), 30, "B to take over some feeds")
        await asyncio.sleep(1.0)  # let the rebalance settle
        first.polled.clear()
        second.polled.clear()
        await asyncio.sleep(4.0)
        polled_by_a = {u for u, r in first.polled.items() if r}
        polled_by_b = {u for u, r in second.polled.items() if r}
        assert polled_by_a and polled_by_b
        assert not polled_by_a & polled_by_b, "a feed was polled by both instances"
        assert polled_by_a | polled_by_b == set(urls)

        # A feed added through the registry reaches exactly one instance.
        added_path = f"{unique_name}/added.xml"
        feed_server.bodies[added_path] = rss("added", ["new"])
        added = feed_server.url(added_path)
        async with Publisher(config.kafka) as publisher:
            await FeedRegistry(kafka_bootstrap, publisher, topic=topics.feeds).add(
                [FeedDefinition(added)]
            )
        await eventually(lambda: bool(first.polled[added] or b.polled[added]), 30, "the added feed")
        assert not (first.polled[added] and b.polled[added])
    finally:
        await first.close()
        if second is not None:
            await second.close()

    # Handing a feed over kept its state: every article exactly once.
    for url in urls:
        published = await published_by(kafka_bootstrap, url)
        assert len(published) == 2, (url, [a["url"] for a in published])
