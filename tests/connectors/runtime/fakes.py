"""In-memory stand-ins for the poller's collaborators, for unit tests that need no Kafka.

They record what the poller asked for; the Kafka behaviour itself is covered by the
integration tests against the real broker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from connectors.contract.article import Article
from connectors.state import FeedState


class RecordingPublisher:
    def __init__(self) -> None:
        self.published: list[Article] = []

    async def publish_articles(self, articles: Sequence[Article]) -> list[object]:
        self.published.extend(articles)
        return []


class RecordingStore:
    def __init__(self) -> None:
        self.saved: list[FeedState] = []

    async def save(self, state: FeedState) -> None:
        self.saved.append(state)

    async def load(self, feeds: Any = None) -> dict[str, FeedState]:
        return {s.feed: s for s in self.saved}
