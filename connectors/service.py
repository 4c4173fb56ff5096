"""The connector process: topics, producer, feed list, state, polling loop, metrics, WebSub.

Two entry points, both used by the CLI and callable in-process:

- `run_connector(config, extra_feeds, stop)`: the long-running connector. Joins the group that
  shares the feed list (connectors/membership.py), polls its feeds on their schedules until
  `stop` is set. A Kafka that is down at start or later is waited for, never fatal.
- `poll_once(config, extra_feeds)`: polls every configured and registered feed once, publishes,
  saves state and returns each feed's result (`newsmon connectors --once`). Raises
  `KafkaUnavailable` when Kafka does not answer within `kafka_timeout_s`.

`config` is anything with `.kafka` (KafkaSettings) and `.connector` (ConnectorSettings),
such as `newsmon.config.Config`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Protocol

from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaConnectionError, KafkaError

from connectors import metrics
from connectors.feed.parse import fast_reader
from connectors.fetch.http import Fetcher
from connectors.membership import FeedMembership
from connectors.poller import FeedPoller, PollHook
from connectors.publisher import KafkaUnavailable, Publisher
from connectors.registry import FeedDefinition, decode_feeds, merge
from connectors.rss import PollResult, RssConnector
from connectors.schedule import Bounds
from connectors.settings import ConnectorSettings, FeedConfig
from connectors.state import FeedState
from connectors.state_store import StateStore
from connectors.websub.subscriber import WebSubSubscriber
from newsmon.contract.topics import ARTICLES_RAW, FEEDS, FEEDS_STATE
from newsmon.kafka.admin import TopicSpec, compacted, ensure_topics
from newsmon.kafka.compacted import partitions_of, read_to_end
from newsmon.kafka.retry import until_kafka_answers
from newsmon.kafka.settings import KafkaSettings

log = logging.getLogger(__name__)

BOOTSTRAP_MISSING = "set NEWSMON_KAFKA_BOOTSTRAP or kafka.bootstrap"
_RENEW_CHECK_S = 60.0
_STARTUP_RETRY_INITIAL_S = 1.0


class ConnectorConfig(Protocol):
    @property
    def kafka(self) -> KafkaSettings: ...
    @property
    def connector(self) -> ConnectorSettings: ...


@dataclass(frozen=True, slots=True)
class Topics:
    """The topics the connector uses; tests give fresh names for the feed list and states."""

    articles: str = ARTICLES_RAW
    feeds: str = FEEDS
    states: str = FEEDS_STATE


def bootstrap_of(config: ConnectorConfig) -> str:
    if not config.kafka.bootstrap:
        raise KafkaUnavailable(BOOTSTRAP_MISSING)
    return config.kafka.bootstrap


def topic_specs(kafka: KafkaSettings, topics: Topics) -> list[TopicSpec]:
    p, r = kafka.partitions, kafka.replication_factor
    return [
        TopicSpec(topics.articles, p, r),
        compacted(topics.feeds, p, r),
        compacted(topics.states, p, r),
    ]


def fixed_feeds(settings: ConnectorSettings, extra_feeds: Sequence[str]) -> list[FeedConfig]:
    """The configuration file's feeds plus those given on the command line."""
    return [*settings.feeds, *(FeedConfig(url=url) for url in extra_feeds)]


async def ensure_connector_topics(config: ConnectorConfig, topics: Topics, attempts: int) -> None:
    """Create the connector's topics; raises KafkaUnavailable after `attempts` seconds or so."""
    try:
        await ensure_topics(
            bootstrap_of(config),
            topic_specs(config.kafka, topics),
            attempts=attempts,
            client_id=config.kafka.client_id,
        )
    except KafkaError as exc:
        raise KafkaUnavailable(
            f"Kafka at {config.kafka.bootstrap} does not answer ({exc})"
        ) from exc


async def poll_once(
    config: ConnectorConfig,
    extra_feeds: Sequence[str] = (),
    *,
    topics: Topics = Topics(),
    kafka_timeout_s: float = 15.0,
) -> dict[str, PollResult | None]:
    """Poll every feed once (see the module doc); results by feed URL."""
    bootstrap = bootstrap_of(config)
    await ensure_connector_topics(config, topics, attempts=max(1, int(kafka_timeout_s)))
    async with AsyncExitStack() as stack:
        publisher = await stack.enter_async_context(
            Publisher(config.kafka, give_up_after_s=kafka_timeout_s, articles_topic=topics.articles)
        )
        store = StateStore(bootstrap, publisher, topic=topics.states)
        registered = decode_feeds(await read_to_end(bootstrap, topics.feeds))
        feeds = merge(fixed_feeds(config.connector, extra_feeds), registered)
        fetcher = await stack.enter_async_context(Fetcher(config.connector))
        poller = FeedPoller(_connector(fetcher, config.connector), publisher, store)
        poller.own(feeds, await store.load(set(feeds)))
        return await poller.poll_all()


def _connector(fetcher: Fetcher, settings: ConnectorSettings) -> RssConnector:
    return RssConnector(
        fetcher,
        Bounds(settings.min_interval_s, settings.max_interval_s),
        max_body_bytes=settings.max_body_bytes,
    )


