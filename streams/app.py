"""The faust app of the worker, built from `newsmon.config.Config`, and its wiring.

`create_app(config)` gives a bare faust app with newsmon's settings: one consumer group named
after `worker.app_id`, at_least_once processing (every output id is deterministic, so a replay
after a crash rewrites the same records), raw bytes as the default codec, the web server on
`worker.web_host` (127.0.0.1 unless configured) with table browsing off, and the `memory://`
table store: state lives in the changelog topics and is replayed at every start (compacted,
so the replay stays short).

`build_worker_app(config)` declares on it the topics, the tables, the two stages' agents, the
expiry timer and `/metrics` (our own route on faust's aiohttp server, exporting
`streams.metrics` only: faust's sensors report milliseconds and are left out):

- stage 1, `enrich` (stateless), on the raw topic: the workers of the group share its
  partitions (all of them go to the workers that do not hold stage 2, when there are any:
  `streams.compat.faust.StageOneApartAssignor`) and each decodes, cleans, fingerprints and
  classifies, and writes one enriched record per article to the single-partition enriched
  topic (`streams.enriched`);
- stage 2, `classify` (stateful), on the enriched topic: ONE worker of the group holds its
  partition and the tables co-partitioned with it (de-duplication, stories, bursts), so the
  group decides exactly as one process would; another takes over when it leaves (replaying
  the changelogs, or from a standby copy with `worker.standby_replicas`).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faust
from faust.types import TP, AgentT
from faust.web import Request, Response, View
from prometheus_client import CONTENT_TYPE_LATEST

from newsmon.config import Config
from newsmon.contract import utc_now
from newsmon.contract.alert import Alert
from newsmon.errors import NewsmonError
from newsmon.kafka.admin import TopicSpec
from streams.agents.classify import OnAlert, register_classify_agent
from streams.agents.enrich import register_enrich_agent
from streams.agents.enrich_processor import EnrichProcessor
from streams.agents.expiry import Expiring, register_expiry_timer
from streams.agents.processor import PipelineLike, RecordProcessor
from streams.alerts import AlertPolicy, alert_line
from streams.bursts.detector import BurstDetector, BurstPolicy
from streams.channels import Channels, TopicNames, declare_channels, topic_specs
from streams.compat.faust import (
    StageOneApartAssignor,
    install_consumer_patches,
    keep_queued_events_while_flowing,
    partition_unknown_topics_at_send,
    register_recovery_watch,
    register_skipped_records_check,
    watch_changelog,
    widen_producer_buffer,
)
from streams.delivery import Delivery
from streams.metrics import WorkerMetrics
from streams.tables import Tables, declare_tables

METRICS_PATH = "/metrics"
DELIVERY_SETTLE_INTERVAL_S = 0.5
# faust's producer buffer holds table changelog writes; above `max_messages` the agent waits
# for it to drain, and that wait always ends with a 0.1 s timeout (faust 0.15.3,
# transport/producer.py::flush_atmost). Under load the default of 100 queued writes is
# reached within a few dozen articles (two table writes each), stalling the agent again and
# again. A larger bound keeps memory bounded while the stall becomes rare (only when the
# broker falls behind).
PRODUCER_BUFFER_MAX = 20_000
# How long the producer waits to fill a batch. faust's default (0) sends a produce request for
# nearly every record: one per output and table write of each article. A millisecond batches
# them; each article waits it out once on its way from stage 1 to stage 2 (the enriched
# record), so it is part of raw -> classified latency: 5 ms gave p50 8-10.5 ms and p99 11-56
# ms at 100 articles/s, 1 ms p50 4-5 ms and p99 24-25 ms, with no drain rate told apart
# (bench runs of 2026-12-05, load average 1.6-3.9).
PRODUCER_LINGER_S = 0.001


class NewsmonApp(faust.App):
    """faust's App, whose consumer waits briefly on idle partitions, re-reads partitions
    never committed after a rebalance, never counts an event skipped at a rebalance as done
    and re-reads records passed over at a takeover (`streams.compat.faust`), and whose offset
    commits first settle the worker's pending outputs.

    faust commits the offset of every event the agent has finished with; its outputs may
    still be on their way (`streams.delivery`). `before_commit` (set by `build_worker_app`)
    runs inside each commit, after faust chose the offsets and before it writes them, so an
    offset never passes a record whose outputs Kafka has not taken."""

    before_commit: Callable[[], Awaitable[None]] | None = None
    # The worker's own input topics (raw, enriched): neither compacted nor transactional, so
    # their offsets have no gaps (`streams.compat.faust.count_no_gaps`).
    inputs: frozenset[str] = frozenset()
    # (stage 1's input, stage 2's input): the member holding stage 2 is given no raw partition
    # while the group has another member (`StageOneApartAssignor`); None in the one-step layout.
    stage_topics: tuple[str, str] | None = None

    async def on_start(self) -> None:
        await super().on_start()  # creates the consumer; it starts after this returns
        install_consumer_patches(
            self, self.before_commit, lambda topic: topic in self.tables.changelog_topics,
            self.inputs.__contains__,
        )  # fmt: skip
        keep_queued_events_while_flowing(self)


class WorkerConfigError(NewsmonError, ValueError):
    """The configuration cannot run a worker (e.g. no Kafka bootstrap address)."""


def broker_url(bootstrap: str) -> str:
    """`host1:9092,host2:9092` -> `kafka://host1:9092;kafka://host2:9092` (faust's form)."""
    hosts = [host.strip() for host in bootstrap.split(",") if host.strip()]
    if not hosts:
        raise WorkerConfigError("kafka.bootstrap is empty")
    return ";".join(f"kafka://{host}" for host in hosts)


def create_app(config: Config) -> NewsmonApp:
    """A faust app configured from `config`; raises WorkerConfigError without a bootstrap."""
    if not config.kafka.bootstrap:
        raise WorkerConfigError(
            "no Kafka to connect to: set kafka.bootstrap in the configuration or "
            "NEWSMON_KAFKA_BOOTSTRAP=host:port (`newsmon broker start` runs a local one)"
        )
    worker = config.worker
    session_timeout = worker.session_timeout_s
    settings: dict[str, Any] = {
        "broker": broker_url(config.kafka.bootstrap),
        "broker_client_id": config.kafka.client_id,
        "store": "memory://",
        "processing_guarantee": "at_least_once",
        "topic_partitions": config.kafka.partitions,
        "topic_replication_factor": config.kafka.replication_factor,
        "broker_session_timeout": session_timeout,
        # Kafka wants heartbeats well inside the session timeout.
        "broker_heartbeat_interval": max(session_timeout / 5, 0.5),
        "broker_commit_interval": worker.commit_interval_s,
        "table_standby_replicas": worker.standby_replicas,
        "producer_linger": PRODUCER_LINGER_S,
        "consumer_auto_offset_reset": "earliest",
        "key_serializer": "raw",
        "value_serializer": "raw",
        "web_port": worker.web_port,
        "web_bind": worker.web_host,
        "web_host": worker.web_host,
        "web_tables_enabled": False,
        "autodiscover": False,
        "PartitionAssignor": StageOneApartAssignor,
    }
    data_dir = worker.data_dir or default_data_dir(worker.app_id)
    data_dir.parent.mkdir(parents=True, exist_ok=True)  # faust makes the last level only
    settings["datadir"] = str(data_dir)
    return NewsmonApp(worker.app_id, **settings)


def default_data_dir(app_id: str) -> Path:
    """Where faust keeps its few files when `worker.data_dir` is unset: the tables live in
    memory and their changelogs in Kafka, so a temporary directory will do. Faust's own default
    is relative to the working directory, which a user's checkout should not collect."""
    return Path(tempfile.gettempdir()) / f"newsmon-{os.getuid()}" / f"{app_id}-data"


def print_alert(alert: Alert) -> None:
    """Write the alert's one-line form to stdout at once (a parent process relays it)."""
    sys.stdout.write(alert_line(alert) + "\n")
    sys.stdout.flush()


@dataclass(frozen=True, slots=True)
class WorkerApp:
    """Everything declared on the app, for the worker entry point, tests and the benchmark."""

    app: faust.App
    names: TopicNames
    channels: Channels
    tables: Tables
    metrics: WorkerMetrics
    processor: RecordProcessor  # stage 2
    agent: AgentT[Any]  # stage 2, `classify`
    enrich_agent: AgentT[Any] | None  # stage 1; None in the one-step layout

    def topic_specs(self, config: Config) -> list[TopicSpec]:
        return topic_specs(self.names, config.kafka)


PipelineFactory = Callable[[Tables], tuple[PipelineLike, Expiring]]


def policies(topics: Any) -> Callable[[str], AlertPolicy | None]:
    """The alert policy of each configured topic by name; None for an unknown name."""
    known: Mapping[str, AlertPolicy] = {name: topics.get(name) for name in topics.names}
    return known.get


def burst_policies(topics: Any) -> Callable[[str], BurstPolicy | None]:
    """The burst settings (and severity) of each configured topic by name; None if unknown."""
    known: Mapping[str, BurstPolicy] = {name: topics.get(name) for name in topics.names}
    return known.get


def build_worker_app(
    config: Config, on_alert: OnAlert = print_alert, *, one_step: bool = False
) -> WorkerApp:
    """The worker's app with every topic, table, agent, timer and page declared on it.

    `one_step`: one agent on the raw topic does both stages (the layout before the split,
    right for ONE worker only): what bench/bench_worker.py compares the two stages with.
    Raises WorkerConfigError (no bootstrap) or the topic file's error (invalid topics)."""
    from streams.classify.definitions import load_topics
    from streams.dedupe.index import DedupeIndex
    from streams.pipeline import ArticlePipeline

    topics = load_topics(config.worker.topics_file)
    app = create_app(config)
    names = TopicNames(config.worker.topic_prefix, tuple(topics.names))
    channels = declare_channels(app, names)
    tables = declare_tables(app, config.kafka)
    dedupe = DedupeIndex(tables.dedupe, ttl_s=config.worker.dedupe_ttl_s)

    async def reindex_dedupe() -> None:
        # The table was (re)filled from its changelog: the index derived from it is stale.
        dedupe.reindex()

    tables.dedupe.on_recover(reindex_dedupe)
    pipeline = ArticlePipeline(topics, dedupe)
    metrics = WorkerMetrics(names.topic_names)
    bursts = BurstDetector(tables.bursts, burst_policies(topics))
    processor = RecordProcessor(pipeline, tables.stories, policies(topics), names, metrics, bursts)

    async def send_now(topic: str, key: bytes, value: bytes) -> Awaitable[object]:
        # Straight to the producer: faust's Topic.send adds ~100 µs of bookkeeping a record
        # (a third of the worker's time) for features we do not use; the record is sent at
        # once, not attached to the source event, so its acknowledgement can be awaited.
        acknowledged: Awaitable[object] = await app.producer.send(
            topic, key, value, None, None, None
        )
        return acknowledged

    delivery = Delivery(
        send_now,
        names.deadletter,
        utc_now,
        on_dead_letter=lambda: metrics.dead_letters.labels(kind="processing").inc(),
    )
    watch_changelog(tables.dedupe, delivery)
    watch_changelog(tables.stories, delivery)
    watch_changelog(tables.bursts, delivery)
    app.before_commit = delivery.settle
    app.inputs = frozenset({names.raw, names.enriched})
    # One Delivery for both stages: a commit (of either topic's offsets) first settles every
    # output queued so far, among them those of every event faust counts as done.
    enrich_agent = None
    if one_step:
        agent = register_classify_agent(app, channels.raw, processor.process, delivery, on_alert)
    else:
        enrich_agent = register_enrich_agent(
            app, channels.raw, EnrichProcessor(pipeline.enricher, names, metrics), delivery
        )
        agent = register_classify_agent(app, channels.enriched, processor.process_enriched,
                                        delivery, on_alert)  # fmt: skip
        app.stage_topics = (names.raw, names.enriched)
    # When traffic stops, the last records are settled by the clock rather than by the next.
    app.timer(DELIVERY_SETTLE_INTERVAL_S)(delivery.settle)
    stage_two = TP(names.enriched, 0)

    def owns_state() -> bool:
        return stage_two in app.assignor.assigned_actives()

    metrics.story_stage.set_function(lambda: float(owns_state()))

    register_expiry_timer(app, dedupe, tables.stories, config.worker.dedupe_ttl_s,
                          config.worker.expire_interval_s, metrics, owns_state)  # fmt: skip
    _register_metrics_page(app, metrics)
    widen_producer_buffer(app, PRODUCER_BUFFER_MAX)
    partition_unknown_topics_at_send(app)
    register_skipped_records_check(app, app.inputs.__contains__)
    register_recovery_watch(app)
    return WorkerApp(app, names, channels, tables, metrics, processor, agent, enrich_agent)


def _register_metrics_page(app: faust.App, metrics: WorkerMetrics) -> None:
    async def metrics_page(view: View, request: Request) -> Response:
        return view.bytes(metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app.page(METRICS_PATH)(metrics_page)
