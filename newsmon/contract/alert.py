"""`Alert`: what newsmon raises on `newsmon.alerts`, keyed by id (`schemas/alert.schema.json`).

Three kinds: `new` (a story's first article passed a topic's alert threshold), `update` (an alerted
story reached one of the topic's outlet counts) and `burst` (a topic's rate of new stories rose
far above its own baseline). Every id is deterministic, so a replay after a crash rewrites the
same alert instead of raising a second one; readers de-duplicate by `id`.

Schema version 2 added `kind`, `outlets`, `terms`, `published_at`, `fetched_at`, `story_ids` and
`burst`, and made `story_id` null for bursts. `Alert.from_json` reads version 1 records as `new`
alerts of one outlet.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

import orjson

from newsmon.contract.article import ContractError
from newsmon.contract.records import Severity
from newsmon.contract.timefmt import format_utc, parse_utc

ALERT_SCHEMA_VERSION = 2
AlertKind = Literal["new", "update", "burst"]
ALERT_KINDS: tuple[AlertKind, ...] = get_args(AlertKind)
SEVERITIES: tuple[Severity, ...] = get_args(Severity)


def _hash(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def alert_id(topic: str, story_id: str) -> str:
    """The `new` alert of a story on a topic (unchanged since schema 1)."""
    return _hash(f"alert:{topic}", story_id)


def update_alert_id(topic: str, story_id: str, outlets: int) -> str:
    """The `update` alert a story raises on reaching `outlets` distinct outlets."""
    return _hash(f"update:{topic}", story_id, str(outlets))


def burst_alert_id(topic: str, window_start: datetime) -> str:
    """The one `burst` alert a topic may raise for the window starting at `window_start`."""
    return _hash(f"burst:{topic}", format_utc(window_start))


@dataclass(frozen=True, slots=True)
class Burst:
    """The evidence of a burst: new stories counted in the window against the topic's baseline."""

    window_start: datetime
    window_end: datetime
    count: int
    expected: float  # the baseline's mean count for a window of this length
    p_value: float  # Poisson tail probability of `count` or more given `expected`

    def to_dict(self) -> dict[str, Any]:
        return {
            "window_start": format_utc(self.window_start),
            "window_end": format_utc(self.window_end),
            "count": self.count,
            "expected": round(self.expected, 4),
            "p_value": self.p_value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Burst:
        return cls(
            window_start=parse_utc(data["window_start"]),
            window_end=parse_utc(data["window_end"]),
            count=int(data["count"]),
            expected=float(data["expected"]),
            p_value=float(data["p_value"]),
        )


@dataclass(frozen=True, slots=True)
class Alert:
    id: str
    kind: AlertKind
    topic: str
    severity: Severity
    reason: str
    story_id: str | None  # None for a burst, which names its stories in `story_ids`
    story_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    title: str
    url: str
    score: float
    outlets: int  # distinct outlets (feed hosts) of the story; for a burst, of its stories
    terms: tuple[str, ...]  # the evidence terms of the alerting article, strongest first
    published_at: datetime | None  # of the story's first article (burst: of the window's first)
    fetched_at: datetime | None
    created_at: datetime
    burst: Burst | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": ALERT_SCHEMA_VERSION,
            "id": self.id,
            "kind": self.kind,
            "topic": self.topic,
            "severity": self.severity,
            "reason": self.reason,
            "story_id": self.story_id,
            "story_ids": list(self.story_ids),
            "article_ids": list(self.article_ids),
            "title": self.title,
            "url": self.url,
            "score": round(self.score, 4),
            "outlets": self.outlets,
            "terms": list(self.terms),
            "published_at": None if self.published_at is None else format_utc(self.published_at),
            "fetched_at": None if self.fetched_at is None else format_utc(self.fetched_at),
            "created_at": format_utc(self.created_at),
            "burst": None if self.burst is None else self.burst.to_dict(),
        }

    def to_json(self) -> bytes:
        return orjson.dumps(self.to_dict())  # the bytes json.dumps(ensure_ascii=False) writes

    def key(self) -> bytes:
        return self.id.encode("ascii")

    @classmethod
    def from_json(cls, raw: bytes | str) -> Alert:
        """Read an alert of schema 1 or 2; raises ContractError naming what is wrong."""
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise ContractError(f"not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise ContractError("an alert must be a JSON object")
        try:
            return cls._from_dict(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise ContractError(f"not an alert: {exc!r}") from exc

    @classmethod
    def _from_dict(cls, data: dict[str, Any]) -> Alert:
        version = data.get("schema_version")
        if version not in (1, ALERT_SCHEMA_VERSION):
            raise ContractError(f"field 'schema_version' must be 1 or 2, got {version!r}")
        kind = data.get("kind", "new")
        severity = data["severity"]
        if kind not in ALERT_KINDS or severity not in SEVERITIES:
            raise ContractError(f"unknown kind {kind!r} or severity {severity!r}")
        story_id = data.get("story_id")
        optional_time = {
            name: parse_utc(data[name]) if data.get(name) else None
            for name in ("published_at", "fetched_at")
        }
        return cls(
            id=str(data["id"]),
            kind=kind,
            topic=str(data["topic"]),
            severity=severity,
            reason=str(data["reason"]),
            story_id=None if story_id is None else str(story_id),
            story_ids=tuple(str(s) for s in data.get("story_ids", [story_id] if story_id else [])),
            article_ids=tuple(str(a) for a in data["article_ids"]),
            title=str(data["title"]),
            url=str(data["url"]),
            score=float(data["score"]),
            outlets=int(data.get("outlets", 1)),
            terms=tuple(str(t) for t in data.get("terms", [])),
            published_at=optional_time["published_at"],
            fetched_at=optional_time["fetched_at"],
            created_at=parse_utc(data["created_at"]),
            burst=Burst.from_dict(data["burst"]) if data.get("burst") else None,
        )
