"""`ParsedFeed`: one feed document as read, by feedparser or by the fast path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """One feed document as read. `entries` are feedparser entry dicts, in document order.

    `ttl_s` is RSS <ttl> in seconds (a lower bound on the poll interval); `websub_hub` and
    `self_url` come from atom:link rel=hub / rel=self; `bozo_reason` says what was wrong
    with a document that still yielded a feed (None for a clean one).
    """

    entries: tuple[Mapping[str, Any], ...]
    title: str | None
    link: str | None
    language: str | None
    ttl_s: float | None
    websub_hub: str | None
    self_url: str | None
    bozo_reason: str | None
    version: str
    encoding: str | None


def ttl_seconds(value: Any) -> float | None:
    """RSS <ttl> (minutes) in seconds; None when absent or implausible."""
    try:
        minutes = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return minutes * 60.0 if 0 < minutes < 60 * 24 * 365 else None
