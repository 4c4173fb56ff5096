"""Fixtures for the tests in this directory (they live in tests/support)."""

from tests.support.fetch_env import *  # noqa: F403
