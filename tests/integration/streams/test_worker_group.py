"""A worker joining others of its app id says so, and that they decide as one (real broker)."""

from __future__ import annotations

import logging

import pytest
from aiokafka import AIOKafkaConsumer

from newsmon.config import parse_config
from newsmon.kafka.admin import TopicSpec, ensure_topics
from streams.worker import note_group_in_use

pytestmark = pytest.mark.kafka


async def test_a_worker_starting_beside_another_of_its_app_id_logs_a_notice(
    kafka_bootstrap: str, unique_name: str, caplog: pytest.LogCaptureFixture
) -> None:
    app_id = f"group-{unique_name}"
    config = parse_config({"kafka": {"bootstrap": kafka_bootstrap},
                           "worker": {"app_id": app_id}}, env={})  # fmt: skip
    assert await note_group_in_use(config) == 0

    topic = f"group-topic-{unique_name}"
    await ensure_topics(kafka_bootstrap, [TopicSpec(topic, 1, 1)])
    running = AIOKafkaConsumer(topic, bootstrap_servers=kafka_bootstrap, group_id=app_id)
    await running.start()
    try:
        await running.getmany(timeout_ms=2000)  # joined the group once it has fetched
        with caplog.at_level(logging.INFO, logger="streams.worker"):
            assert await note_group_in_use(config) == 1
    finally:
        await running.stop()
    assert "one of them holds the story state" in caplog.text
    assert "decide as one worker would" in caplog.text
    assert "worker.session_timeout_s" in caplog.text  # a restart after a crash also sees one
