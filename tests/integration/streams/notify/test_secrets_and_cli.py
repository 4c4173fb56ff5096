"""Secrets stay out of logs, metrics and dead letters; `newsmon notify test` and config errors."""

from __future__ import annotations

import asyncio
import logging
import subprocess
from pathlib import Path

import pytest
import yaml
from prometheus_client import REGISTRY, generate_latest

from newsmon.broker.local import free_port
from newsmon.config import parse_config
from streams.notify.service import Notifier
from streams.notify.settings import NotifySettings
from streams.notify.sinks.build import build_sinks
from streams.notify.topics import NotifyTopics
from tests.support.cli import newsmon_env, run_newsmon
from tests.support.notify_env import make_alert, produce, read_all
from tests.support.receiver import SECRET, Receiver

TOKEN = "Tok3nThatMustNeverLeak"


@pytest.mark.kafka
@pytest.mark.timeout(120)
async def test_secrets_never_reach_logs_metrics_or_dead_letters(
    kafka_bootstrap: str, unique_name: str, topics: NotifyTopics, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    closed = free_port()  # nothing listens: every attempt fails
    notify = NotifySettings.model_validate({
        "app_id": f"notify-{unique_name}", "topic_prefix": f"t{unique_name}.",
        "metrics_port": 0, "stream": {"port": 0},
        "webhooks": [{"name": "ops", "url": f"http://127.0.0.1:{closed}/h",
                      "secret_env": "S", "give_up_after_s": 1.5, "retry_initial_s": 0.2}],
        "apprise": [{"name": "desk", "urls_env": "U", "give_up_after_s": 1.5,
                     "retry_initial_s": 0.2}],
    })  # fmt: skip
    env = {"S": SECRET, "U": f"json://user:{TOKEN}@127.0.0.1:{closed}/x"}
    config = parse_config({"kafka": {"bootstrap": kafka_bootstrap}}, env={})
    notifier = Notifier(kafka_bootstrap, notify, build_sinks(notify, env=env), config)
    await produce(kafka_bootstrap, topics.alerts, [make_alert(1)])
    task = asyncio.create_task(notifier.run())
    try:
        letters = await read_all(kafka_bootstrap, topics.deadletter, 2, timeout_s=60)
    finally:
        notifier.stop.set()
        await task
    assert {letter["sink"] for letter in letters} == {"ops", "desk"}
    secret_key = SECRET.removeprefix("whsec_")
    exposed = caplog.text + generate_latest(REGISTRY).decode() + repr(letters)
    for secret in (TOKEN, secret_key, SECRET):
        assert secret not in exposed


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_newsmon(*args, env=newsmon_env(**env), timeout=60)


def test_notify_test_sends_one_signed_message_to_the_named_sink(tmp_path: Path) -> None:
    receiver = Receiver().start()
    config = tmp_path / "n.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "notify": {
                    "webhooks": [
                        {"name": "ops", "url": receiver.url, "secret_env": "NEWSMON_TEST_SECRET"}
                    ]
                }
            }
        )
    )
    try:
        done = _cli(["notify", "test", "--sink", "ops", "--config", str(config)],
                    {"NEWSMON_TEST_SECRET": SECRET})  # fmt: skip
        unknown = _cli(["notify", "test", "--sink", "nope", "--config", str(config)],
                       {"NEWSMON_TEST_SECRET": SECRET})  # fmt: skip
    finally:
        receiver.stop()
    assert done.returncode == 0, done.stderr
    assert "ops: delivered test-" in done.stdout
    assert len(receiver.acknowledged()) == 1 and receiver.bad_signatures == 0
    assert receiver.acknowledged()[0].body["topic"] == "test"  # type: ignore[index]
    assert unknown.returncode == 2 and "--sink: no sink named 'nope' (ops)" in unknown.stderr


def test_notify_stops_at_start_up_naming_the_bad_field(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(
        yaml.safe_dump(
            {"notify": {"apprise": [{"name": "desk", "urls_env": "U", "digest": "weekly"}]}}
        )
    )
    result = _cli(["notify", "--config", str(config)], {})
    assert result.returncode == 2
    assert "notify.apprise.0.digest" in result.stderr
    missing = tmp_path / "missing.yaml"
    missing.write_text(
        yaml.safe_dump(
            {
                "kafka": {"bootstrap": "127.0.0.1:1"},
                "notify": {
                    "webhooks": [
                        {"name": "ops", "url": "https://example.org/h", "secret_env": "NOPE_S"}
                    ]
                },
            }
        )
    )
    result = _cli(["notify", "--config", str(missing)], {})
    assert result.returncode == 2
    assert "notify.webhooks.0.secret_env: environment variable NOPE_S is not set" in result.stderr
