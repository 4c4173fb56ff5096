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

from streams.contract import Alert, ClassifiedArticle, alert_id
from streams.contract.records import Severity

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
    """What the worker remembers of a story: its articles and the topics it already alerted."""

    article_ids: tuple[str, ...] = ()
    alerted_topics: tuple[str, ...] = ()
    last_seen: float = 0.0  # POSIX seconds of the latest article, for expiry

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_ids": list(self.article_ids),
            "alerted_topics": list(self.alerted_topics),
            "last_seen": self.last_seen,
        }

    @classmethod
    def from_dict(cls, data: Any) -> StoryRecord:
        """Rebuild from the table's JSON value; anything unreadable counts as a fresh story."""
        if not isinstance(data, dict):
            return cls()
        ids = data.get("article_ids", [])
        alerted = data.get("alerted_topics", [])
        last_seen = data.get("last_seen", 0.0)
        return cls(
            article_ids=tuple(str(i) for i in ids) if isinstance(ids, list) else (),
            alerted_topics=tuple(str(t) for t in alerted) if isinstance(alerted, list) else (),
            last_seen=float(last_seen) if isinstance(last_seen, int | float) else 0.0,
        )

    def with_article(self, article_id: str, seen_at: float) -> StoryRecord:
        ids = self.article_ids
        if article_id not in ids and len(ids) < MAX_STORY_ARTICLES:
            ids = (*ids, article_id)
        return StoryRecord(ids, self.alerted_topics, max(self.last_seen, seen_at))

    def with_alerted(self, topics: Iterable[str]) -> StoryRecord:
        alerted = self.alerted_topics + tuple(t for t in topics if t not in self.alerted_topics)
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
    """Alerts for the topics whose score reaches their `alert_threshold` and that this story
    has not alerted yet, plus the story record with the article (and those topics) added.

    `policy_for(name)` gives the topic's definition, or None for a topic no longer configured
    (never alerted). Alert ids are `alert_id(topic, story_id)`, so a replay re-emits the same id.
    """
    updated = story.with_article(classified.article.id, now.timestamp())
    alerts: list[Alert] = []
    for match in classified.topics:
        policy = policy_for(match.name)
        if policy is None or match.name in updated.alerted_topics:
            continue
        if match.score < policy.alert_threshold:
            continue
        alerts.append(
            Alert(
                id=alert_id(match.name, classified.story_id),
                topic=match.name,
                severity=policy.severity,
                reason=f"score {match.score:.2f} >= alert threshold {policy.alert_threshold:.2f}",
                article_ids=updated.article_ids,
                story_id=classified.story_id,
                title=classified.article.title,
                url=classified.article.url,
                score=match.score,
                created_at=now,
            )
        )
    updated = updated.with_alerted(a.topic for a in alerts)
    return AlertDecision(tuple(alerts), updated)


def alert_line(alert: Alert) -> str:
    """One line for a terminal: `ALERT [severity] topic: title (url)`, no line breaks inside."""
    title = " ".join(alert.title.split()) or "(untitled)"
    return f"ALERT [{alert.severity}] {alert.topic}: {title} ({alert.url})"
