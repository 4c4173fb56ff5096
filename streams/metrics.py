"""Prometheus metrics of the stream worker, kept in one registry of their own.

Every metric carries the `newsmon_` prefix, durations are in seconds and labels are bounded
(configured topic names, severities, error kinds: never an article or a URL). Every label value
the worker can produce is created at zero when the metrics are built, so dashboards show flat
lines rather than gaps. The registry is served at `/metrics` by `streams.app` (our own route on
faust's web server; faust's own sensors are not exported because they report milliseconds).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import get_args

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from newsmon.contract.alert import ALERT_KINDS
from newsmon.contract.records import ErrorKind, Severity

DUPLICATE_KINDS = ("exact", "near")
ERROR_KINDS: tuple[str, ...] = get_args(ErrorKind)
SEVERITIES: tuple[str, ...] = get_args(Severity)
# Classification of one article takes well under a millisecond to a few tens of milliseconds.
_DURATION_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
# From an article's publication (or fetch) to its alert: sub-second after a fetch, minutes to
# hours after publication (feeds are polled, and some publish late).
_LATENCY_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0,
                    1800.0, 3600.0, 4 * 3600.0, 24 * 3600.0)  # fmt: skip
LATENCY_SINCE = ("published", "fetched")


class WorkerMetrics:
    """The worker's counters and histogram; `render()` gives the text exposition format."""

    def __init__(self, topic_names: Iterable[str]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        names = tuple(topic_names)
        self.consumed = Counter(
            "newsmon_worker_articles_consumed",
            "Records read from the raw articles topic, decodable or not",
            registry=self.registry,
        )
        self.classified = Counter(
            "newsmon_worker_articles_classified",
            "Articles written to a per-topic topic, by topic",
            ["topic"],
            registry=self.registry,
        )
        self.duplicates = Counter(
            "newsmon_worker_duplicates",
            "Articles recognised as duplicates of an earlier one (exact or near)",
            ["kind"],
            registry=self.registry,
        )
        self.alerts = Counter(
            "newsmon_worker_alerts",
            "Alerts emitted, by topic, severity and kind (new, update, burst); a replay after a "
            "crash counts again",
            ["topic", "severity", "kind"],
            registry=self.registry,
        )
        self.alert_latency = Histogram(
            "newsmon_worker_alert_latency_seconds",
            "From the story's first article's publication (since=published) or fetch "
            "(since=fetched) to its new alert; replays are not observed",
            ["since"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.stories = Counter(
            "newsmon_worker_stories",
            "Stories started (an article that is no duplicate of a recent one)",
            registry=self.registry,
        )
        self.dead_letters = Counter(
            "newsmon_worker_dead_letters",
            "Records routed to the dead-letter topic, by error kind",
            ["kind"],
            registry=self.registry,
        )
        self.errors = Counter(
            "newsmon_worker_errors",
            "Errors met by the worker, by kind (decode, contract, processing, expiry)",
            ["kind"],
            registry=self.registry,
        )
        self.processing_seconds = Histogram(
            "newsmon_worker_processing_seconds",
            "Time to process one record in either stage: a raw one (decoding to its enriched "
            "record) or an enriched one (de-duplication to its last output)",
            buckets=_DURATION_BUCKETS,
            registry=self.registry,
        )
        self.expired = Counter(
            "newsmon_worker_dedupe_expired",
            "De-duplication and story entries dropped because they outlived their TTL",
            registry=self.registry,
        )
        self.story_stage = Gauge(
            "newsmon_worker_story_stage",
            "1 while this worker holds the story stage (the enriched topic's partition with the "
            "de-duplication, story and burst tables), else 0: one worker of a group at a time",
            registry=self.registry,
        )
        for name in names:
            self.classified.labels(topic=name)
            for severity in SEVERITIES:
                for alert_kind in ALERT_KINDS:
                    self.alerts.labels(topic=name, severity=severity, kind=alert_kind)
        for since in LATENCY_SINCE:
            self.alert_latency.labels(since=since)
        for kind in DUPLICATE_KINDS:
            self.duplicates.labels(kind=kind)
        for kind in ERROR_KINDS:
            self.dead_letters.labels(kind=kind)
        for kind in (*ERROR_KINDS, "expiry"):
            self.errors.labels(kind=kind)

    def render(self) -> bytes:
        """The registry in Prometheus' text exposition format."""
        return generate_latest(self.registry)
