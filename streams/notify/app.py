"""Entry points of `newsmon notify`: run the notifier, or send one test message to one sink."""

from __future__ import annotations

import asyncio
import logging
import sys
import uuid
from datetime import UTC, datetime

from newsmon.config import Config
from newsmon.contract.alert import Alert
from streams.notify import metrics
from streams.notify.records import delivery_id
from streams.notify.service import Notifier, serve_until_signalled
from streams.notify.settings import NotifySettings
from streams.notify.sinks.base import Delivery, DeliveryFailed, SinkSetupError
from streams.notify.sinks.build import build_sinks

log = logging.getLogger(__name__)


def notify_settings(config: Config) -> NotifySettings:
    if config.notify is None:
        log.warning("no notify section in the configuration: no sinks, stream defaults")
        return NotifySettings()
    return config.notify


def run_notifier(config: Config) -> int:
    """Run until SIGINT/SIGTERM; 2 when the configuration or environment is unusable."""
    settings = notify_settings(config)
    bootstrap = config.kafka.bootstrap
    if not bootstrap:
        print("newsmon notify: kafka.bootstrap: not set (or set NEWSMON_KAFKA_BOOTSTRAP)",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        sinks = build_sinks(settings)
    except SinkSetupError as exc:
        print(f"newsmon notify: {exc}", file=sys.stderr)
        return 2
    metrics.init_sinks(sink.name for sink in sinks)
    metrics.serve(settings.metrics_port, settings.stream.host)
    names = ", ".join(sink.name for sink in sinks) or "none"
    print(f"newsmon notify: group {settings.app_id}, sinks: {names}", flush=True)

    async def main() -> None:
        # aiokafka's clients must be created inside the running loop.
        await serve_until_signalled(Notifier(bootstrap, settings, sinks, config))

    asyncio.run(main())
    return 0


def test_alert(now: datetime | None = None) -> Alert:
    """A harmless alert that says it is a test, with a fresh id (never in the ledger)."""
    now = now or datetime.now(UTC)
    return Alert(
        id=f"test-{uuid.uuid4().hex[:16]}", kind="new", topic="test", severity="info",
        reason="a test message sent by `newsmon notify test`", story_id=None, story_ids=(),
        article_ids=(), title="newsmon test message: delivery works",
        url="https://example.org/newsmon-test", score=1.0, outlets=1, terms=("test",),
        published_at=now, fetched_at=now, created_at=now,
    )  # fmt: skip


async def _send_test(config: Config, sink_name: str) -> int:
    settings = notify_settings(config)
    try:
        sinks = {sink.name: sink for sink in build_sinks(settings)}
    except SinkSetupError as exc:
        print(f"newsmon notify test: {exc}", file=sys.stderr)
        return 2
    sink = sinks.get(sink_name)
    if sink is None:
        known = ", ".join(sorted(sinks)) or "none configured"
        print(f"newsmon notify test: --sink: no sink named {sink_name!r} ({known})",
              file=sys.stderr)  # fmt: skip
        return 2
    alert = test_alert()
    try:
        await sink.send(Delivery(delivery_id(sink.name, [alert.id]), (alert,)))
    except DeliveryFailed as failure:
        print(f"newsmon notify test: {sink_name}: not delivered: {failure.reason}",
              file=sys.stderr)  # fmt: skip
        return 1
    finally:
        await sink.close()
    print(f"newsmon notify test: {sink_name}: delivered {alert.id}", flush=True)
    return 0


def send_test(config: Config, sink_name: str) -> int:
    return asyncio.run(_send_test(config, sink_name))
