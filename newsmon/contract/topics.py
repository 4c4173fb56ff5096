"""Names of the Kafka topics newsmon reads and writes."""

from __future__ import annotations

ARTICLES_RAW = "newsmon.articles.raw"
ARTICLES_CLASSIFIED = "newsmon.articles.classified"
# Internal, between the worker's two stages: each raw article cleaned, fingerprinted and
# classified, with its raw position (`streams.enriched`). ONE partition: the story stage reads
# every article in one order.
ARTICLES_ENRICHED = "newsmon.articles.enriched"
ALERTS = "newsmon.alerts"
# One record per story, the latest as it stands: compacted, keyed by story id.
STORIES = "newsmon.stories"
# The notifier's ledger of acknowledged deliveries (compacted, keyed by sink and alert id) and
# the alerts it gave up delivering, with the reason.
NOTIFY_DELIVERIES = "newsmon.notify.deliveries"
NOTIFY_DEADLETTER = "newsmon.notify.deadletter"
DEADLETTER = "newsmon.deadletter"
FEEDS_STATE = "newsmon.feeds.state"
# The feed list beyond the configuration file: compacted, keyed by feed URL, tombstone = removed.
FEEDS = "newsmon.feeds"
TOPIC_PREFIX = "newsmon.topic."


def per_topic(name: str) -> str:
    """The topic that carries the articles classified under `name`, e.g. `newsmon.topic.nato`."""
    return TOPIC_PREFIX + name
