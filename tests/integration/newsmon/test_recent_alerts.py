from __future__ import annotations

import json

import pytest
from aiokafka import AIOKafkaProducer

from newsmon.kafka.admin import TopicSpec, ensure_topics
from newsmon.recent_alerts import recent_alerts

pytestmark = pytest.mark.kafka


async def test_the_newest_alerts_come_back_oldest_first(
    kafka_bootstrap: str, unique_name: str
) -> None:
    topic = f"test.alerts.{unique_name}"
    await ensure_topics(kafka_bootstrap, [TopicSpec(topic, 2, 1)])
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"[not an alert]", partition=0)
        await producer.send_and_wait(topic, b"\xff not json", partition=1)
        for n in range(7):
            alert = {
                "created_at": f"2026-01-01T00:00:0{n}.000Z",
                "severity": "info",
                "topic": "nato",
                "title": f"story {n}",
                "url": f"https://x.test/{n}",
            }
            await producer.send_and_wait(topic, json.dumps(alert).encode(), key=str(n).encode())
    finally:
        await producer.stop()
    lines = await recent_alerts(kafka_bootstrap, limit=3, topic=topic)
    assert [line.split(": ", 1)[1].split(" (")[0] for line in lines] == [
        "story 4",
        "story 5",
        "story 6",
    ]


async def test_a_missing_alerts_topic_gives_nothing(kafka_bootstrap: str, unique_name: str) -> None:
    assert await recent_alerts(kafka_bootstrap, topic=f"absent.{unique_name}") == []
