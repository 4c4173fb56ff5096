"""Fixtures for the tests in this directory (they live in tests/support)."""

from tests.support.notify_env import *  # noqa: F403
