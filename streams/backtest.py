"""Replaying a corpus through the worker's own code, to see which alerts would have fired.

`Backtest` builds what `streams.app.build_worker_app` builds — the `ArticlePipeline`, the
`RecordProcessor` with its alert rule and `BurstDetector` — over dict stores instead of faust
Tables, and feeds it each article as the raw record the connector would have written. Time is
the corpus's: each article is processed with `now` = its publication time (and is taken as
fetched then), and the worker's expiry pass runs whenever that clock has moved on by
`expire_interval_s`, so the de-duplication TTL, story expiry and burst windows behave as they
would have live. Articles must be given in publication order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newsmon.contract import Article
from newsmon.contract.alert import ALERT_KINDS, Alert
from streams.agents.expiry import expire_state
from streams.agents.processor import RecordProcessor
from streams.app import burst_policies, policies
from streams.bursts.detector import BurstDetector
from streams.channels import TopicNames
from streams.classify.definitions import TopicSet
from streams.deadletter import SourceRecord
from streams.dedupe.index import DedupeIndex
from streams.metrics import WorkerMetrics
from streams.pipeline import ArticlePipeline
from streams.settings import WorkerSettings

_RAW_TOPIC = "backtest.articles.raw"


@dataclass
class BacktestResult:
    """The alerts in the order they fired, and how many of each kind each topic raised."""

    alerts: list[Alert] = field(default_factory=list)
    articles: int = 0
    dead_letters: int = 0

    def counts(self, topics: Iterable[str]) -> dict[str, dict[str, int]]:
        """topic -> kind -> number of alerts (every configured topic and kind, zeros too)."""
        tally = Counter((a.topic, a.kind) for a in self.alerts)
        return {t: {k: tally[(t, k)] for k in ALERT_KINDS} for t in topics}


class Backtest:
    """The worker's per-record code over dict stores; `run(articles)` replays them."""

    def __init__(self, topics: TopicSet, settings: WorkerSettings | None = None) -> None:
        self.settings = settings or WorkerSettings()
        self.topics = topics
        names = TopicNames("", topics.names)
        self._deadletter = names.deadletter
        self.metrics = WorkerMetrics(names.topic_names)
        self.stories: dict[str, Any] = {}
        self.bursts: dict[str, Any] = {}
        self.dedupe = DedupeIndex({}, ttl_s=self.settings.dedupe_ttl_s)
        self.processor = RecordProcessor(
            ArticlePipeline(topics, self.dedupe),
            self.stories,
            policies(topics),
            names,
            self.metrics,
            BurstDetector(self.bursts, burst_policies(topics)),
        )

    async def run(self, articles: Iterable[Article]) -> BacktestResult:
        """Process `articles` (in publication order) and collect the alerts they raise."""
        result = BacktestResult()
        next_expiry: float | None = None
        for offset, article in enumerate(articles):
            now = article.published_at
            if next_expiry is None:
                next_expiry = now.timestamp() + self.settings.expire_interval_s
            elif now.timestamp() >= next_expiry:
                await self._expire(now)
                next_expiry = now.timestamp() + self.settings.expire_interval_s
            record = SourceRecord(_RAW_TOPIC, 0, offset, article.key(), article.to_json())
            outcome = self.processor.process(record, now)
            result.articles += 1
            result.dead_letters += sum(o.topic == self._deadletter for o in outcome.outgoing)
            result.alerts.extend(outcome.alerts)
        return result

    async def _expire(self, now: datetime) -> None:
        await expire_state(self.dedupe, self.stories, self.settings.dedupe_ttl_s,
                           self.metrics, now)  # fmt: skip
