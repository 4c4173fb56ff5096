"""Several `newsmon worker` processes in one group against the real broker: failover."""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer

from newsmon.config import load_config
from newsmon.kafka.admin import ensure_topics
from streams.channels import TopicNames, topic_specs
from streams.classify.definitions import load_topics
from tests.streams.articles import article
from tests.streams.kafka_io import Record, collect
from tests.streams.worker_process import WorkerProcess, write_config

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

ARTICLES = 1200


@pytest.mark.timeout(360)
async def test_no_article_is_lost_when_one_of_two_workers_is_killed_mid_stream(
    kafka_bootstrap: str, unique_name: str, tmp_path: Path
) -> None:
    config_path = write_config(tmp_path / "newsmon.yaml", kafka_bootstrap, unique_name)
    config = load_config(config_path, env={})
    names = TopicNames(config.worker.topic_prefix, load_topics(None).names)
    await ensure_topics(kafka_bootstrap, topic_specs(names, config.kafka))
    site = f"{unique_name}.example"
    articles = [
        article(f"https://{site}/item/{n}", f"Harbour report number {n}",
                f"The harbour master logged {n} ships and {n * 7 % 13} ferries today.")
        for n in range(ARTICLES)
    ]  # fmt: skip
    first = WorkerProcess(config_path, tmp_path / "first.log", verbose=True).start()
    second = WorkerProcess(config_path, tmp_path / "second.log", verbose=True).start()
    wanted = {a.id for a in articles}
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        for n, item in enumerate(articles):
            await producer.send(names.raw, value=item.to_json(), key=item.key())
            if n == ARTICLES // 4:
                # Both workers in the group and busy before one of them dies.
                await producer.flush()
                await collect(kafka_bootstrap, names.classified, timeout_s=90,
                              until=_has_all({a.id for a in articles[: n + 1]}))  # fmt: skip
            if n % 50 == 49:
                await producer.flush()
                await asyncio.sleep(0.05)
            if n == ARTICLES // 2:
                second.stop(signal.SIGKILL)
        await producer.flush()
    finally:
        await producer.stop()
    classified = await collect(kafka_bootstrap, names.classified, until=_has_all(wanted),
                               timeout_s=240)  # fmt: skip
    first.stop(signal.SIGTERM)
    missing = wanted - _ids(classified)
    assert not missing, f"{len(missing)} lost\n{first.log_tail(150)}"


def _ids(records: list[Record]) -> set[str]:
    return {json.loads(r.value)["article"]["id"] for r in records}


def _has_all(wanted: set[str]) -> Callable[[list[Record]], bool]:
    return lambda records: wanted <= _ids(records)
