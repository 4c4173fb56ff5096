"""After a Kafka blip, many publishers waiting together rebuild the shared producer once.

A unit test of the retry bookkeeping: the producers are stand-ins whose sends fail or succeed
on cue (the real-broker behaviour is covered in test_oversize_article and test_poll_once).
"""

from __future__ import annotations

import asyncio

from aiokafka.errors import KafkaConnectionError

from connectors.publisher import Publisher, Record
from newsmon.kafka.settings import KafkaSettings


class StandInProducer:
    def __init__(self, healthy: bool) -> None:
        self.healthy = healthy
        self.stopped = False

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        self.stopped = True

    async def send(self, topic: str, value: bytes | None, key: bytes) -> asyncio.Future[object]:
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        if self.healthy and not self.stopped:
            future.set_result(None)
        else:
            future.set_exception(KafkaConnectionError("broker went away"))
        return future


class CountingPublisher(Publisher):
    def __init__(self) -> None:
        super().__init__(KafkaSettings(bootstrap="127.0.0.1:9"), backoff_initial_s=0.05)
        self.built: list[StandInProducer] = []

    def _new_producer(self) -> StandInProducer:  # type: ignore[override]
        producer = StandInProducer(healthy=bool(self.built))  # the first one is broken
        self.built.append(producer)
        return producer


async def test_concurrent_publishers_rebuild_a_failed_producer_only_once() -> None:
    publisher = CountingPublisher()
    await publisher.start()
    records = [[Record("t", f"k{n}".encode(), b"v")] for n in range(8)]
    await asyncio.wait_for(asyncio.gather(*(publisher.publish(r) for r in records)), 10)
    assert len(publisher.built) == 2
    assert not publisher.built[1].stopped