async def run_connector(
    config: ConnectorConfig,
    extra_feeds: Sequence[str],
    stop: asyncio.Event,
    *,
    topics: Topics = Topics(),
    group_id: str | None = None,
    serve_metrics: bool = True,
    on_polled: PollHook | None = None,
) -> None:
    """Run the connector until `stop` is set (see the module doc)."""
    bootstrap = bootstrap_of(config)
    fast_reader()  # at start-up: says now, not at the first feed, if the fast path is off
    if serve_metrics:
        metrics.serve(config.connector.metrics_port, config.connector.listen_host)
    if not await _wait_for_kafka(config, topics, stop):
        return
    async with AsyncExitStack() as stack:
        publisher = await stack.enter_async_context(
            Publisher(config.kafka, stop=stop, articles_topic=topics.articles)
        )
        store = StateStore(bootstrap, publisher, topic=topics.states)
        fetcher = await stack.enter_async_context(Fetcher(config.connector))
        websub: WebSubSubscriber | None = None

        def polled(feed: str, result: PollResult) -> None:
            hub, topic = result.state.websub_hub, result.state.websub_topic
            if websub is not None and hub and topic:
                websub.ensure(feed, hub, topic)
            if on_polled is not None:
                on_polled(feed, result)

        def fallback(feed: str) -> float | None:
            pushed = websub is not None and websub.active(feed)
            return config.connector.max_interval_s if pushed else None

        def resume(state: FeedState) -> FeedState:
            # Its saved schedule may be stretched for pushes that this process has not
            # subscribed to yet (secrets live in memory): poll now, which subscribes again,
            # rather than hear nothing until the stretch ends.
            if websub is None or not state.websub_hub or websub.active(state.feed):
                return state
            return state.evolve(next_due=None)

        poller = FeedPoller(
            _connector(fetcher, config.connector),
            publisher,
            store,
            on_polled=polled,
            fallback_interval=fallback,
            resume=resume,
        )
        if config.connector.websub_port:
            websub = WebSubSubscriber(
                config.connector, poller.ingest_push, host=config.connector.listen_host
            )
            await websub.start()
            stack.push_async_callback(websub.close)
            renewing = asyncio.create_task(_renew_leases(websub, stop), name="websub renewal")
            stack.push_async_callback(_cancelled, renewing)
        fixed = merge(fixed_feeds(config.connector, extra_feeds), ()).values()
        # Kafka answered a moment ago but may blip again: these calls wait, as for the topics.
        numbers = await until_kafka_answers(
            f"reading the partitions of {topics.feeds}",
            lambda: partitions_of(bootstrap, topics.feeds),
            stop,
            initial_s=_STARTUP_RETRY_INITIAL_S,
        )
        consumer = await until_kafka_answers(
            "starting the connectors' group consumer",
            lambda: _started_consumer(config.kafka, group_id),
            stop,
            initial_s=_STARTUP_RETRY_INITIAL_S,
        )
        if numbers is None or consumer is None:
            return
        stack.push_async_callback(consumer.stop)
        count = len(numbers) or config.kafka.partitions
        membership = FeedMembership(consumer, topics.feeds, poller, store, fixed, count, stop=stop)
        consumer.subscribe([topics.feeds], listener=membership)
        log.info("connector running: %d configured feeds", len(fixed))
        polling = asyncio.create_task(poller.run(stop), name="poller")
        try:
            await membership.run(stop)
        finally:
            stop.set()
            await polling


async def _started_consumer(kafka: KafkaSettings, group_id: str | None) -> AIOKafkaConsumer:
    """A started consumer of the connectors' group; a fresh one per attempt, as one whose
    start failed half-way is not safe to start again."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=kafka.bootstrap,
        client_id=f"{kafka.client_id}-connector",
        group_id=group_id or f"{kafka.client_id}.connectors",
        enable_auto_commit=False,  # the whole compacted topic is re-read on every assignment
        auto_offset_reset="earliest",
        session_timeout_ms=15_000,
        heartbeat_interval_ms=3_000,
    )
    try:
        await consumer.start()
    except BaseException:
        with contextlib.suppress(KafkaError):
            await consumer.stop()
        raise
    return consumer


async def _renew_leases(websub: WebSubSubscriber, stop: asyncio.Event) -> None:
    while not stop.is_set():
        websub.renew_due()
        try:
            await asyncio.wait_for(stop.wait(), timeout=_RENEW_CHECK_S)
        except TimeoutError:
            continue


async def _cancelled(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _wait_for_kafka(config: ConnectorConfig, topics: Topics, stop: asyncio.Event) -> bool:
    """Create the topics, retrying until Kafka answers; False when stop came first."""

    async def create() -> bool:
        await ensure_connector_topics(config, topics, attempts=3)
        return True

    created = await until_kafka_answers(
        "creating the connector's topics",
        create,
        stop,
        retried=(KafkaUnavailable, KafkaConnectionError),
    )
    return created is True


def feed_definitions(
    settings: ConnectorSettings, extra_feeds: Sequence[str], registered: Sequence[FeedDefinition]
) -> dict[str, FeedDefinition]:
    """The merged feed list as `feeds list` shows it."""
    return merge(fixed_feeds(settings, extra_feeds), registered)
