"""Apprise through the real broker to a local endpoint (Apprise's json:// target): one readable
message per alert, or one digest per period; a failing service is retried alone."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from newsmon.config import parse_config
from streams.notify.service import Notifier
from streams.notify.settings import NotifySettings
from streams.notify.sinks.build import build_sinks
from streams.notify.topics import NotifyTopics
from tests.support.notify_env import make_alert, produce, until
from tests.support.receiver import JsonCollector

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(120)]


def start(bootstrap: str, notify: NotifySettings, urls: str) -> tuple[Notifier, asyncio.Task[None]]:
    config = parse_config({"kafka": {"bootstrap": bootstrap, "partitions": 2}}, env={})
    sinks = build_sinks(notify, env={"NEWSMON_TEST_APPRISE": urls})
    notifier = Notifier(bootstrap, notify, sinks, config)
    return notifier, asyncio.create_task(notifier.run())


def settings(unique_name: str, **desk: Any) -> NotifySettings:
    return NotifySettings.model_validate({
        "app_id": f"notify-{unique_name}", "topic_prefix": f"t{unique_name}.", "metrics_port": 0,
        "stream": {"port": 0}, "commit_interval_s": 0.2,
        "apprise": [{"name": "desk", "urls_env": "NEWSMON_TEST_APPRISE",
                     "retry_initial_s": 0.2, "retry_max_s": 1.0, **desk}],
    })  # fmt: skip


async def test_each_alert_becomes_one_readable_message(
    kafka_bootstrap: str, unique_name: str, topics: NotifyTopics
) -> None:
    collector = JsonCollector()
    alerts = [make_alert(n, topic="foreign_business", severity="critical") for n in range(3)]
    other = make_alert(99, topic="nato")  # filtered out by topics
    await produce(kafka_bootstrap, topics.alerts, [*alerts, other, alerts[0]])
    notify = settings(unique_name, topics=["foreign_business"])
    notifier, task = start(kafka_bootstrap, notify, f"json://127.0.0.1:{collector.port}/desk")
    try:
        await until(lambda: len(collector.bodies) >= 3, 30, "three messages")
        await until(lambda: notifier.tracker.pending() == 0, 10, "every record settled")
        await asyncio.sleep(1.0)
    finally:
        notifier.stop.set()
        await task
        collector.stop()
    assert len(collector.bodies) == 3
    first = next(b for b in collector.bodies if "number 0 " in b["title"])
    assert first["title"] == "[CRITICAL] foreign_business: " + alerts[0].title
    assert first["type"] == "failure"
    for line in (
        "New story on foreign_business (severity critical, kind new)",
        alerts[0].url,
        "Outlets: 2",
        "Terms: export controls, sanctions",
    ):
        assert line in first["message"]


async def test_a_digest_lists_the_period_s_stories_in_one_message(
    kafka_bootstrap: str, unique_name: str, topics: NotifyTopics
) -> None:
    collector = JsonCollector()
    alerts = [make_alert(n) for n in range(4)]
    await produce(kafka_bootstrap, topics.alerts, alerts)
    notify = settings(unique_name, digest="3s")
    notifier, task = start(kafka_bootstrap, notify, f"json://127.0.0.1:{collector.port}/d")
    try:
        await until(lambda: notifier.tracker.pending() == 0 and collector.bodies, 30, "a digest")
    finally:
        notifier.stop.set()
        await task
        collector.stop()
    delivered = "\n".join(body["message"] for body in collector.bodies)
    assert all(delivered.count(alert.url) == 1 for alert in alerts)
    assert collector.bodies[0]["title"].startswith("newsmon digest (3s): ")


async def test_a_failing_service_is_retried_without_repeating_the_one_that_acknowledged(
    kafka_bootstrap: str, unique_name: str, topics: NotifyTopics
) -> None:
    good, flaky = JsonCollector(), JsonCollector()
    port = flaky.port
    flaky.stop()  # nothing listens there until it comes back below
    await produce(kafka_bootstrap, topics.alerts, [make_alert(1)])
    urls = f"json://127.0.0.1:{good.port}/a, json://127.0.0.1:{port}/b"
    notifier, task = start(kafka_bootstrap, settings(unique_name), urls)
    try:
        await until(lambda: len(good.bodies) == 1, 30, "the first service")
        await asyncio.sleep(1.5)  # a few failed attempts at the second service
        back = JsonCollector.on_port(port)
        await until(lambda: len(back.bodies) == 1, 30, "the second service")
        await until(lambda: notifier.tracker.pending() == 0, 10, "the alert settled")
    finally:
        notifier.stop.set()
        await task
        good.stop()
    assert len(good.bodies) == 1
    back.stop()
