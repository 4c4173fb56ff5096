"""Fixtures of the fetcher tests: a local feed server and fetcher settings fit for tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.settings import ConnectorSettings
from tests.support.feeds import FeedServer, feed_server  # noqa: F401 - the shared fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


@pytest.fixture
def settings() -> ConnectorSettings:
    """No spacing (tests that measure spacing set their own), a short deadline."""
    return ConnectorSettings(
        per_host_spacing_s=0.0, fetch_deadline_s=5.0, contact="test@example.org"
    )


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
