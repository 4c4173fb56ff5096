"""Feed server -> connector -> Kafka -> worker -> output topics, read by real clients."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsmon.broker.local import free_port
from newsmon.contract.topics import ALERTS, ARTICLES_CLASSIFIED, per_topic
from newsmon.kafka.admin import ensure_topics
from newsmon.kafka.settings import KafkaSettings
from newsmon.sample.server import SampleFeedServer, sample_feed_bytes
from streams.channels import TopicNames, topic_specs
from tests.support.cli import newsmon_process
from tests.support.kafka_io import collect_json
from tests.support.metrics import metric_total, scrape

pytestmark = [pytest.mark.kafka, pytest.mark.slow, pytest.mark.timeout(240)]

# Items of our sample feed by slug, with the topics a correct classifier gives them.
EXPECTED = {
    "nato-baltic-air-policing": {"nato"},
    "eu-sanctions-shadow-fleet": {"sanctions"},
    "volvex-exits-russia": {"foreign_business"},
    "ofac-designation-network": {"sanctions"},
    "cycle-lanes": set(),
    "club-fined-crowd": set(),
    "singer-pulls-out-tour": set(),
}


def _slug(article: dict[str, Any]) -> str:
    return str(article["url"]).rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]


@pytest.fixture
def feed_server(unique_name: str) -> Any:
    # The sample feed with links on a host of this test's own, so that ids (hashes of the
    # canonical URL) are new and no other test's messages can match.
    body = sample_feed_bytes().replace(
        b"sample.newsmon.invalid", f"e2e-{unique_name}.invalid".encode()
    )
    with SampleFeedServer(body=body) as server:
        yield server


def _config(
    tmp_path: Path, bootstrap: str, feed_url: str, unique_name: str
) -> tuple[Path, int, int]:
    worker_port, connector_port = free_port(), free_port()
    config = {
        "kafka": {"bootstrap": bootstrap},
        "connector": {"feeds": [{"url": feed_url}], "metrics_port": connector_port},
        "worker": {"app_id": f"e2e-{unique_name}", "web_port": worker_port},
    }
    path = tmp_path / "newsmon.yaml"
    path.write_text(yaml.safe_dump(config))
    return path, worker_port, connector_port


async def test_feed_articles_reach_topic_topics_alerts_kcat_and_metrics(
    own_broker: str, feed_server: SampleFeedServer, unique_name: str, tmp_path: Path
) -> None:
    kafka_bootstrap = own_broker
    config, worker_port, connector_port = _config(
        tmp_path, kafka_bootstrap, feed_server.url, unique_name
    )
    host = f"e2e-{unique_name}.invalid"
    topic_names = ["nato", "sanctions", "foreign_business"]
    outputs = [ARTICLES_CLASSIFIED, ALERTS, *(per_topic(name) for name in topic_names)]

    def ours(topic: str, value: dict[str, Any]) -> bool:
        if topic == ALERTS:
            return host in str(value.get("url", ""))
        return host in str(value["article"]["url"])

    def complete(found: dict[str, list[dict[str, Any]]]) -> bool:
        # Each output topic is written on its own: the per-topic copies may land a moment
        # after the classified records, so wait for one copy per label the classified carry.
        # Compared as sets: a record read twice (a replay after a rebalance) must not make
        # up for a copy still missing.
        originals = [m for m in found[ARTICLES_CLASSIFIED] if m["duplicate_of"] is None]
        copies_complete = all(
            {_slug(m["article"]) for m in originals if name in {t["name"] for t in m["topics"]}}
            <= {_slug(m["article"]) for m in found[per_topic(name)]}
            for name in topic_names
        )
        # Every topic's alert, not a count: four alerts of two topics can come before the
        # third's (the raw partitions are read in no set order).
        alerted = {a["topic"] for a in found[ALERTS]}
        return (
            len(found[ARTICLES_CLASSIFIED]) >= 10
            and alerted >= set(topic_names)
            and copies_complete
        )

    # Created before our consumer subscribes, so it never meets a partition still electing
    # its first leader (the worker would create them too).
    await ensure_topics(
        kafka_bootstrap, topic_specs(TopicNames("", tuple(topic_names)), KafkaSettings())
    )
    with (
        newsmon_process("worker", "--config", str(config), log=tmp_path / "worker.log"),
        newsmon_process("connector", "--config", str(config), log=tmp_path / "connector.log"),
    ):
        found = await collect_json(kafka_bootstrap, outputs, ours, complete, timeout_s=150)
        connector_metrics = scrape(f"http://127.0.0.1:{connector_port}/metrics")
        worker_metrics = scrape(f"http://127.0.0.1:{worker_port}/metrics")

    logs = "\n".join(p.read_text(errors="replace")[-3000:] for p in tmp_path.glob("*.log"))
    classified = {
        _slug(m["article"]): {t["name"] for t in m["topics"]} for m in found[ARTICLES_CLASSIFIED]
    }
    assert len(classified) == 10, f"expected the 10 sample items, got {sorted(classified)}\n{logs}"
    for slug, topics in EXPECTED.items():
        assert classified[slug] == topics, (slug, classified[slug])

    for name in topic_names:
        slugs = {_slug(m["article"]) for m in found[per_topic(name)]}
        assert slugs == {s for s, topics in classified.items() if name in topics}, name

    alerted = {a["topic"] for a in found[ALERTS]}
    assert alerted == {"nato", "sanctions", "foreign_business"}
    assert all(len(a["article_ids"]) >= 1 for a in found[ALERTS])

    assert metric_total(connector_metrics, "newsmon_connector_articles_published_total") >= 10
    assert (
        metric_total(worker_metrics, "newsmon_worker_articles_classified_total", topic="sanctions")
        >= 2
    )

    _kcat_reads_per_topic_topic(kafka_bootstrap, per_topic("sanctions"), host)


def _kcat_reads_per_topic_topic(bootstrap: str, topic: str, host: str) -> None:
    """kcat, as a downstream app that is not Python, reads our keys and JSON values."""
    if shutil.which("kcat") is None:
        if os.environ.get("CI"):
            pytest.fail("kcat is missing: .ci/run should have installed it")
        pytest.skip("kcat is not installed here (.ci/run installs it)")
    result = subprocess.run(
        ["kcat", "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q",
         "-f", "%k\t%s\n"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    ours = [line for line in result.stdout.splitlines() if host in line]
    assert len(ours) >= 2, result.stdout[-2000:]
    key, _, value = ours[0].partition("\t")
    assert len(key) == 32
    assert json.loads(value)["schema_version"] == 1
