"""The alert rule: once per story and topic, when an article's score passes the alert threshold.

Pure functions over plain data, so the rule is tested without Kafka and reused by the CLI.
The worker keeps one `StoryRecord` per story id in a table; `decide_alerts` reads it and
returns the alerts to emit together with the updated record to store back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from newsmon.contract.alert import Alert, alert_id
from newsmon.contract.records import ClassifiedArticle, Severity, TopicMatch

# A story that keeps growing (a live blog, a syndicated wire piece) must not grow its record
# without bound; the first articles are the ones an alert names anyway.
MAX_STORY_ARTICLES = 50


class AlertPolicy(Protocol):
    """What the rule needs from a topic definition."""

    @property
    def alert_threshold(self) -> float: ...

    @property
    def severity(self) -> Severity: ...


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """What the worker remembers of a story: its articles, and for each topic it alerted,
    the article that raised the alert.

    Remembering the article (not just the topic) makes a replay safe: the story's record may
    reach Kafka before the alert does, and when the worker then re-reads that same article
    after a crash it must emit the alert again (same id), not skip it.
    """

    article_ids: tuple[str, ...] = ()
    alerted_by: tuple[tuple[str, str], ...] = ()  # (topic, article id), in alert order
    last_seen: float = 0.0  # POSIX seconds of the latest article, for expiry

    @property
    def alerted_topics(self) -> tuple[str, ...]:
        return tuple(topic for topic, _ in self.alerted_by)

    def alerted_with(self, topic: str) -> str | None:
        """The id of the article that raised this story's alert on `topic`, if one did."""
        return next((article for name, article in self.alerted_by if name == topic), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_ids": list(self.article_ids),
            "alerted_by": dict(self.alerted_by),
            "last_seen": self.last_seen,
        }

    @classmethod
    def from_dict(cls, data: Any) -> StoryRecord:
        """Rebuild from the table's JSON value; anything unreadable counts as a fresh story."""
        if not isinstance(data, dict):
            return cls()
        ids = data.get("article_ids", [])
        alerted = data.get("alerted_by", {})
        if "alerted_by" not in data and isinstance(data.get("alerted_topics"), list):
            # Written before the alerting article was kept: alerted by an unknown article.
            alerted = {str(topic): "" for topic in data["alerted_topics"]}
        last_seen = data.get("last_seen", 0.0)
        return cls(
            article_ids=tuple(str(i) for i in ids) if isinstance(ids, list) else (),
            alerted_by=(
                tuple((str(t), str(a)) for t, a in alerted.items())
                if isinstance(alerted, dict)
                else ()
            ),
            last_seen=float(last_seen) if isinstance(last_seen, int | float) else 0.0,
        )

    def with_article(self, article_id: str, seen_at: float) -> StoryRecord:
        ids = self.article_ids
        if article_id not in ids and len(ids) < MAX_STORY_ARTICLES:
            ids = (*ids, article_id)
        return StoryRecord(ids, self.alerted_by, max(self.last_seen, seen_at))

    def with_alerted(self, topics: Iterable[str], article_id: str) -> StoryRecord:
        known = self.alerted_topics
        alerted = self.alerted_by + tuple((t, article_id) for t in topics if t not in known)
        return StoryRecord(self.article_ids, alerted, self.last_seen)


@dataclass(frozen=True, slots=True)
class AlertDecision:
    alerts: tuple[Alert, ...]
    story: StoryRecord


def decide_alerts(
    classified: ClassifiedArticle,
    story: StoryRecord,
    policy_for: Callable[[str], AlertPolicy | None],
    now: datetime,
) -> AlertDecision:
    """Alerts for the topics whose score reaches their `alert_threshold` and that no other
    article of this story has alerted yet, plus the story record with the article (and those
    topics) added. The article that raised an alert raises it again when replayed.

    `policy_for(name)` gives the topic's definition, or None for a topic no longer configured
    (never alerted). Alert ids are `alert_id(topic, story_id)`, so a replay re-emits the same id.
    """
    article_id = classified.article.id
    updated = story.with_article(article_id, now.timestamp())
    alerts: list[Alert] = []
    for match in classified.topics:
        policy = policy_for(match.name)
        if policy is None:
            continue
        alerted_with = updated.alerted_with(match.name)
        if alerted_with is not None and alerted_with != article_id:
            continue  # another article of the story raised it: once per story
        # alerted_with == article_id: a replay of the alerting article; emit the same alert.
        if match.score < policy.alert_threshold:
            continue
        alerts.append(
            Alert(
                id=alert_id(match.name, classified.story_id),
                kind="new",
                topic=match.name,
                severity=policy.severity,
                reason=f"score {match.score:.2f} >= alert threshold {policy.alert_threshold:.2f}",
                article_ids=updated.article_ids,
                story_id=classified.story_id,
                story_ids=(classified.story_id,),
                title=classified.article.title,
                url=classified.article.url,
                score=match.score,
                outlets=1,
                terms=_terms(match),
                published_at=classified.article.published_at,
                fetched_at=classified.article.fetched_at,
                created_at=now,
            )
        )
    updated = updated.with_alerted((a.topic for a in alerts), article_id)
    return AlertDecision(tuple(alerts), updated)


def _terms(match: TopicMatch) -> tuple[str, ...]:
    """The distinct evidence terms of a match, strongest first."""
    ordered = sorted(match.evidence, key=lambda e: -e.weight)
    return tuple(dict.fromkeys(e.term for e in ordered if e.weight > 0))


def alert_line(alert: Alert) -> str:
    """One line for a terminal: `ALERT [severity] topic: title (url)`, no line breaks inside."""
    title = " ".join(alert.title.split()) or "(untitled)"
    return f"ALERT [{alert.severity}] {alert.topic}: {title} ({alert.url})"
