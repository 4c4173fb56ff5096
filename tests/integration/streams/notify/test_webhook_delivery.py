"""Webhooks through the real broker: every alert acknowledged once, signed, through 503s,
429s and Retry-After; replayed alerts once; a dead endpoint dead-letters without blocking."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import pytest
from prometheus_client import REGISTRY

from newsmon.config import parse_config
from newsmon.contract.timefmt import parse_utc
from streams.notify.service import Notifier
from streams.notify.settings import NotifySettings
from streams.notify.sinks.build import build_sinks
from streams.notify.topics import NotifyTopics
from tests.support.notify_env import committed, make_alert, produce, read_all, until
from tests.support.receiver import SECRET, Receiver

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(120)]


def settings(prefix: str, group: str, webhooks: list[dict[str, Any]],
             **extra: Any) -> NotifySettings:  # fmt: skip
    return NotifySettings.model_validate(
        {"app_id": group, "topic_prefix": prefix, "metrics_port": 0, "stream": {"port": 0},
         "commit_interval_s": 0.2, "webhooks": webhooks, **extra}
    )  # fmt: skip


def webhook(name: str, url: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "url": url, "secret_env": "NEWSMON_TEST_SECRET",
            "retry_initial_s": 0.2, "retry_max_s": 1.0, **extra}  # fmt: skip


def sample(metric: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(metric, labels) or 0.0


def start(bootstrap: str, notify: NotifySettings) -> tuple[Notifier, asyncio.Task[None]]:
    config = parse_config({"kafka": {"bootstrap": bootstrap, "partitions": 2}}, env={})
    sinks = build_sinks(notify, env={"NEWSMON_TEST_SECRET": SECRET})
    notifier = Notifier(bootstrap, notify, sinks, config)
    return notifier, asyncio.create_task(notifier.run())


def stubborn(attempt: int, webhook_id: str) -> tuple[int, dict[str, str]]:
    """Half the ids: 503 with Retry-After: 1, then 200; the others: 429, 503, then 200."""
    if int(hashlib.sha256(webhook_id.encode()).hexdigest(), 16) % 2:
        return (503, {"Retry-After": "1"}) if attempt == 1 else (200, {})
    return {1: (429, {}), 2: (503, {})}.get(attempt, (200, {}))


async def test_every_alert_is_acknowledged_exactly_once_through_503s_and_retry_after(
    kafka_bootstrap: str, unique_name: str, receiver: Receiver, topics: NotifyTopics
) -> None:
    receiver.plan = stubborn
    prefix, group = f"t{unique_name}.", f"notify-{unique_name}"
    alerts = [make_alert(n) for n in range(20)]
    # The worker replays: five alerts appear twice with the same id.
    await produce(kafka_bootstrap, topics.alerts, alerts + alerts[:5])
    before = sample("newsmon_notify_deliveries_total", sink="ops", outcome="delivered")
    notifier, task = start(kafka_bootstrap, settings(prefix, group, [webhook("ops", receiver.url)]))
    try:
        await until(lambda: len(receiver.acknowledged_ids()) == 20, 60, "20 acknowledgements")
        await until(lambda: notifier.tracker.pending() == 0, 10, "every record settled")
        await asyncio.sleep(1.0)  # a late duplicate would show up here
    finally:
        notifier.stop.set()
        await task
    assert receiver.bad_signatures == 0
    assert receiver.acknowledged_ids() == {a.id: 1 for a in alerts}
    # Retry-After: 1 was honoured: the second attempt came at least a second after the first.
    by_id: dict[str, list[float]] = {}
    for request in receiver.requests:
        by_id.setdefault(request.webhook_id, []).append(request.at)
    first_503 = [r for r in receiver.requests if r.status == 503 and r.webhook_id in {
        q.webhook_id for q in receiver.requests if q.status == 503}]  # fmt: skip
    waited = [by_id[r.webhook_id][1] - by_id[r.webhook_id][0] for r in first_503
              if by_id[r.webhook_id][0] == r.at and len(by_id[r.webhook_id]) > 1]  # fmt: skip
    assert waited and min(waited) >= 0.9
    # One webhook id per alert, the same on every attempt.
    assert len({r.webhook_id for r in receiver.requests}) == 20
    after = sample("newsmon_notify_deliveries_total", sink="ops", outcome="delivered")
    assert after - before == 20
    assert sample("newsmon_notify_retries_total", sink="ops") >= 30
    # Each alert's first attempt failed: the ledger notes when, then settles it.
    ledger = await read_all(kafka_bootstrap, topics.deliveries, 40)
    settled = [e for e in ledger if e["outcome"] != "failing"]
    assert sorted(e["alert_id"] for e in settled) == sorted(a.id for a in alerts)
    failing = [e for e in ledger if e["outcome"] == "failing"]
    assert sorted(e["alert_id"] for e in failing) == sorted(a.id for a in alerts)
    assert await committed(kafka_bootstrap, group, topics.alerts) == 25


async def test_a_dead_endpoint_ends_in_the_dead_letter_topic_without_blocking_another_sink(
    kafka_bootstrap: str, unique_name: str, receiver: Receiver, topics: NotifyTopics
) -> None:
    prefix, group = f"t{unique_name}.", f"notify-{unique_name}"
    dead = Receiver(plan=lambda attempt, wid: (503, {})).start()
    alerts = [make_alert(n) for n in range(6)]
    notify = settings(prefix, group, [
        webhook("dead", dead.url, give_up_after_s=6.0),
        webhook("live", receiver.url),
    ])  # fmt: skip
    await produce(kafka_bootstrap, topics.alerts, alerts)
    notifier, task = start(kafka_bootstrap, notify)
    try:
        await until(lambda: len(receiver.acknowledged_ids()) == 6, 30, "the live sink")
        letters = await read_all(kafka_bootstrap, topics.deadletter, 6, timeout_s=40)
        await until(lambda: notifier.tracker.pending() == 0, 10, "every record settled")
    finally:
        notifier.stop.set()
        await task
        dead.stop()
    # The live sink had everything before the dead one gave up its first alert.
    last_live = max(r.at for r in receiver.acknowledged())
    first_given_up = min(parse_utc(str(letter["failed_at"])) for letter in letters)
    assert last_live < first_given_up.timestamp()
    assert sorted(letter["alert_id"] for letter in letters) == sorted(a.id for a in alerts)
    assert {letter["sink"] for letter in letters} == {"dead"}
    assert all(letter["reason"] == "HTTP 503" for letter in letters)
    assert all(letter["alert"]["id"] == letter["alert_id"] for letter in letters)  # type: ignore[index]
    assert receiver.acknowledged_ids() == {a.id: 1 for a in alerts}
    assert await committed(kafka_bootstrap, group, topics.alerts) == 6


async def test_a_new_group_told_to_start_at_the_end_delivers_only_alerts_raised_after_it(
    kafka_bootstrap: str, unique_name: str, receiver: Receiver, topics: NotifyTopics
) -> None:
    prefix, group = f"t{unique_name}.", f"notify-{unique_name}"
    old = [make_alert(n) for n in range(5)]
    await produce(kafka_bootstrap, topics.alerts, old)
    notify = settings(prefix, group, [webhook("ops", receiver.url)], first_start="end")
    notifier, task = start(kafka_bootstrap, notify)
    new: list[Any] = []
    try:
        # New alerts until one is delivered: those sent before the group found the end of
        # the topic are behind it, by design; none of the old ones may come.
        for n in range(60):
            new.append(make_alert(100 + n))
            await produce(kafka_bootstrap, topics.alerts, new[-1:])
            await asyncio.sleep(0.5)
            if receiver.acknowledged_ids():
                break
        await until(lambda: notifier.tracker.pending() == 0, 10, "every record settled")
        await asyncio.sleep(1.0)  # an old alert would show up here
    finally:
        notifier.stop.set()
        await task
    delivered = receiver.acknowledged_ids()
    assert delivered, "no alert raised after the notifier joined was delivered"
    assert set(delivered) <= {a.id for a in new}
    assert not set(delivered) & {a.id for a in old}
