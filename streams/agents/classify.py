"""The `classify` agent: records in, classified articles, alerts, stories and dead letters out.

In the worker it is stage 2 and reads the enriched topic (`streams.agents.enrich` writes it):
`process` is `RecordProcessor.process_enriched`. Given `RecordProcessor.process` and the raw
topic it does everything in one step (tests). One agent with `concurrency=1` (faust may commit
past an in-flight event when it is higher). The per-record work is synchronous and short, so
the event loop is never held for long. Output records go through `Delivery`, which keeps each
until Kafka acknowledged it and re-sends or dead-letters what Kafka refused (faust alone would
only log it); alerts only once the table writes that decided them are in Kafka.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

import faust
from faust.types import AgentT, StreamT

from newsmon.contract import utc_now
from newsmon.contract.alert import Alert
from streams.agents.outcome import Outcome
from streams.deadletter import SourceRecord
from streams.delivery import Delivery

log = logging.getLogger(__name__)

OnAlert = Callable[[Alert], None]
Process = Callable[[SourceRecord, datetime], Outcome]

AGENT_NAME = "newsmon.classify"


def register_classify_agent(
    app: faust.App, topic: faust.TopicT, process: Process, delivery: Delivery, on_alert: OnAlert,
) -> AgentT[Any]:  # fmt: skip
    """Declare the agent on `app`. `delivery` writes the output records; `on_alert` is told of
    each alert after it was handed to the producer. The agent yields each record's `Outcome`,
    which is what `agent.test_context()` tests observe."""

    async def classify(stream: StreamT[bytes]) -> AsyncIterator[Outcome]:
        async for event in stream.events():
            source = source_record(event.message)
            outcome = process(source, utc_now())
            origin = outcome.origin or source  # what a dead letter of an output names
            for record in outcome.outgoing:
                send = delivery.send_after_state if record.after_state else delivery.send
                await send(record.topic, record.key, record.value, origin)
            for alert in outcome.alerts:
                try:
                    on_alert(alert)
                except OSError as exc:  # a closed terminal must not stop the stream
                    log.warning("could not print alert %s: %s", alert.id, exc)
            yield outcome

    return app.agent(topic, name=AGENT_NAME, concurrency=1)(classify)


def source_record(message: Any) -> SourceRecord:
    """What faust's `message` carried, and where it came from."""
    return SourceRecord(
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        key=message.key if isinstance(message.key, bytes) else None,
        value=message.value if isinstance(message.value, bytes) else b"",
    )
