"""The README's examples are run here, so they cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsmon.config import parse_config
from streams.classify.classifier import Classifier
from streams.classify.definitions import parse_topics

README = Path(__file__).resolve().parents[3] / "README.md"


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_the_configuration_example_validates() -> None:
    [config_block] = [b for b in _yaml_blocks() if b.startswith("kafka:")]
    config = parse_config(yaml.safe_load(config_block), env={})
    assert config.kafka.replication_factor == 3
    assert config.connector.feeds[0].url.startswith("https://")


def test_the_topic_example_validates_and_labels_a_text_we_wrote() -> None:
    [topic_block] = [b for b in _yaml_blocks() if b.startswith("topics:")]
    topics = parse_topics(yaml.safe_load(topic_block), source="README")
    classifier = Classifier(topics)
    hit = classifier.classify(
        "Ransomware attack shuts down city hall services",
        "A ransomware attack encrypted the council's files and a ransom demand followed.",
        "",
        "en",
    )
    assert [match.name for match in hit] == ["ransomware"]
    assert hit[0].evidence[0].field == "title"
    miss = classifier.classify("Council buys ransomware insurance", "", "", "en")
    assert miss == ()


def test_the_metrics_table_lists_every_exported_metric_and_no_other() -> None:
    from prometheus_client import REGISTRY

    import connectors.metrics  # noqa: F401 - registers the connector's metrics
    import streams.notify.metrics  # noqa: F401 - registers the notifier's metrics
    from streams.metrics import WorkerMetrics
    from streams.notify.stream import StreamMetrics

    exported = set()
    stream = StreamMetrics(["alerts"]).registry  # the notifier's stream registers them on start
    for registry in (REGISTRY, WorkerMetrics(["nato"]).registry, stream):
        for family in registry.collect():
            if family.name.startswith("newsmon_"):
                suffix = "_total" if family.type == "counter" else ""
                exported.add(family.name + suffix)
    documented = set(re.findall(r"^\| `(newsmon_[a-z_]+)`", README.read_text(), flags=re.M))
    assert documented == exported


def test_the_notify_example_validates() -> None:
    [block] = [b for b in _yaml_blocks() if b.startswith("notify:") and "webhooks:" in b]
    notify = parse_config(yaml.safe_load(block), env={}).notify
    assert notify is not None
    assert [s.name for s in notify.webhooks] == ["ops"]
    assert notify.apprise[0].digest_s == 3600.0


def test_the_receiver_example_verifies_signatures_and_recognises_a_repeat(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import UTC, datetime

    from streams.notify.settings import WebhookSettings
    from streams.notify.sinks.webhook import WebhookSink
    from tests.support.notify_env import make_alert
    from tests.support.receiver import SECRET

    [example] = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    monkeypatch.setenv("NEWSMON_WEBHOOK_SECRET", SECRET)
    namespace: dict[str, Any] = {}
    exec(compile(example, "README receiver", "exec"), namespace)
    settings = WebhookSettings(name="ops", url="https://example.org/h", secret_env="S")
    sink = WebhookSink(settings, "notify.webhooks.0", env={"S": SECRET})
    body = make_alert(1).to_json()
    headers = sink.signed_headers("msg_1", body, datetime.now(UTC))
    assert namespace["receive"](body, headers) == 200
    assert namespace["receive"](body, headers) == 200  # the repeat is acknowledged, not handled
    assert capsys.readouterr().out.count(make_alert(1).title) == 1
    assert namespace["receive"](body + b" ", headers) == 401
