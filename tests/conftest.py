"""Fixtures shared by every tier: the real local Kafka broker and the shared corpus."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsmon.broker.local import LocalBroker
from tests.support.faust_threads import close_consumer_thread_loop

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
CORPUS_DIR = SHARED_DIR / "corpus"


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real broker: NEWSMON_KAFKA_BOOTSTRAP, else one started for the test session."""
    external = os.environ.get("NEWSMON_KAFKA_BOOTSTRAP")
    if external:
        yield external
        return
    broker = LocalBroker(run_dir=tmp_path_factory.mktemp("kafka"))
    try:
        yield broker.start()
    finally:
        broker.stop()


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[str]:
    """A broker for one test alone, for tests of what runs on the unprefixed topics (`newsmon
    run`, the connector, which always publishes to newsmon.articles.raw): a fresh worker reads
    that topic from its beginning, and the session's other tests leave articles there (the same
    sample texts would make this test's articles duplicates). With NEWSMON_KAFKA_BOOTSTRAP set,
    that broker."""
    external = os.environ.get("NEWSMON_KAFKA_BOOTSTRAP")
    if external:
        yield external
        return
    broker = LocalBroker(run_dir=tmp_path / "own-kafka")
    try:
        yield broker.start()
    finally:
        broker.stop()


@pytest.fixture
def unique_name() -> str:
    """A fresh suffix for topic and group names, so tests never see each other's messages."""
    return uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """../shared/corpus beside the checkout; tests that need it skip cleanly where it is absent."""
    if not CORPUS_DIR.is_dir():
        pytest.skip("../shared/corpus is absent (it only exists beside the team's checkouts)")
    return CORPUS_DIR


@pytest.fixture
def faust_apps() -> Iterator[list[Any]]:
    """The faust apps a test builds without running them: at its end, the loops their consumer
    threads were given are closed (`tests.support.faust_threads`)."""
    apps: list[Any] = []
    yield apps
    for app in apps:
        close_consumer_thread_loop(app)
