"""What the worker does with one record, free of faust so it is tested on its own.

The worker runs in two stages (`streams.app`): `EnrichProcessor.process` (stage 1, stateless,
on the raw topic, `streams.agents.enrich_processor`) turns a raw record into an enriched one
(`streams.enriched`) or a dead letter; `RecordProcessor.process_enriched` (stage 2, on the
single-partition enriched topic) de-duplicates it and decides stories and alerts.
`RecordProcessor.process` does both in one call, for one process (`newsmon backtest`, tests,
benchmarks): the outputs are the same.

Neither raises for a bad record: each returns the records to write (`Outgoing`: topic, key,
value bytes) and the alerts to announce. Together their contract is:

- undecodable bytes or a record that is not an Article -> one dead letter (`decode`/`contract`);
- any exception after decoding -> one dead letter (`processing`), the partition goes on;
- otherwise one ClassifiedArticle on `articles.classified` (keyed by article id) for EVERY
  article, exact duplicates included (their `duplicate_of` is set), so that each raw record
  yields exactly one classified or dead-letter record; plus, unless the article is an exact
  duplicate, one copy on `topic.<name>` per matched topic, the story's alerts (new, update)
  and the story as it now stands on `stories` (keyed by story id).

An article id read again at the SAME raw position is a replay after a crash and redoes what
its first reading did (same alert ids); at another position it is the article published again,
an exact duplicate (`streams.dedupe.index`). Stage 2 uses the raw position the enriched record
carries, never the enriched record's own.

With a burst detector (`streams.bursts`), each labelled topic of a non-duplicate article is
counted for that topic's rate of new stories (once per story), and the burst alerts it raises
are emitted like the story's own.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import orjson

from newsmon.contract import Article, ContractError
from newsmon.contract.alert import Alert
from newsmon.contract.records import ClassifiedArticle, ErrorKind, TopicMatch
from streams.agents.outcome import Outcome, Outgoing, dead_letter_outcome, process_raw
from streams.alerts import AlertPolicy, decide_alerts
from streams.channels import TopicNames
from streams.deadletter import SourceRecord
from streams.enriched import EnrichedRecord
from streams.metrics import WorkerMetrics
from streams.pipeline import Enriched
from streams.stories import StoryState

log = logging.getLogger(__name__)


class PipelineResultLike(Protocol):
    @property
    def classified(self) -> ClassifiedArticle: ...

    @property
    def exact_duplicate(self) -> bool: ...


class PipelineLike(Protocol):
    """`streams.pipeline.ArticlePipeline`: clean, de-duplicate and classify one article."""

    def process(
        self, article: Article, now: datetime, position: tuple[int, int] | None = None
    ) -> PipelineResultLike: ...

    def decide(
        self, enriched: Enriched, now: datetime, position: tuple[int, int] | None = None
    ) -> PipelineResultLike: ...


class BurstsLike(Protocol):
    """`streams.bursts.detector.BurstDetector`: counts a story once per topic, maybe a burst;
    a replay of the article that raised a burst gives the same alert again."""

    def observe(
        self, classified: ClassifiedArticle, match: TopicMatch, now: datetime
    ) -> Alert | None: ...


@dataclass(frozen=True, slots=True)
class StoryStep:
    """What one article did to its story: the state before (None: the article started it) and
    after, and the alerts decided (ids in `replayed` were re-emitted for a replayed article)."""

    before: StoryState | None
    after: StoryState
    alerts: tuple[Alert, ...]
    replayed: frozenset[str]


def story_step(
    classified: ClassifiedArticle,
    before: StoryState | None,
    policy_for: Callable[[str], AlertPolicy | None],
    now: datetime,
) -> StoryStep:
    """Add a (non-duplicate) article to its story and decide its alerts. Pure."""
    started = before or StoryState.start(classified.story_id, classified.article.title, now)
    decision = decide_alerts(classified, started.with_article(classified, now), policy_for, now)
    return StoryStep(before, decision.story, decision.alerts, decision.replayed)


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
        self._stories = stories
        self._policy_for = policy_for
        self._names = names
        self._metrics = metrics
        self._bursts = bursts

    def process(self, source: SourceRecord, now: datetime) -> Outcome:
        def both_stages(article: Article) -> Outcome:
            result = self._pipeline.process(article, now, (source.partition, source.offset))
            return self._classified(result, article, now)

        return process_raw(source, now, self._names, self._metrics, both_stages)

    def process_enriched(self, source: SourceRecord, now: datetime) -> Outcome:
        """Stage 2: an enriched record (`source`, as read from the enriched topic) in, the
        article's outputs out. The de-duplication index gets the RAW record's position. A dead
        letter names the raw record (topic, partition, offset, key) and carries the article as
        stage 1 cleaned it (`Outcome.origin`); one for an enriched record that cannot be
        decoded names that record, as read."""
        started = time.perf_counter()
        try:
            record = EnrichedRecord.decode(source.value)
        except ContractError as exc:
            outcome = self._dead(source, exc, now, "contract")
        else:
            article = record.enriched.article
            partition, offset = record.position
            key = None if record.keyless else source.key
            # The article's bytes only for a dead letter; from the wire object, which encodes
            # to what `article.to_json()` writes at a fraction of its cost.
            origin = SourceRecord(self._names.raw, partition, offset, key,
                                  orjson.dumps(record.wire))  # fmt: skip
            try:
                result = self._pipeline.decide(record.enriched, now, record.position)
                outcome = self._classified(result, article, now)
            except Exception as exc:
                log.exception("processing %s[%d]@%d failed", origin.topic, partition, offset)
                outcome = self._dead(origin, exc, now, "processing")
            outcome.origin = origin
        self._metrics.processing_seconds.observe(time.perf_counter() - started)
        return outcome

    def _dead(
        self, source: SourceRecord, exc: BaseException, now: datetime, kind: ErrorKind
    ) -> Outcome:
        return dead_letter_outcome(self._names, self._metrics, source, exc, now, kind)

    def _classified(self, result: PipelineResultLike, article: Article, now: datetime) -> Outcome:
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
        return outcome

    def _announce(self, classified: ClassifiedArticle, now: datetime, outcome: Outcome) -> None:
        """Add the article to its story; emit the story's alerts and its record.

        Everything is decided before the story state is stored: a hook that raises leaves the
        state as it was (the record is dead-lettered), never marked with an alert not sent."""
        story_id = classified.story_id
        step = story_step(
            classified, StoryState.from_dict(story_id, self._stories.get(story_id)),
            self._policy_for, now,
        )  # fmt: skip
        emitted = [(alert, alert.id in step.replayed) for alert in step.alerts]
        emitted += [(alert, False) for alert in self._burst_alerts(classified, now)]
        self._stories[story_id] = step.after.to_dict()
        if step.before is None:
            self._metrics.stories.inc()
        for alert, replay in emitted:
            self._emit(alert, replay=replay, now=now, outcome=outcome)
        story = step.after.to_story()
        outcome.outgoing.append(Outgoing(self._names.stories, story.key(), story.to_json()))

    def _burst_alerts(self, classified: ClassifiedArticle, now: datetime) -> list[Alert]:
        """The burst alerts the article's labelled topics raise (the detector counts a story
        the first time it is labelled with a topic, and only then)."""
        if self._bursts is None:
            return []
        found = (
            self._bursts.observe(classified, match, now)
            for match in classified.topics
            if match.name in self._names.topic_names
        )
        return [alert for alert in found if alert is not None]

    def _emit(self, alert: Alert, *, replay: bool, now: datetime, outcome: Outcome) -> None:
        outcome.outgoing.append(
            Outgoing(self._names.alerts, alert.key(), alert.to_json(), after_state=True)
        )
        outcome.alerts.append(alert)
        self._metrics.alerts.labels(topic=alert.topic, severity=alert.severity,
                                    kind=alert.kind).inc()  # fmt: skip
        if alert.kind == "new" and not replay:
            # Of the story's first article, as the alert states; a clock behind the
            # publisher's must not give a negative latency.
            for since, then in (("published", alert.published_at), ("fetched", alert.fetched_at)):
                if then is not None:
                    seconds = max((now - then).total_seconds(), 0.0)
                    self._metrics.alert_latency.labels(since=since).observe(seconds)
