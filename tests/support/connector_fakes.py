"""In-memory stand-ins for the poller's collaborators, for unit tests that need no Kafka.

They record what the poller asked for; the Kafka behaviour itself is covered by the
integration tests against the real broker.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from connectors.state import FeedState
from newsmon.contract.article import Article


class RecordingPublisher:
    def __init__(self) -> None:
        self.published: list[Article] = []

    async def publish_articles(self, articles: Sequence[Article]) -> list[object]:
        self.published.extend(articles)
        return []


class RecordingStore:
    def __init__(self) -> None:
        self.saved: list[FeedState] = []
        self.forgotten: list[str] = []

    async def save(self, state: FeedState) -> None:
        self.saved.append(state)

    async def load(self, feeds: Any = None) -> dict[str, FeedState]:
        return {s.feed: s for s in self.saved}

    def assume_unsaved(self, feed: str) -> None:
        return None

    async def forget(self, feed: str) -> None:
        self.forgotten.append(feed)


def schema_1_record(feed: str, etag: str = '"v1"') -> bytes:
    """A feed state as a schema-1 connector saved it: one record, the seen ids inside."""
    return json.dumps(
        {
            "feed": feed,
            "url": feed,
            "etag": etag,
            "last_modified": None,
            "seen_ids": ["old-1", "old-2", "old-3"],
            "next_due": "2026-03-01T12:30:00.000Z",
            "interval_s": 1800.0,
            "failures": 0,
            "last_error": None,
            "last_success": "2026-03-01T12:00:00.000Z",
            "websub_hub": None,
            "websub_topic": None,
            "websub_expires": None,
            "schema_version": 1,
        }
    ).encode()
