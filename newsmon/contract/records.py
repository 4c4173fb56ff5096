"""Wire records of the worker's classified articles and dead letters, and the shared enums;
layouts documented by `schemas/*.schema.json`. Alerts are in `alert`, stories in `story`."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import orjson

from newsmon.contract import Article, ContractError, format_utc, parse_utc
from newsmon.contract.article import article_fields

SCHEMA_VERSION = 1
Field = Literal["title", "summary", "content"]
Severity = Literal["info", "warning", "critical"]
ErrorKind = Literal["decode", "contract", "processing"]


def _dumps(data: dict[str, Any]) -> bytes:
    # The bytes json.dumps(ensure_ascii=False, separators=(",", ":")) writes, key order and
    # float formatting included (bench/bench_pipeline.py compares them on the corpus).
    return orjson.dumps(data)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One matched term: which configured term, in which field, at which character offsets."""

    term: str
    field: Field
    start: int
    end: int
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "weight": self.weight,
        }


@dataclass(frozen=True, slots=True)
class TopicMatch:
    name: str
    score: float
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "score": round(self.score, 4),
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class ClassifiedArticle:
    article: Article
    topics: tuple[TopicMatch, ...]
    story_id: str
    duplicate_of: str | None
    classified_at: datetime
    # GDELT GKG themes and "CAMEO:<code>" event codes of the assigned topics (topics.yaml
    # `gdelt`), so the output can be joined with GDELT data. Optional on the wire: added
    # within schema version 1, absent from records written before.
    themes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "article": self.article.to_dict(),
            "topics": [t.to_dict() for t in self.topics],
            "story_id": self.story_id,
            "duplicate_of": self.duplicate_of,
            "classified_at": format_utc(self.classified_at),
            "themes": list(self.themes),
        }

    def to_json(self) -> bytes:
        return _dumps(self.to_dict())

    @classmethod
    def from_json(cls, raw: bytes | str) -> ClassifiedArticle:
        data = orjson.loads(raw)
        if data.get("schema_version") != SCHEMA_VERSION:
            raise ContractError(f"field 'schema_version' must be {SCHEMA_VERSION}")
        topics = tuple(
            TopicMatch(
                name=t["name"],
                score=float(t["score"]),
                evidence=tuple(Evidence(**e) for e in t["evidence"]),
            )
            for t in data["topics"]
        )
        return cls(
            article=Article(**article_fields(data["article"])),
            topics=topics,
            story_id=data["story_id"],
            duplicate_of=data["duplicate_of"],
            classified_at=parse_utc(data["classified_at"]),
            themes=tuple(data.get("themes") or ()),
        )


@dataclass(frozen=True, slots=True)
class DeadLetter:
    reason: str
    error_kind: ErrorKind
    topic: str
    partition: int
    offset: int
    key: bytes | None
    payload: bytes
    failed_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "reason": self.reason,
            "error_kind": self.error_kind,
            "topic": self.topic,
            "partition": self.partition,
            "offset": self.offset,
            "key": None if self.key is None else self.key.decode("utf-8", "replace"),
            "payload": base64.b64encode(self.payload).decode("ascii"),
            "failed_at": format_utc(self.failed_at),
        }

    def to_json(self) -> bytes:
        return _dumps(self.to_dict())
