"""What processing one record gives: the records to write and the alerts to announce.

Shared by both stages (`streams.agents.processor`, `streams.agents.enrich_processor`), with
`process_raw`: what both do with a raw record around their own work, never raising (undecodable
bytes, bytes that are not an Article and any exception of the work each become a dead letter).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from newsmon.contract import Article, ContractError
from newsmon.contract.alert import Alert
from newsmon.contract.records import ErrorKind
from streams.channels import TopicNames
from streams.deadletter import SourceRecord, dead_letter, error_kind
from streams.metrics import WorkerMetrics

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outgoing:
    topic: str
    key: bytes
    value: bytes
    # Sent only once the table writes made so far are in Kafka (`Delivery.send_after_state`):
    # an alert, whose decision a replay must find rather than make again.
    after_state: bool = False


@dataclass(slots=True)
class Outcome:
    outgoing: list[Outgoing] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    # What a dead letter for these outputs names, when not the record read (stage 2: the raw
    # record the article came from, with the article as stage 1 cleaned it).
    origin: SourceRecord | None = None


def dead_letter_outcome(
    names: TopicNames, metrics: WorkerMetrics, source: SourceRecord, exc: BaseException,
    now: datetime, kind: ErrorKind,
) -> Outcome:  # fmt: skip
    """One dead letter for `source` (keyed like it) on the dead-letter topic, counted."""
    letter = dead_letter(source, exc, now, kind)
    metrics.dead_letters.labels(kind=kind).inc()
    metrics.errors.labels(kind=kind).inc()
    log.warning("dead letter (%s) for %s[%d]@%d: %s", kind, source.topic,
                source.partition, source.offset, letter.reason)  # fmt: skip
    return Outcome([Outgoing(names.deadletter, source.key or b"", letter.to_json())])


def decode_raw(
    source: SourceRecord, now: datetime, names: TopicNames, metrics: WorkerMetrics
) -> Article | Outcome:
    """The Article a raw record carries, or the dead letter for a record that carries none."""
    try:
        return Article.from_json(source.value)
    except ContractError as exc:
        return dead_letter_outcome(names, metrics, source, exc, now, error_kind(exc))
    except Exception as exc:  # e.g. RecursionError on absurdly nested JSON
        return dead_letter_outcome(names, metrics, source, exc, now, "decode")


def process_raw(
    source: SourceRecord, now: datetime, names: TopicNames, metrics: WorkerMetrics,
    work: Callable[[Article], Outcome],
) -> Outcome:  # fmt: skip
    """`work` on the Article the raw record `source` carries, counted and timed; a dead
    letter instead where there is no Article or `work` raised."""
    started = time.perf_counter()
    metrics.consumed.inc()
    article = decode_raw(source, now, names, metrics)
    if isinstance(article, Outcome):
        outcome = article
    else:
        try:
            outcome = work(article)
        except Exception as exc:
            # Route, never crash: a bug on one article must not stop the partition.
            log.exception("processing %s[%d]@%d failed", source.topic, source.partition,
                          source.offset)  # fmt: skip
            outcome = dead_letter_outcome(names, metrics, source, exc, now, "processing")
    metrics.processing_seconds.observe(time.perf_counter() - started)
    return outcome
