"""Outputs Kafka refuses, with the worker as a process against the real broker.

The classified topic is created beforehand with a small `max.message.bytes`, so an article
whose classified form is larger is refused by the broker itself, as in production.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newsmon.config import load_config
from newsmon.kafka.admin import TopicSpec, ensure_topics
from streams.channels import TopicNames, topic_specs
from streams.classify.definitions import load_topics
from tests.support.articles import QUIET_BODY, quiet_article
from tests.support.kafka_io import collect, committed_offsets, produce
from tests.support.worker_process import WorkerProcess, write_config

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

CLASSIFIED_LIMIT = 8_000  # bytes: a usual article fits, the long one below does not


@pytest.fixture
async def small_classified(kafka_bootstrap: str, unique_name: str,
                           tmp_path: Path) -> Iterator[tuple[Path, TopicNames]]:  # fmt: skip
    config_path = write_config(tmp_path / "newsmon.yaml", kafka_bootstrap, unique_name)
    config = load_config(config_path, env={})
    names = TopicNames(config.worker.topic_prefix, load_topics(None).names)
    specs = topic_specs(names, config.kafka)
    limited = [
        replace(spec, configs={**spec.configs, "max.message.bytes": str(CLASSIFIED_LIMIT)})
        if spec.name == names.classified
        else spec
        for spec in specs
    ]
    assert any(isinstance(s, TopicSpec) and s.name == names.classified for s in limited)
    await ensure_topics(kafka_bootstrap, limited)
    yield config_path, names


async def test_an_output_kafka_refuses_as_too_large_is_dead_lettered_and_the_next_goes_on(
    kafka_bootstrap: str, small_classified: tuple[Path, TopicNames], tmp_path: Path
) -> None:
    config_path, names = small_classified
    site = f"{tmp_path.name}.example"
    long = quiet_article(site, 1)
    long = replace(long, summary=" ".join([QUIET_BODY] * 200))  # ~17 kB of text
    after = quiet_article(site, 2)
    app_id = load_config(config_path, env={}).worker.app_id
    with WorkerProcess(config_path, tmp_path / "worker.log") as worker:
        # One key: both on one partition, the second record behind the refused one.
        await produce(kafka_bootstrap, names.raw,
                      [(long.key(), long.to_json()), (long.key(), after.to_json())])  # fmt: skip
        dead = await collect(kafka_bootstrap, names.deadletter, until=lambda rs: len(rs) >= 1)
        classified = await collect(kafka_bootstrap, names.classified,
                                   until=lambda rs: len(rs) >= 1, settle_s=1.0)  # fmt: skip
        assert worker.stop() == 0
    offsets = await committed_offsets(kafka_bootstrap, app_id)

    [letter_record] = dead
    letter = json.loads(letter_record.value)
    assert letter["error_kind"] == "processing"
    assert "TooLarge" in letter["reason"]
    assert (letter["topic"], letter["offset"]) == (names.raw, 0)
    assert [json.loads(r.value)["article"]["id"] for r in classified] == [after.id]
    # Both records are settled, so both offsets are committed: nothing is re-read for ever.
    assert sorted(o for (topic, _), o in offsets.items() if topic == names.raw) in ([2], [0, 2])
