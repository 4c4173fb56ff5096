"""A surge of new stories through `newsmon worker` on the real broker gives exactly one burst."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsmon.config import load_config
from newsmon.kafka.admin import ensure_topics
from streams.channels import TopicNames, topic_specs
from streams.classify.definitions import load_topics
from tests.bursts.stories import nato_article
from tests.streams.kafka_io import collect, produce
from tests.streams.worker_process import WorkerProcess, write_config

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


async def test_a_surge_through_the_worker_yields_exactly_one_burst_alert(
    kafka_bootstrap: str, unique_name: str, tmp_path: Path
) -> None:
    config_path = write_config(tmp_path / "newsmon.yaml", kafka_bootstrap, unique_name)
    config = load_config(config_path, env={})
    names = TopicNames(config.worker.topic_prefix, load_topics(None).names)
    await ensure_topics(kafka_bootstrap, topic_specs(names, config.kafka))
    # Ten new NATO stories published within five minutes: a fresh topic bursts once it has
    # counted 6 (default settings), and the rest fall in the same window.
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    site = f"{unique_name}.example"
    surge = [nato_article(i, start + timedelta(seconds=30 * i), site) for i in range(10)]
    with WorkerProcess(config_path, tmp_path / "worker.log") as worker:
        await produce(kafka_bootstrap, names.raw, [(a.key(), a.to_json()) for a in surge])
        records = await collect(
            kafka_bootstrap, names.alerts,
            until=lambda rs: any(json.loads(r.value)["kind"] == "burst" for r in rs)
            and len(rs) >= 11,
            settle_s=3.0,
        )  # fmt: skip
        log_tail = worker.log_tail()
    alerts = [json.loads(r.value) for r in records]
    burst = [a for a in alerts if a["kind"] == "burst"]
    assert len(burst) == 1, log_tail
    # The two raw partitions interleave in any order, so the story that completes the burst
    # (and with it the count) may vary; never below the 6 a fresh topic needs.
    count = burst[0]["burst"]["count"]
    assert burst[0]["topic"] == "nato" and 6 <= count <= 10
    ids = [a.id for a in surge]
    assert burst[0]["story_ids"] == [i for i in ids if i in burst[0]["story_ids"]]
    assert len(burst[0]["story_ids"]) == count
    assert records[[a["kind"] for a in alerts].index("burst")].key == burst[0]["id"].encode()
    assert sum(a["kind"] == "new" for a in alerts) == 10
