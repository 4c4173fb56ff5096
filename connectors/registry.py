"""The feed list: the configuration file's feeds merged with the compacted topic `newsmon.feeds`.

The topic is keyed by feed URL; its value is a `FeedDefinition` as JSON and a tombstone
removes the feed. Feeds are spread over connector instances by the partition their key falls
in, with Kafka's own partitioner, so a feed from the configuration file and the same URL
added to the topic land with the same instance.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from aiokafka.partitioner import murmur2

from connectors.publisher import Publisher, Record
from connectors.settings import FeedConfig
from newsmon.contract.topics import FEEDS
from newsmon.kafka.compacted import read_to_end

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FeedDefinition:
    url: str
    name: str | None = None
    source: str = "topic"  # "topic" or "config": where the definition came from

    def key(self) -> bytes:
        return self.url.encode("utf-8")

    def to_json(self) -> bytes:
        return json.dumps({"url": self.url, "name": self.name}).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> FeedDefinition:
        """Decode a topic value; raises ValueError if it is not a definition with an http URL."""
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("a feed definition must be a JSON object")
        config = FeedConfig(url=data.get("url", ""), name=data.get("name"))
        return cls(config.url, config.name, "topic")


def partition_for(feed_url: str, partitions: int) -> int:
    """The partition Kafka's default partitioner gives the key `feed_url`."""
    return int(murmur2(feed_url.encode("utf-8")) & 0x7FFFFFFF) % partitions


def merge(
    config_feeds: Iterable[FeedConfig], topic_feeds: Iterable[FeedDefinition]
) -> dict[str, FeedDefinition]:
    """Configured feeds first, then the topic's; a URL in both keeps the topic's name if any."""
    merged = {f.url: FeedDefinition(f.url, f.name, "config") for f in config_feeds}
    for feed in topic_feeds:
        previous = merged.get(feed.url)
        name = feed.name or (previous.name if previous else None)
        merged[feed.url] = FeedDefinition(feed.url, name, previous.source if previous else "topic")
    return merged


def decode_feeds(records: dict[bytes, bytes]) -> list[FeedDefinition]:
    feeds: list[FeedDefinition] = []
    for key, value in records.items():
        try:
            feeds.append(FeedDefinition.from_json(value))
        except ValueError as exc:
            log.warning("ignoring a bad definition of %r in %s: %s", key, FEEDS, exc)
    return feeds


class FeedRegistry:
    """Reads and changes the feed list on Kafka (used by `newsmon feeds`)."""

    def __init__(self, bootstrap: str, publisher: Publisher, *, topic: str = FEEDS) -> None:
        self._bootstrap = bootstrap
        self._publisher = publisher
        self.topic = topic

    async def feeds(self) -> list[FeedDefinition]:
        """Every feed on the topic now, in no particular order."""
        return decode_feeds(await read_to_end(self._bootstrap, self.topic))

    async def add(self, feeds: Iterable[FeedDefinition]) -> None:
        records = [Record(self.topic, f.key(), f.to_json()) for f in feeds]
        await self._publisher.publish(records)

    async def remove(self, url: str) -> None:
        await self._publisher.publish([Record(self.topic, url.encode("utf-8"), None)])
