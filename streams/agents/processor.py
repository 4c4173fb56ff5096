"""What the worker does with one raw record, free of faust so it is tested on its own.

`RecordProcessor.process(source, now)` never raises for a bad record: it returns the records
to write (`Outgoing`: topic, key, value bytes) and the alerts to announce. Its contract:

- undecodable bytes or a record that is not an Article -> one dead letter (`decode`/`contract`);
- any exception after decoding -> one dead letter (`processing`), the partition goes on;
- otherwise one ClassifiedArticle on `articles.classified` (keyed by article id) for EVERY
  article, exact duplicates included (their `duplicate_of` is set), so that each raw record
  yields exactly one classified or dead-letter record; plus, unless the article is an exact
  duplicate, one copy on `topic.<name>` per matched topic, the story's alerts (new, update)
  and the story as it now stands on `stories` (keyed by story id).

An article id read again at the SAME raw position is a replay after a crash and redoes what
its first reading did (same alert ids); at another position it is the article published again,
an exact duplicate (`streams.dedupe.index`).

Extension point for rate-based alerts (bursts): `StoryStep.first_labels` lists the topics the
article gave its story first, with the event time; `RecordProcessor` hands each to its
`label_hooks`, and emits the alerts they return like its own (see `LabelHook`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from newsmon.contract import Article, ContractError
from newsmon.contract.alert import Alert
from newsmon.contract.records import ClassifiedArticle, ErrorKind
from streams.alerts import AlertPolicy, decide_alerts
from streams.channels import TopicNames
from streams.deadletter import SourceRecord, dead_letter, error_kind
from streams.metrics import WorkerMetrics
from streams.stories import FirstLabel, StoryState

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


@dataclass(frozen=True, slots=True)
class Outgoing:
    topic: str
    key: bytes
    value: bytes


@dataclass(slots=True)
class Outcome:
    outgoing: list[Outgoing] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoryStep:
    """What one article did to its story: the state before (None: the article started it) and
    after, the alerts decided (ids in `replayed` were re-emitted for a replayed article), and
    the topics the article labelled the story with first."""

    before: StoryState | None
    after: StoryState
    alerts: tuple[Alert, ...]
    replayed: frozenset[str]
    first_labels: tuple[FirstLabel, ...]


# Told of each (story, topic) first labelling, with the processing time; returns the alerts
# to emit (e.g. a burst), each with a deterministic id. Called again, with `label.replay` set,
# when the labelling article is replayed; such alerts count as replays (no latency observed).
LabelHook = Callable[[FirstLabel, datetime], Iterable[Alert]]


def story_step(
    classified: ClassifiedArticle,
    before: StoryState | None,
    policy_for: Callable[[str], AlertPolicy | None],
    now: datetime,
) -> StoryStep:
    """Add a (non-duplicate) article to its story and decide its alerts. Pure."""
    started = before or StoryState.start(classified.story_id, classified.article.title, now)
    decision = decide_alerts(classified, started.with_article(classified, now), policy_for, now)
    labels = decision.story.first_labels(classified.article.id, before)
    return StoryStep(before, decision.story, decision.alerts, decision.replayed, labels)


class RecordProcessor:
    """Turns raw records into output records; the story table is any MutableMapping."""

    def __init__(
        self,
        pipeline: PipelineLike,
        stories: MutableMapping[str, Any],
        policy_for: Callable[[str], AlertPolicy | None],
        names: TopicNames,
        metrics: WorkerMetrics,
        label_hooks: Sequence[LabelHook] = (),
    ) -> None:
        self._pipeline = pipeline
        self._stories = stories
        self._policy_for = policy_for
        self._names = names
        self._metrics = metrics
        self._label_hooks = tuple(label_hooks)

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
                outcome = self._classified(article, now, (source.partition, source.offset))
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

    def _classified(self, article: Article, now: datetime, position: tuple[int, int]) -> Outcome:
        result = self._pipeline.process(article, now, position)
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
        for label in step.first_labels:
            emitted += [(alert, label.replay) for alert in self._labelled(label, now)]
        self._stories[story_id] = step.after.to_dict()
        if step.before is None:
            self._metrics.stories.inc()
        for alert, replay in emitted:
            self._emit(alert, replay=replay, now=now, outcome=outcome)
        story = step.after.to_story()
        outcome.outgoing.append(Outgoing(self._names.stories, story.key(), story.to_json()))

    def _labelled(self, label: FirstLabel, now: datetime) -> list[Alert]:
        """THE place where "story S was first labelled with topic T at event time E" is known
        (once per story and topic; again with `label.replay` when that article is replayed).
        Rate-based detectors hook in here through `label_hooks`; their alerts are emitted
        like the story's own."""
        return [alert for hook in self._label_hooks for alert in hook(label, now)]

    def _emit(self, alert: Alert, *, replay: bool, now: datetime, outcome: Outcome) -> None:
        outcome.outgoing.append(Outgoing(self._names.alerts, alert.key(), alert.to_json()))
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
