"""Fixtures for the tests in this directory (they live in tests/support)."""

from tests.support.connector_env import *  # noqa: F403
