"""The Kafka topics the worker reads and writes, as names and as faust topic declarations.

Every topic carries raw bytes in both key and value: the worker decodes raw articles itself
(so that a record it cannot decode is dead-lettered instead of crashing the stream) and
serialises its own records (so no faust metadata ever reaches downstream consumers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import faust

from newsmon.contract import topics
from newsmon.kafka.admin import TopicSpec, compacted
from newsmon.kafka.settings import KafkaSettings

RAW_BYTES = "raw"
# The enriched topic has ONE partition: the story stage reads every article in one order, in
# one process (`streams.app`).
ENRICHED_PARTITIONS = 1


@dataclass(frozen=True, slots=True)
class TopicNames:
    """Names of the worker's topics under an optional prefix (`WorkerSettings.topic_prefix`)."""

    prefix: str
    topic_names: tuple[str, ...]

    @property
    def raw(self) -> str:
        return self.prefix + topics.ARTICLES_RAW

    @property
    def enriched(self) -> str:
        """Internal, between the worker's stages; one partition (`streams.enriched`)."""
        return self.prefix + topics.ARTICLES_ENRICHED

    @property
    def classified(self) -> str:
        return self.prefix + topics.ARTICLES_CLASSIFIED

    @property
    def alerts(self) -> str:
        return self.prefix + topics.ALERTS

    @property
    def deadletter(self) -> str:
        return self.prefix + topics.DEADLETTER

    @property
    def stories(self) -> str:
        return self.prefix + topics.STORIES

    def per_topic(self, name: str) -> str:
        return self.prefix + topics.per_topic(name)

    def all(self) -> list[str]:
        """Every topic the worker needs, inputs and outputs, in a stable order."""
        fixed = [self.raw, self.enriched, self.classified, self.alerts, self.deadletter,
                 self.stories]  # fmt: skip
        return fixed + [self.per_topic(name) for name in self.topic_names]

    def compacted(self) -> frozenset[str]:
        """The topics that keep only the latest record per key."""
        return frozenset({self.stories})


def topic_specs(names: TopicNames, kafka: KafkaSettings) -> list[TopicSpec]:
    """What `newsmon.kafka.admin.ensure_topics` must create before the worker starts."""
    squeezed = names.compacted()
    return [
        compacted(name, kafka.partitions, kafka.replication_factor)
        if name in squeezed
        else TopicSpec(name, partitions_of(names, name, kafka), kafka.replication_factor)
        for name in names.all()
    ]


def partitions_of(names: TopicNames, name: str, kafka: KafkaSettings) -> int:
    """`kafka.partitions` for every topic but the enriched one (ENRICHED_PARTITIONS)."""
    return ENRICHED_PARTITIONS if name == names.enriched else kafka.partitions


@dataclass(frozen=True, slots=True)
class Channels:
    """The faust topics of one app: the raw input, the enriched one between the stages and
    every output."""

    raw: faust.TopicT
    enriched: faust.TopicT
    classified: faust.TopicT
    alerts: faust.TopicT
    deadletter: faust.TopicT
    per_topic: Mapping[str, faust.TopicT]


def _bytes_topic(app: faust.App, name: str, partitions: int | None = None) -> faust.TopicT:
    return app.topic(name, key_type=bytes, value_type=bytes, partitions=partitions,
                     key_serializer=RAW_BYTES, value_serializer=RAW_BYTES)  # fmt: skip


def declare_channels(app: faust.App, names: TopicNames) -> Channels:
    """Declare the topics of `names` on `app` (faust only creates those it consumes)."""
    per_topic = {name: _bytes_topic(app, names.per_topic(name)) for name in names.topic_names}
    return Channels(
        raw=_bytes_topic(app, names.raw),
        enriched=_bytes_topic(app, names.enriched, ENRICHED_PARTITIONS),
        classified=_bytes_topic(app, names.classified),
        alerts=_bytes_topic(app, names.alerts),
        deadletter=_bytes_topic(app, names.deadletter),
        per_topic=per_topic,
    )
