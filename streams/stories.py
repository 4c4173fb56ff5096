"""What the worker remembers of a story, and how one article changes it. Pure functions.

The worker keeps one `StoryState` per story id in its `stories` table (JSON via `to_dict`).
`StoryState.with_article` adds an article that is not an exact duplicate; `to_story` gives the
`newsmon.contract.story.Story` record written to `newsmon.stories`.

Every step is idempotent for one article: processing the same article again (a replay after a
crash) gives the same state, so what the first processing decided is decided again.

State is bounded: at most `MAX_STORY_ARTICLES` articles (the first ones) and
`MAX_STORY_OUTLETS` outlet hosts (outlets are counted up to that many).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from newsmon.contract.records import ClassifiedArticle
from newsmon.contract.story import MAX_STORY_ARTICLES, MAX_STORY_OUTLETS, Story, StoryArticle
from newsmon.contract.story import StoryTopic as ContractStoryTopic
from newsmon.contract.timefmt import format_utc, parse_utc

MarkKind = Literal["new", "update"]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def outlet_of(feed_url: str) -> str:
    """The outlet of an article: its feed's host, lower case, without `www.`; the feed string
    itself when it has no host (a feed named without a URL)."""
    host = (urlsplit(feed_url).hostname or "").lower()
    return host.removeprefix("www.") or feed_url.strip().lower()


@dataclass(frozen=True, slots=True)
class TopicMark:
    """A topic the story was labelled with: its best score, and the article that first gave
    the story the topic with that article's event time (`published_at`)."""

    name: str
    max_score: float
    labelled_by: str
    labelled_at: datetime


@dataclass(frozen=True, slots=True)
class AlertMark:
    """An alert the story raised (or, `emitted=False`, an update count it passed without one:
    the story already had that many outlets when it first alerted). `article_id` is the
    article whose processing decided it: a replay of that article emits the alert again."""

    kind: MarkKind
    topic: str
    outlets: int  # the update's outlet count; 0 for `new`
    article_id: str
    alert_id: str
    emitted: bool = True


