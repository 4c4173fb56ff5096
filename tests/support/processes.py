"""Helpers for end-to-end tests: topics read by real clients, /metrics scraped."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaConsumer


async def collect(
    bootstrap: str,
    topics: list[str],
    keep: Callable[[str, dict[str, Any]], bool],
    done: Callable[[dict[str, list[dict[str, Any]]]], bool],
    timeout_s: float,
) -> dict[str, list[dict[str, Any]]]:
    """Read `topics` from the beginning with an independent consumer until `done` or timeout."""
    found: dict[str, list[dict[str, Any]]] = {topic: [] for topic in topics}
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    try:
        deadline = asyncio.get_running_loop().time() + timeout_s
        while not done(found) and asyncio.get_running_loop().time() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            for partition, messages in batches.items():
                for message in messages:
                    value = json.loads(message.value)
                    if keep(partition.topic, value):
                        found[partition.topic].append(value)
    finally:
        await consumer.stop()
    return found


def scrape(url: str) -> dict[str, float]:
    """Prometheus text exposition as {'name{labels}': value} (comments skipped)."""
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    samples: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    return samples


def metric_total(samples: dict[str, float], name: str, **labels: str) -> float:
    """Sum of the samples of `name` whose labels include `labels`."""
    total = 0.0
    for key, value in samples.items():
        base = key.split("{", 1)[0]
        if base != name:
            continue
        if all(f'{k}="{v}"' in key for k, v in labels.items()):
            total += value
    return total
