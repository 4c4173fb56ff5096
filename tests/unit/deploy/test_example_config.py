"""deploy/newsmon.example.yaml is a configuration newsmon accepts, as compose uses it."""

from __future__ import annotations

from newsmon.config import load_config
from tests.support.deploy_files import EXAMPLE_CONFIG


def test_example_configuration_validates() -> None:
    config = load_config(EXAMPLE_CONFIG, env={})
    assert config.connector.feeds, "the example should show how feeds are listed"
    assert all(feed.name for feed in config.connector.feeds)


def test_compose_environment_points_the_example_at_the_kafka_service() -> None:
    config = load_config(EXAMPLE_CONFIG, env={"NEWSMON_KAFKA_BOOTSTRAP": "kafka:19092"})
    assert config.kafka.bootstrap == "kafka:19092"


def test_example_fits_a_single_broker() -> None:
    assert load_config(EXAMPLE_CONFIG, env={}).kafka.replication_factor == 1