@dataclass(frozen=True, slots=True)
class StoryState:
    story_id: str
    title: str
    first_seen: datetime  # processing time of the first article
    last_updated: datetime  # processing time of the latest article (drives expiry)
    articles: tuple[StoryArticle, ...] = ()
    hosts: tuple[str, ...] = ()
    topics: tuple[TopicMark, ...] = ()
    marks: tuple[AlertMark, ...] = ()
    first_fetched_at: datetime | None = None

    @classmethod
    def start(cls, story_id: str, title: str, now: datetime) -> StoryState:
        return cls(story_id, title, now, now)

    @property
    def outlets(self) -> int:
        return len(self.hosts)

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.articles)

    @property
    def alert_ids(self) -> tuple[str, ...]:
        return tuple(m.alert_id for m in self.marks if m.emitted)

    @property
    def first_published_at(self) -> datetime | None:
        return self.articles[0].published_at if self.articles else None

    @property
    def first_url(self) -> str:
        return self.articles[0].url if self.articles else ""

    def mark(self, kind: MarkKind, topic: str, outlets: int = 0) -> AlertMark | None:
        return next(
            (m for m in self.marks if (m.kind, m.topic, m.outlets) == (kind, topic, outlets)),
            None,
        )

    def topic(self, name: str) -> TopicMark | None:
        return next((t for t in self.topics if t.name == name), None)

    def with_article(self, classified: ClassifiedArticle, now: datetime) -> StoryState:
        """The story with `classified` (not an exact duplicate) added: its article (while
        fewer than MAX_STORY_ARTICLES), its outlet, its topics' scores. Idempotent."""
        article = classified.article
        articles = self.articles
        if article.id not in self.article_ids and len(articles) < MAX_STORY_ARTICLES:
            entry = StoryArticle(
                article.id, article.feed, article.url, article.title, article.published_at
            )
            articles = (*articles, entry)
        hosts = self.hosts
        outlet = outlet_of(article.feed)
        if outlet not in hosts and len(hosts) < MAX_STORY_OUTLETS:
            hosts = (*hosts, outlet)
        topics = list(self.topics)
        for match in classified.topics:
            known = self.topic(match.name)
            if known is None:
                topics.append(TopicMark(match.name, match.score, article.id, article.published_at))
            elif match.score > known.max_score:
                topics[topics.index(known)] = replace(known, max_score=match.score)
        first_fetched = self.first_fetched_at
        if not self.articles and first_fetched is None:
            first_fetched = article.fetched_at
        return replace(
            self,
            title=self.title if self.articles else article.title,
            last_updated=max(self.last_updated, now),
            articles=articles,
            hosts=hosts,
            topics=tuple(topics),
            first_fetched_at=first_fetched,
        )

    def with_marks(self, marks: tuple[AlertMark, ...]) -> StoryState:
        return replace(self, marks=self.marks + marks) if marks else self

    def to_story(self) -> Story:
        """The record for `newsmon.stories`."""
        return Story(
            story_id=self.story_id,
            title=self.title,
            first_seen=self.first_seen,
            last_updated=self.last_updated,
            articles=self.articles,
            outlets=max(self.outlets, 1),
            topics=tuple(ContractStoryTopic(t.name, t.max_score) for t in self.topics),
            alert_ids=self.alert_ids,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "v": 2,
            "title": self.title,
            "first_seen": format_utc(self.first_seen),
            "last_updated": format_utc(self.last_updated),
            "first_fetched_at": _time_or_none(self.first_fetched_at),
            "articles": [a.to_dict() for a in self.articles],
            "hosts": list(self.hosts),
            "topics": [
                [t.name, t.max_score, t.labelled_by, format_utc(t.labelled_at)] for t in self.topics
            ],
            "marks": [
                [m.kind, m.topic, m.outlets, m.article_id, m.alert_id, m.emitted]
                for m in self.marks
            ],
        }

    @classmethod
    def from_dict(cls, story_id: str, data: Any) -> StoryState | None:
        """Rebuild from the table's JSON value; None when there is none. A value that cannot be
        read raises ValueError (the processor dead-letters the record, so nothing is lost
        silently); a value of the earlier layout (`article_ids`, `alerted_by`) is converted."""
        if data is None:
            return None
        if not isinstance(data, dict):
            raise ValueError(f"story {story_id}: unreadable state {type(data).__name__}")
        if data.get("v") != 2:
            return _from_legacy(story_id, data)
        try:
            return cls(
                story_id=story_id,
                title=str(data["title"]),
                first_seen=parse_utc(data["first_seen"]),
                last_updated=parse_utc(data["last_updated"]),
                first_fetched_at=(
                    parse_utc(data["first_fetched_at"]) if data.get("first_fetched_at") else None
                ),
                articles=tuple(StoryArticle.from_dict(a) for a in data["articles"]),
                hosts=tuple(str(h) for h in data["hosts"]),
                topics=tuple(
                    TopicMark(str(name), float(score), str(by), parse_utc(at))
                    for name, score, by, at in data["topics"]
                ),
                marks=tuple(
                    AlertMark(
                        kind, str(topic), int(outlets), str(article), str(alert), bool(emitted)
                    )
                    for kind, topic, outlets, article, alert, emitted in data["marks"]
                ),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"story {story_id}: unreadable state: {exc!r}") from exc


def _time_or_none(value: datetime | None) -> str | None:
    return None if value is None else format_utc(value)


def _from_legacy(story_id: str, data: dict[str, Any]) -> StoryState:
    """A story written before stories were records: its article ids and alerted topics.

    Its articles' details were never kept, so they appear with empty fields; its alerts are
    kept as raised by an unknown article, so the story never alerts again on those topics."""
    from newsmon.contract.alert import alert_id  # the id the old code gave the alert

    seen = float(data.get("last_seen", 0.0) or 0.0)
    when = datetime.fromtimestamp(seen, UTC) if seen > 0 else _EPOCH
    ids = data.get("article_ids", [])
    alerted = data.get("alerted_by", {})
    if "alerted_by" not in data and isinstance(data.get("alerted_topics"), list):
        alerted = dict.fromkeys(map(str, data["alerted_topics"]), "")
    articles = tuple(
        StoryArticle(str(i), "", "", "", when) for i in (ids if isinstance(ids, list) else [])
    )[:MAX_STORY_ARTICLES]
    marks = tuple(
        AlertMark("new", str(topic), 0, str(article), alert_id(str(topic), story_id))
        for topic, article in (alerted.items() if isinstance(alerted, dict) else [])
    )
    return StoryState(story_id, "", when, when, articles=articles, marks=marks)
