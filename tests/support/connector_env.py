"""Fixtures of the connector runtime tests: a feed server, a WebSub hub and a connector
configuration."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from connectors.service import Topics
from connectors.settings import ConnectorSettings, FeedConfig
from newsmon.kafka.settings import KafkaSettings
from tests.support.feeds import FeedServer, feed_server  # noqa: F401 - the shared fixture
from tests.support.websub_hub import TinyHub


@dataclass(frozen=True)
class Config:
    kafka: KafkaSettings
    connector: ConnectorSettings


@pytest.fixture
async def hub() -> AsyncIterator[TinyHub]:
    server = await TinyHub().start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def topics(unique_name: str) -> Topics:
    """Fresh feed-list and state topics; articles go to the real raw topic (filtered by feed)."""
    return Topics(feeds=f"test.{unique_name}.feeds", states=f"test.{unique_name}.state")


def make_config(bootstrap: str, feeds: list[str], unique_name: str, **connector: object) -> Config:
    settings = {
        "min_interval_s": 0.2,
        "max_interval_s": 2.0,
        "per_host_concurrency": 16,
        "per_host_spacing_s": 0.0,
        "metrics_port": 0,
        "fetch_deadline_s": 5.0,
        **connector,
    }
    return Config(
        KafkaSettings(bootstrap=bootstrap, client_id=f"test-{unique_name}", partitions=3),
        ConnectorSettings(feeds=tuple(FeedConfig(url=u) for u in feeds), **settings),  # type: ignore[arg-type]
    )
