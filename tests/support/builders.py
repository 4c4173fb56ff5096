"""The worker's processor built on the real pipeline with dict stores, for tests without Kafka."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from streams.agents.enrich_processor import EnrichProcessor
from streams.agents.processor import RecordProcessor
from streams.app import burst_policies, policies
from streams.bursts.detector import BurstDetector
from streams.channels import TopicNames
from streams.classify.definitions import load_topics
from streams.dedupe.index import DedupeIndex
from streams.metrics import WorkerMetrics
from streams.pipeline import ArticlePipeline


@dataclass
class Built:
    processor: RecordProcessor
    names: TopicNames
    metrics: WorkerMetrics
    dedupe_store: dict[str, Any]
    stories: dict[str, Any]
    dedupe: DedupeIndex
    bursts: dict[str, Any] = field(default_factory=dict)
    enrich: EnrichProcessor | None = None  # stage 1, beside `processor` (stage 2)


def build_processor(prefix: str = "") -> Built:
    topics = load_topics(None)
    names = TopicNames(prefix, topics.names)
    metrics = WorkerMetrics(names.topic_names)
    dedupe_store: dict[str, Any] = {}
    stories: dict[str, Any] = {}
    dedupe = DedupeIndex(dedupe_store, ttl_s=3600.0)
    pipeline = ArticlePipeline(topics, dedupe)
    bursts: dict[str, Any] = {}
    detector = BurstDetector(bursts, burst_policies(topics))
    processor = RecordProcessor(pipeline, stories, policies(topics), names, metrics, detector)
    enrich = EnrichProcessor(pipeline.enricher, names, metrics)
    return Built(processor, names, metrics, dedupe_store, stories, dedupe, bursts, enrich)


def sample(metrics: WorkerMetrics, name: str, **labels: str) -> float:
    value = metrics.registry.get_sample_value(name, labels)
    return 0.0 if value is None else value
