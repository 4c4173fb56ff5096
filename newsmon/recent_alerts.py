"""The newest alerts already on the alerts topic, for a terminal that starts watching late.

`newsmon run` shows them at start, so a second run (whose articles are all known and raise
no new alert) still shows what the monitor has found.
"""

from __future__ import annotations

import json
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from newsmon.contract.topics import ALERTS


def _line(alert: dict[str, Any]) -> str:
    title = " ".join(str(alert.get("title", "")).split()) or "(untitled)"
    return (
        f"{alert.get('created_at', '?')} [{alert.get('severity', '?')}] "
        f"{alert.get('topic', '?')}: {title} ({alert.get('url', '')})"
    )


def _decode(value: bytes | None) -> dict[str, Any] | None:
    """An alert object, or None for anything else (a foreign producer may write there too)."""
    try:
        alert = json.loads(value) if value else None
    except ValueError:
        return None
    return alert if isinstance(alert, dict) else None


async def _partitions(bootstrap: str, topic: str) -> list[int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        await admin.start()
        [description] = await admin.describe_topics([topic])
    except KafkaError:
        return []
    finally:
        await admin.close()
    if description.get("error_code"):
        return []  # most often: the topic does not exist yet
    return sorted(int(p["partition"]) for p in description["partitions"])


async def recent_alerts(bootstrap: str, limit: int = 5, topic: str = ALERTS) -> list[str]:
    """Up to `limit` newest alerts as display lines, oldest first; [] when there are none.

    Any Kafka trouble gives [] too: this is a courtesy, never a reason not to start.
    """
    partitions = await _partitions(bootstrap, topic)
    if not partitions:
        return []
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        await consumer.start()
    except KafkaError:
        return []
    try:
        assigned = [TopicPartition(topic, p) for p in partitions]
        consumer.assign(assigned)
        ends = await consumer.end_offsets(assigned)
        for tp in assigned:
            consumer.seek(tp, max(0, ends[tp] - limit))
        found: list[dict[str, Any]] = []
        pending = {tp for tp in assigned if ends[tp] > 0}
        while pending:
            batch = await consumer.getmany(*pending, timeout_ms=2000)
            if not batch:
                break
            for tp, messages in batch.items():
                found.extend(alert for m in messages if (alert := _decode(m.value)))
                if await consumer.position(tp) >= ends[tp]:
                    pending.discard(tp)
        found.sort(key=lambda alert: str(alert.get("created_at", "")))
        return [_line(alert) for alert in found[-limit:]]
    except (TimeoutError, KafkaError):
        return []
    finally:
        await consumer.stop()
