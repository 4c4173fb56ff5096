"""Test helpers: a running SseStream on private topics, a producer, and an SSE line reader
that sees the raw frames (ids, event types, data, keep-alive comments)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
from aiokafka import AIOKafkaProducer

from newsmon.broker.local import free_port
from newsmon.kafka.settings import KafkaSettings
from streams.notify.settings import StreamSettings
from streams.notify.stream import SseStream

TOPICS = ("nato", "sanctions")
PARTITIONS = 3


@dataclass
class Frame:
    """One SSE block: an event (id, event type, data) or a comment line."""

    id: str | None = None
    event: str | None = None
    data: str | None = None
    comment: str | None = None


@asynccontextmanager
async def running_stream(
    bootstrap: str, prefix: str, environ: Mapping[str, str] | None = None, **settings: object
) -> AsyncIterator[SseStream]:
    stream = SseStream(
        StreamSettings.model_validate({"port": free_port(), **settings}),
        KafkaSettings(bootstrap=bootstrap, partitions=PARTITIONS),
        alerts_topic=f"{prefix}.newsmon.alerts",
        topic_for=lambda name: f"{prefix}.newsmon.topic.{name}",
        known_topics=TOPICS,
        environ=environ or {},
    )
    await stream.start()
    try:
        yield stream
    finally:
        await stream.stop()


def alerts_url(stream: SseStream) -> str:
    return f"http://127.0.0.1:{stream.port}/v1/streams/alerts"


def record(n: int, pad: int = 0) -> bytes:
    """A record whose JSON we can recognise (`n`), optionally padded to be large."""
    return json.dumps({"n": n, "pad": "x" * pad}, separators=(",", ":")).encode()


class Producer:
    def __init__(self, bootstrap: str) -> None:
        self._producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all",
                                          max_request_size=4 * 1024 * 1024)  # fmt: skip

    async def __aenter__(self) -> Producer:
        await self._producer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._producer.stop()

    async def send(self, topic: str, values: list[bytes], first_partition: int = 0) -> None:
        """Send `values` round-robin over the partitions, each acknowledged."""
        futures = [
            await self._producer.send(topic, value, partition=(first_partition + i) % PARTITIONS)
            for i, value in enumerate(values)
        ]
        await asyncio.gather(*futures)


async def frames(response: aiohttp.ClientResponse) -> AsyncIterator[Frame]:
    """The frames of an SSE response as they arrive, parsed from its raw lines."""
    frame = Frame()
    data: list[str] = []
    async for raw in response.content:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            if data or frame.id is not None or frame.event is not None:
                frame.data = "\n".join(data)
                yield frame
            frame, data = Frame(), []
        elif line.startswith(":"):
            yield Frame(comment=line[1:].strip())
        else:
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "data":
                data.append(value)
            elif field == "id":
                frame.id = value
            elif field == "event":
                frame.event = value


async def next_events(
    response: aiohttp.ClientResponse, count: int, timeout_s: float = 30.0
) -> list[Frame]:
    """The next `count` record events (position frames and comments skipped)."""
    got: list[Frame] = []

    async def read() -> None:
        async for frame in frames(response):
            if frame.comment is None and frame.event is None:
                got.append(frame)
                if len(got) == count:
                    return

    await asyncio.wait_for(read(), timeout_s)
    return got
