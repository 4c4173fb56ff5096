"""Stage 1 of the worker on one record, free of faust (`streams.agents.enrich` runs it)."""

from __future__ import annotations

from datetime import datetime

from newsmon.contract import Article
from streams.agents.outcome import Outcome, Outgoing, process_raw
from streams.channels import TopicNames
from streams.deadletter import SourceRecord
from streams.enriched import EnrichedRecord
from streams.metrics import WorkerMetrics
from streams.pipeline import Enricher


class EnrichProcessor:
    """Stage 1: a raw record in, one enriched record (keyed like the raw one) or one dead
    letter out. Stateless and deterministic: a replay writes the same bytes again."""

    def __init__(self, enricher: Enricher, names: TopicNames, metrics: WorkerMetrics) -> None:
        self._enricher = enricher
        self._names = names
        self._metrics = metrics

    def process(self, source: SourceRecord, now: datetime) -> Outcome:
        """`now` only stamps a dead letter."""

        def enrich(article: Article) -> Outcome:
            value = EnrichedRecord.encode(self._enricher.enrich(article),
                                          (source.partition, source.offset),
                                          source.key is None)  # fmt: skip
            return Outcome([Outgoing(self._names.enriched, source.key or b"", value)])

        return process_raw(source, now, self._names, self._metrics, enrich)
