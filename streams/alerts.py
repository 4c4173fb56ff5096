"""The alert rules, pure functions over plain data (tested without Kafka, reused by the CLI).

- `new`: once per story and topic, when an article's score passes the topic's
  `alert_threshold` (`alert_id(topic, story_id)`).
- `update`: once per story, topic and count in the topic's `update_at_outlets`, when a story
  that alerted on the topic reaches that many distinct outlets
  (`update_alert_id(topic, story_id, count)`), at the topic's `escalate_to` severity if set.
  Counts the story had already passed when it first alerted raise no update (the `new` alert
  states its outlets); when one article passes several counts, only the highest alerts.

`decide_alerts` takes the story state AFTER the article was added (`StoryState.with_article`)
and returns the alerts and the state with their marks. Every alert is marked with the article
that raised it, so a replay of that article (after a crash) emits it again with the same id,
and no other article ever does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from newsmon.contract.alert import Alert, alert_id, update_alert_id
from newsmon.contract.records import ClassifiedArticle, Severity, TopicMatch
from streams.stories import AlertMark, StoryState


class AlertPolicy(Protocol):
    """What the rules need from a topic definition."""

    @property
    def alert_threshold(self) -> float: ...

    @property
    def severity(self) -> Severity: ...

    @property
    def update_at_outlets(self) -> Sequence[int]: ...

    @property
    def escalate_to(self) -> Severity | None: ...


@dataclass(frozen=True, slots=True)
class AlertDecision:
    alerts: tuple[Alert, ...]
    story: StoryState
    replayed: frozenset[str] = frozenset()  # ids of `alerts` re-emitted for a replayed article


def decide_alerts(
    classified: ClassifiedArticle,
    story: StoryState,
    policy_for: Callable[[str], AlertPolicy | None],
    now: datetime,
) -> AlertDecision:
    """The `new` and `update` alerts `classified` raises in `story` (which already holds it).

    `policy_for(name)` gives the topic's definition, or None for a topic no longer configured
    (never alerted)."""
    article_id = classified.article.id
    alerts: list[Alert] = []
    replayed: set[str] = set()
    marks: list[AlertMark] = []
    for match in classified.topics:
        policy = policy_for(match.name)
        if policy is None:
            continue
        mark = story.mark("new", match.name)
        if mark is not None:
            if mark.article_id == article_id:  # a replay of the alerting article
                alerts.append(_new_alert(classified, match, policy, story, mark.alert_id, now))
                replayed.add(mark.alert_id)
            continue
        if match.score < policy.alert_threshold:
            continue
        alert = _new_alert(classified, match, policy, story, alert_id(match.name, story.story_id),
                           now)  # fmt: skip
        alerts.append(alert)
        marks.append(AlertMark("new", match.name, 0, article_id, alert.id))
    story = story.with_marks(tuple(marks))
    for mark in [m for m in story.marks if m.kind == "new"]:
        policy = policy_for(mark.topic)
        if policy is None:
            continue
        updates, update_marks, again = _updates(classified, story, mark, policy, now)
        alerts.extend(updates)
        replayed.update(again)
        story = story.with_marks(update_marks)
    return AlertDecision(tuple(alerts), story, frozenset(replayed))


def _updates(
    classified: ClassifiedArticle, story: StoryState, new: AlertMark, policy: AlertPolicy,
    now: datetime,
) -> tuple[list[Alert], tuple[AlertMark, ...], set[str]]:  # fmt: skip
    """The update alerts of one alerted topic, the marks to add, the ids re-emitted."""
    article_id = classified.article.id
    alerts: list[Alert] = []
    again: set[str] = set()
    crossed: list[int] = []
    for count in policy.update_at_outlets:
        if count > story.outlets:
            continue
        mark = story.mark("update", new.topic, count)
        if mark is None:
            crossed.append(count)
        elif mark.article_id == article_id and mark.emitted:
            alerts.append(_update_alert(classified, story, new.topic, count, policy, now))
            again.add(mark.alert_id)
    # Passed when the story first alerted on the topic (this very article raised the new
    # alert), or several at once: only the highest count crossed now alerts.
    emit = None if new.article_id == article_id or not crossed else max(crossed)
    marks = tuple(
        AlertMark("update", new.topic, count, article_id,
                  update_alert_id(new.topic, story.story_id, count), emitted=count == emit)
        for count in crossed
    )  # fmt: skip
    if emit is not None:
        alerts.append(_update_alert(classified, story, new.topic, emit, policy, now))
    return alerts, marks, again


def _new_alert(
    classified: ClassifiedArticle, match: TopicMatch, policy: AlertPolicy, story: StoryState,
    id_: str, now: datetime,
) -> Alert:  # fmt: skip
    article = classified.article
    return Alert(
        id=id_,
        kind="new",
        topic=match.name,
        severity=policy.severity,
        reason=f"score {match.score:.2f} >= alert threshold {policy.alert_threshold:.2f}",
        article_ids=story.article_ids,
        story_id=story.story_id,
        story_ids=(story.story_id,),
        title=article.title,
        url=article.url,
        score=match.score,
        outlets=max(story.outlets, 1),
        terms=_terms(match),
        published_at=story.first_published_at or article.published_at,
        fetched_at=story.first_fetched_at or article.fetched_at,
        created_at=now,
    )


def _update_alert(
    classified: ClassifiedArticle, story: StoryState, topic: str, count: int,
    policy: AlertPolicy, now: datetime,
) -> Alert:  # fmt: skip
    match = next((m for m in classified.topics if m.name == topic), None)
    known = story.topic(topic)
    return Alert(
        id=update_alert_id(topic, story.story_id, count),
        kind="update",
        topic=topic,
        severity=policy.escalate_to or policy.severity,
        reason=f"story reached {story.outlets} outlets (update at {count})",
        article_ids=story.article_ids,
        story_id=story.story_id,
        story_ids=(story.story_id,),
        title=story.title,
        url=story.first_url or classified.article.url,
        score=known.max_score if known is not None else 0.0,
        outlets=story.outlets,
        terms=_terms(match) if match is not None else (),
        published_at=story.first_published_at,
        fetched_at=story.first_fetched_at,
        created_at=now,
    )


def _terms(match: TopicMatch) -> tuple[str, ...]:
    """The distinct evidence terms of a match, strongest first."""
    ordered = sorted(match.evidence, key=lambda e: -e.weight)
    return tuple(dict.fromkeys(e.term for e in ordered if e.weight > 0))


def alert_line(alert: Alert) -> str:
    """One line for a terminal, no line breaks inside: `ALERT [severity] topic: title (url)`
    for a new alert; `ALERT update [...] ... — N outlets` and `ALERT burst [...] ... — N new
    stories` for the other kinds."""
    title = " ".join(alert.title.split()) or "(untitled)"
    line = f"[{alert.severity}] {alert.topic}: {title} ({alert.url})"
    if alert.kind == "update":
        return f"ALERT update {line} — {alert.outlets} outlets"
    if alert.kind == "burst":
        count = alert.burst.count if alert.burst is not None else len(alert.story_ids)
        return f"ALERT burst {line} — {count} new stories"
    return f"ALERT {line}"
