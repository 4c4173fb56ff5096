"""Stage 1 of the worker on one record, free of faust (`streams.agents.enrich` runs it)."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import datetime

from newsmon.contract import Article
from streams.agents.outcome import Outcome, Outgoing, decode_raw, process_raw
from streams.channels import TopicNames
from streams.deadletter import SourceRecord
from streams.enriched import EnrichedRecord
from streams.metrics import WorkerMetrics
from streams.pipeline import Enricher

log = logging.getLogger(__name__)


class EnrichProcessor:
    """Stage 1: a raw record in, one enriched record (keyed like the raw one) or one dead
    letter out. Stateless and deterministic: a replay writes the same bytes again, and
    `process_many` writes what `process` would, record by record."""

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

    def process_many(self, sources: Sequence[SourceRecord], now: datetime) -> list[Outcome]:
        """`[self.process(s, now) for s in sources]`, the articles enriched together
        (`Enricher.enrich_many`: each stage over the whole batch, its tables warm). Should the
        batch raise, its articles are enriched one by one, so that only the one at fault
        becomes a dead letter."""
        if len(sources) < 2:
            return [self.process(source, now) for source in sources]
        started = time.perf_counter()
        outcomes = [decode_raw(source, now, self._names, self._metrics) for source in sources]
        decoded = [(n, a) for n, a in enumerate(outcomes) if isinstance(a, Article)]
        try:
            enriched = self._enricher.enrich_many([article for _, article in decoded])
            values = [
                EnrichedRecord.encode(e, (source.partition, source.offset), source.key is None)
                for source, e in zip((sources[n] for n, _ in decoded), enriched, strict=True)
            ]
        except Exception:
            log.warning("enriching a batch of %d articles failed; enriching them one by one",
                        len(decoded), exc_info=True)  # fmt: skip
            return [o if isinstance(o, Outcome) else self.process(sources[n], now)
                    for n, o in enumerate(outcomes)]  # fmt: skip
        for (n, _), value in zip(decoded, values, strict=True):
            key = sources[n].key or b""
            outcomes[n] = Outcome([Outgoing(self._names.enriched, key, value)])
        self._metrics.consumed.inc(len(sources))
        each = (time.perf_counter() - started) / len(sources)
        for _ in sources:
            self._metrics.processing_seconds.observe(each)
        return [o for o in outcomes if isinstance(o, Outcome)]
