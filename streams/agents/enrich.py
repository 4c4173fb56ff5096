"""The `enrich` agent, the worker's stage 1: raw articles in, enriched records out.

Stateless (`EnrichProcessor`: decode, clean, language, fingerprint, classify), so it runs on
every worker of the group, each on the raw partitions it holds. Its records go to the
single-partition enriched topic, which the `classify` agent (stage 2) reads in one process.
Undecodable raw records are dead-lettered here. Like `classify`: one agent, `concurrency=1`,
every output through `Delivery`, so a raw offset is committed only once Kafka holds the
enriched record (or dead letter) made from it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import faust
from faust.types import AgentT, StreamT

from newsmon.contract import utc_now
from streams.agents.classify import source_record
from streams.agents.enrich_processor import EnrichProcessor
from streams.agents.outcome import Outcome
from streams.delivery import Delivery

AGENT_NAME = "newsmon.enrich"


def register_enrich_agent(
    app: faust.App, raw_topic: faust.TopicT, processor: EnrichProcessor, delivery: Delivery
) -> AgentT[Any]:
    """Declare the agent on `app`; it yields each record's `Outcome` (for `test_context`)."""

    async def enrich(stream: StreamT[bytes]) -> AsyncIterator[Outcome]:
        async for event in stream.events():
            source = source_record(event.message)
            outcome = processor.process(source, utc_now())
            for record in outcome.outgoing:
                await delivery.send(record.topic, record.key, record.value, source)
            yield outcome

    return app.agent(raw_topic, name=AGENT_NAME, concurrency=1)(enrich)
