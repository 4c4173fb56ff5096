"""What the worker does with one raw record, free of faust so it is tested on its own.

`RecordProcessor.process(source, now)` never raises for a bad record: it returns the records
to write (`Outgoing`: topic, key, value bytes) and the alerts to announce. Its contract:

- undecodable bytes or a record that is not an Article -> one dead letter (`decode`/`contract`);
- any exception after decoding -> one dead letter (`processing`), the partition goes on;
- otherwise one ClassifiedArticle on `articles.classified` (keyed by article id) for EVERY
  article, exact duplicates included (their `duplicate_of` is set), so that each raw record
  yields exactly one classified or dead-letter record; plus, unless the article is an exact
  duplicate, one copy on `topic.<name>` per matched topic and the story's new alerts, and
  (with a burst detector) the burst alerts its topics raise.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from newsmon.contract import Article, ContractError
from newsmon.contract.alert import Alert
from newsmon.contract.records import ClassifiedArticle, ErrorKind, TopicMatch
from streams.alerts import AlertPolicy, StoryRecord, decide_alerts
from streams.channels import TopicNames
from streams.deadletter import SourceRecord, dead_letter, error_kind
from streams.metrics import WorkerMetrics

log = logging.getLogger(__name__)


class PipelineResultLike(Protocol):
    @property
    def classified(self) -> ClassifiedArticle: ...

    @property
    def exact_duplicate(self) -> bool: ...


class BurstsLike(Protocol):
    """`streams.bursts.detector.BurstDetector`: counts a story once per topic, maybe a burst."""

    def observe(
        self, classified: ClassifiedArticle, match: TopicMatch, now: datetime
    ) -> Alert | None: ...


class PipelineLike(Protocol):
    """`streams.pipeline.ArticlePipeline`: clean, de-duplicate and classify one article."""

    def process(self, article: Article, now: datetime) -> PipelineResultLike: ...


@dataclass(frozen=True, slots=True)
class Outgoing:
    topic: str
    key: bytes
    value: bytes


@dataclass(slots=True)
class Outcome:
    outgoing: list[Outgoing] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)


class RecordProcessor:
    """Turns raw records into output records; the story table is any MutableMapping."""

    def __init__(
        self,
        pipeline: PipelineLike,
        stories: MutableMapping[str, Any],
        policy_for: Callable[[str], AlertPolicy | None],
        names: TopicNames,
        metrics: WorkerMetrics,
        bursts: BurstsLike | None = None,
    ) -> None:
        self._pipeline = pipeline
        self._bursts = bursts
        self._stories = stories
        self._policy_for = policy_for
        self._names = names
        self._metrics = metrics

    def process(self, source: SourceRecord, now: datetime) -> Outcome:
        started = time.perf_counter()
        self._metrics.consumed.inc()
        try:
            article = Article.from_json(source.value)
        except ContractError as exc:
            outcome = self._dead(source, exc, now, error_kind(exc))
        except Exception as exc:  # e.g. RecursionError on absurdly nested JSON
            outcome = self._dead(source, exc, now, "decode")
        else:
            try:
                outcome = self._classified(article, now)
            except Exception as exc:
                # Route, never crash: a bug on one article must not stop the partition.
                log.exception("processing %s@%d failed", source.topic, source.offset)
                outcome = self._dead(source, exc, now, "processing")
        self._metrics.processing_seconds.observe(time.perf_counter() - started)
        return outcome

    def _dead(
        self, source: SourceRecord, exc: BaseException, now: datetime, kind: ErrorKind
    ) -> Outcome:
        letter = dead_letter(source, exc, now, kind)
        self._metrics.dead_letters.labels(kind=kind).inc()
        self._metrics.errors.labels(kind=kind).inc()
        log.warning("dead letter (%s) for %s[%d]@%d: %s", kind, source.topic,
                    source.partition, source.offset, letter.reason)  # fmt: skip
        return Outcome([Outgoing(self._names.deadletter, source.key or b"", letter.to_json())])

    def _classified(self, article: Article, now: datetime) -> Outcome:
        result = self._pipeline.process(article, now)
        classified = result.classified
        key = article.key()
        payload = classified.to_json()
        outcome = Outcome([Outgoing(self._names.classified, key, payload)])
        if result.exact_duplicate:
            self._metrics.duplicates.labels(kind="exact").inc()
            return outcome
        if classified.story_id != article.id:
            # Joined an earlier article's story: a near duplicate (duplicate_of stays None).
            self._metrics.duplicates.labels(kind="near").inc()
        for match in classified.topics:
            if match.name not in self._names.topic_names:
                continue  # a topic without an output topic: never created, never written
            outcome.outgoing.append(Outgoing(self._names.per_topic(match.name), key, payload))
            self._metrics.classified.labels(topic=match.name).inc()
        self._announce(classified, now, outcome)
        self._count_for_bursts(classified, now, outcome)
        return outcome

    def _announce(self, classified: ClassifiedArticle, now: datetime, outcome: Outcome) -> None:
        story = StoryRecord.from_dict(self._stories.get(classified.story_id))
        decision = decide_alerts(classified, story, self._policy_for, now)
        if decision.story != story:
            self._stories[classified.story_id] = decision.story.to_dict()
        for alert in decision.alerts:
            outcome.outgoing.append(Outgoing(self._names.alerts, alert.key(), alert.to_json()))
            outcome.alerts.append(alert)
            self._metrics.alerts.labels(topic=alert.topic, severity=alert.severity,
                                        kind=alert.kind).inc()  # fmt: skip

    def _count_for_bursts(
        self, classified: ClassifiedArticle, now: datetime, outcome: Outcome
    ) -> None:
        """Hand each labelled topic of a non-duplicate article to the burst detector, which
        counts the story the first time it is labelled with that topic (and only then)."""
        if self._bursts is None:
            return
        for match in classified.topics:
            if match.name not in self._names.topic_names:
                continue
            alert = self._bursts.observe(classified, match, now)
            if alert is None:
                continue
            outcome.outgoing.append(Outgoing(self._names.alerts, alert.key(), alert.to_json()))
            outcome.alerts.append(alert)
            self._metrics.alerts.labels(topic=alert.topic, severity=alert.severity,
                                        kind=alert.kind).inc()  # fmt: skip
