"""`Story`: one evolving record per story on the compacted topic `newsmon.stories` (key: story id).

Written when a story starts and each time it gains an article, so a downstream app that keeps
the latest record per key always holds the story as it stands. Schema `schemas/story.schema.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from newsmon.contract.article import ContractError
from newsmon.contract.timefmt import format_utc, parse_utc

STORY_SCHEMA_VERSION = 1
# A story that keeps growing (a live blog, a wire piece syndicated everywhere) must not grow its
# record without bound: the first articles name it, the count of outlets says how far it spread.
MAX_STORY_ARTICLES = 50
# Outlets are counted up to this many distinct feed hosts (the worker keeps the hosts to tell a
# new outlet from a known one); a topic's `update_at_outlets` cannot ask for more.
MAX_STORY_OUTLETS = 100


@dataclass(frozen=True, slots=True)
class StoryArticle:
    id: str
    feed: str
    url: str
    title: str
    published_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "feed": self.feed,
            "url": self.url,
            "title": self.title,
            "published_at": format_utc(self.published_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryArticle:
        """From `to_dict`'s form; raises KeyError or ValueError on anything else."""
        return cls(
            str(data["id"]),
            str(data["feed"]),
            str(data["url"]),
            str(data["title"]),
            parse_utc(data["published_at"]),
        )


@dataclass(frozen=True, slots=True)
class StoryTopic:
    name: str
    max_score: float

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "max_score": round(self.max_score, 4)}


@dataclass(frozen=True, slots=True)
class Story:
    story_id: str
    title: str  # of its first article
    first_seen: datetime
    last_updated: datetime
    articles: tuple[StoryArticle, ...]  # the first MAX_STORY_ARTICLES, in arrival order
    outlets: int  # distinct outlets, counted by feed host
    topics: tuple[StoryTopic, ...]
    alert_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": STORY_SCHEMA_VERSION,
            "story_id": self.story_id,
            "title": self.title,
            "first_seen": format_utc(self.first_seen),
            "last_updated": format_utc(self.last_updated),
            "articles": [a.to_dict() for a in self.articles],
            "outlets": self.outlets,
            "topics": [t.to_dict() for t in self.topics],
            "alert_ids": list(self.alert_ids),
        }

    def to_json(self) -> bytes:
        return orjson.dumps(self.to_dict())  # the bytes json.dumps(ensure_ascii=False) writes

    def key(self) -> bytes:
        return self.story_id.encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes | str) -> Story:
        """Raises ContractError naming what is wrong."""
        try:
            data = json.loads(raw)
            if data.get("schema_version") != STORY_SCHEMA_VERSION:
                raise ContractError(f"field 'schema_version' must be {STORY_SCHEMA_VERSION}")
            return cls(
                story_id=str(data["story_id"]),
                title=str(data["title"]),
                first_seen=parse_utc(data["first_seen"]),
                last_updated=parse_utc(data["last_updated"]),
                articles=tuple(StoryArticle.from_dict(a) for a in data["articles"]),
                outlets=int(data["outlets"]),
                topics=tuple(
                    StoryTopic(str(t["name"]), float(t["max_score"])) for t in data["topics"]
                ),
                alert_ids=tuple(str(i) for i in data["alert_ids"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            if isinstance(exc, ContractError):
                raise
            raise ContractError(f"not a story: {exc!r}") from exc
