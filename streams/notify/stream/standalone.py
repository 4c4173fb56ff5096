"""The live stream on its own, for tests and development: `serve_stream(config)` or
`python -m streams.notify.stream [--config FILE]`. The notifier (`newsmon notify`) normally
starts the same `SseStream` inside its own process."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from prometheus_client import CollectorRegistry

from newsmon.config import Config
from newsmon.contract.topics import ALERTS, per_topic
from streams.classify.definitions import load_topics
from streams.notify.settings import StreamSettings
from streams.notify.stream.server import SseStream


def stream_for(config: Config, *, registry: CollectorRegistry | None = None) -> SseStream:
    """An SseStream over the topics `config`'s worker writes (its topic file and prefix)."""
    settings = config.notify.stream if config.notify is not None else StreamSettings()
    prefix = config.worker.topic_prefix
    names = tuple(load_topics(config.worker.topics_file).names)
    topic_for: Callable[[str], str] = lambda name: prefix + per_topic(name)  # noqa: E731
    return SseStream(
        settings, config.kafka, alerts_topic=prefix + ALERTS, topic_for=topic_for,
        known_topics=names, registry=registry,
    )  # fmt: skip


async def serve_stream(config: Config, stop: asyncio.Event | None = None) -> None:
    """Serve the stream until `stop` is set (or the task is cancelled), then close every
    connection. Raises what `SseStream.start` raises."""
    stream = stream_for(config)
    await stream.start()
    try:
        await (stop if stop is not None else asyncio.Event()).wait()
    finally:
        await stream.stop()
