"""The `classify` agent: raw article bytes in, classified articles, alerts and dead letters out.

One agent with `concurrency=1` (faust may commit past an in-flight event when it is higher).
The per-record work is `RecordProcessor.process`, which is synchronous and short, so the event
loop is never held for long. Output records go through `Delivery`, which keeps each until Kafka
acknowledged it and re-sends or dead-letters what Kafka refused (faust alone would only log it).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import faust
from faust.types import AgentT, StreamT

from newsmon.contract import utc_now
from newsmon.contract.alert import Alert
from streams.agents.processor import Outcome, RecordProcessor
from streams.deadletter import SourceRecord
from streams.delivery import Delivery

log = logging.getLogger(__name__)

OnAlert = Callable[[Alert], None]

AGENT_NAME = "newsmon.classify"


def register_classify_agent(
    app: faust.App, raw_topic: faust.TopicT, processor: RecordProcessor, delivery: Delivery,
    on_alert: OnAlert,
) -> AgentT[Any]:  # fmt: skip
    """Declare the agent on `app`. `delivery` writes the output records; `on_alert` is told of
    each alert after it was handed to the producer. The agent yields each record's `Outcome`,
    which is what `agent.test_context()` tests observe."""

    async def classify(stream: StreamT[bytes]) -> AsyncIterator[Outcome]:
        async for event in stream.events():
            message = event.message
            source = SourceRecord(
                topic=message.topic,
                partition=message.partition,
                offset=message.offset,
                key=message.key if isinstance(message.key, bytes) else None,
                value=message.value if isinstance(message.value, bytes) else b"",
            )
            outcome = processor.process(source, utc_now())
            for record in outcome.outgoing:
                await delivery.send(record.topic, record.key, record.value, source)
            for alert in outcome.alerts:
                try:
                    on_alert(alert)
                except OSError as exc:  # a closed terminal must not stop the stream
                    log.warning("could not print alert %s: %s", alert.id, exc)
            yield outcome

    return app.agent(raw_topic, name=AGENT_NAME, concurrency=1)(classify)
