"""Shared helpers for the classifier tests: the packaged topics compiled once."""

from __future__ import annotations

import pytest

from streams.classify import Classifier, TopicSet, load_topics


@pytest.fixture(scope="session")
def default_topics() -> TopicSet:
    return load_topics()


@pytest.fixture(scope="session")
def classifier(default_topics: TopicSet) -> Classifier:
    return Classifier(default_topics)
