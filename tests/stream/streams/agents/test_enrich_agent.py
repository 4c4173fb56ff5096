"""The `enrich` agent (stage 1) through faust's `agent.test_context()` (no broker); its sends
go to a list through the `Delivery` it is given."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from newsmon.config import parse_config
from newsmon.contract import utc_now
from streams.agents.enrich import register_enrich_agent
from streams.app import create_app
from streams.channels import declare_channels
from streams.delivery import Delivery
from streams.enriched import EnrichedRecord
from tests.support.articles import nato_story
from tests.support.builders import build_processor


def make_agent(app_id: str, apps: list[Any]):  # type: ignore[no-untyped-def]
    config = parse_config({"kafka": {"bootstrap": "127.0.0.1:9"}, "worker": {"app_id": app_id}},
                          env={})  # fmt: skip
    app = create_app(config)
    apps.append(app)
    built = build_processor()
    assert built.enrich is not None
    channels = declare_channels(app, built.names)
    sent: list[tuple[str, bytes, bytes]] = []

    async def send_now(topic: str, key: bytes, value: bytes) -> asyncio.Future[object]:
        sent.append((topic, key, value))
        acknowledged: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        acknowledged.set_result(None)
        return acknowledged

    delivery = Delivery(send_now, "newsmon.deadletter", utc_now)
    return register_enrich_agent(app, channels.raw, built.enrich, delivery), sent


async def test_the_agent_writes_one_enriched_record_with_the_raw_position(
    faust_apps: list[Any],
) -> None:
    agent, sent = make_agent("enrich-test-1", faust_apps)
    nato = nato_story("enrich.example")[0]
    async with agent.test_context() as context:
        event = await context.put(key=nato.key(), value=nato.to_json())
    [(topic, key, value)] = sent
    assert (topic, key) == ("newsmon.articles.enriched", nato.key())
    record = EnrichedRecord.decode(value)
    assert record.position == (event.message.partition, event.message.offset)
    assert record.enriched.article.id == nato.id


async def test_a_poison_record_is_dead_lettered_by_stage_one_and_the_agent_goes_on(
    faust_apps: list[Any],
) -> None:
    agent, sent = make_agent("enrich-test-2", faust_apps)
    nato = nato_story("enrich.example")[0]
    async with agent.test_context() as context:
        await context.put(key=b"x", value=b"\x00garbage")
        await context.put(key=nato.key(), value=nato.to_json())
    assert [topic for topic, _, _ in sent] == ["newsmon.deadletter", "newsmon.articles.enriched"]
    letter = json.loads(sent[0][2])
    assert (letter["error_kind"], letter["topic"]) == ("decode", "newsmon.articles.raw")


def test_events_taken_before_a_rebalance_are_left_to_be_read_again() -> None:
    from types import SimpleNamespace

    from streams.agents.enrich import current_events

    flow = SimpleNamespace(active=True)
    app = SimpleNamespace(consumer_generation_id=4,
                          flow_control=SimpleNamespace(is_active=lambda: flow.active))  # fmt: skip

    def event(generation: int) -> SimpleNamespace:
        return SimpleNamespace(message=SimpleNamespace(generation_id=generation))

    old, new = event(3), event(4)
    assert current_events(app, [old, new, old]) == [new]  # type: ignore[arg-type]
    flow.active = False  # a rebalance has begun: nothing taken now counts
    assert current_events(app, [new]) == []  # type: ignore[arg-type]
