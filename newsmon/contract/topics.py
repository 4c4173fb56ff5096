"""Names of the Kafka topics newsmon reads and writes."""

from __future__ import annotations

ARTICLES_RAW = "newsmon.articles.raw"
ARTICLES_CLASSIFIED = "newsmon.articles.classified"
ALERTS = "newsmon.alerts"
DEADLETTER = "newsmon.deadletter"
FEEDS_STATE = "newsmon.feeds.state"
# The feed list beyond the configuration file: compacted, keyed by feed URL, tombstone = removed.
FEEDS = "newsmon.feeds"
TOPIC_PREFIX = "newsmon.topic."


def per_topic(name: str) -> str:
    """The topic that carries the articles classified under `name`, e.g. `newsmon.topic.nato`."""
    return TOPIC_PREFIX + name
