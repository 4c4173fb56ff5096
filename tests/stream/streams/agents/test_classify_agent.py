"""The `classify` agent through faust's `agent.test_context()` (no broker).

Sends go to a list instead of Kafka: the agent takes its `Delivery` as an argument,
which is how these tests avoid faust's pitfall of real sinks inside test_context.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from newsmon.config import parse_config
from newsmon.contract import utc_now
from newsmon.contract.alert import Alert
from streams.agents.classify import register_classify_agent
from streams.app import create_app
from streams.channels import declare_channels
from streams.delivery import Delivery
from tests.support.articles import nato_story, quiet_article
from tests.support.builders import build_processor


def make_agent(app_id: str, apps: list[Any]):  # type: ignore[no-untyped-def]
    config = parse_config({"kafka": {"bootstrap": "127.0.0.1:9"}, "worker": {"app_id": app_id}},
                          env={})  # fmt: skip
    app = create_app(config)
    apps.append(app)
    built = build_processor()
    channels = declare_channels(app, built.names)
    sent: list[tuple[str, bytes, bytes]] = []
    alerts: list[Alert] = []

    async def send_now(topic: str, key: bytes, value: bytes) -> asyncio.Future[object]:
        sent.append((topic, key, value))
        acknowledged: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        acknowledged.set_result(None)
        return acknowledged

    delivery = Delivery(send_now, "newsmon.deadletter", utc_now)
    held = delivery.send_after_state

    async def send_after_state(topic: str, key: bytes, value: bytes, source: object) -> None:
        sent.append(("held for the state:", b"", b""))
        await held(topic, key, value, source)  # type: ignore[arg-type]

    delivery.send_after_state = send_after_state  # type: ignore[method-assign]
    agent = register_classify_agent(app, channels.raw, built.processor.process, delivery,
                                    alerts.append)  # fmt: skip
    return agent, sent, alerts


async def test_the_agent_sends_every_output_of_a_record_and_announces_its_alert(
    faust_apps: list[Any],
) -> None:
    agent, sent, alerts = make_agent("agent-test-1", faust_apps)
    nato = nato_story("agent.example")[0]
    async with agent.test_context() as context:
        await context.put(key=nato.key(), value=nato.to_json())
    assert [topic for topic, _, _ in sent] == [
        "newsmon.articles.classified", "newsmon.topic.nato", "held for the state:",
        "newsmon.alerts", "newsmon.stories",
    ]  # fmt: skip
    assert [a.topic for a in alerts] == ["nato"]


async def test_a_poison_record_does_not_stop_the_agent(faust_apps: list[Any]) -> None:
    agent, sent, alerts = make_agent("agent-test-2", faust_apps)
    quiet = quiet_article("agent.example")
    async with agent.test_context() as context:
        await context.put(key=b"x", value=b"\x00garbage")
        await context.put(key=quiet.key(), value=quiet.to_json())
    assert [topic for topic, _, _ in sent] == [
        "newsmon.deadletter", "newsmon.articles.classified", "newsmon.stories",
    ]  # fmt: skip
    letter = json.loads(sent[0][2])
    assert (letter["error_kind"], letter["topic"]) == ("decode", "newsmon.articles.raw")
    assert alerts == []


async def test_the_agent_yields_one_outcome_per_record_for_observers(faust_apps: list[Any]) -> None:
    agent, _, _ = make_agent("agent-test-3", faust_apps)
    quiet = quiet_article("agent.example")
    async with agent.test_context() as context:
        event = await context.put(key=quiet.key(), value=quiet.to_json())
        outcome = context.results[event.message.offset]
    assert [o.topic for o in outcome.outgoing] == ["newsmon.articles.classified", "newsmon.stories"]
