from __future__ import annotations

from pathlib import Path

import pytest

from newsmon.config import ConfigError, load_config, parse_config
from newsmon.launcher import default_config


def test_defaults_validate_without_a_file() -> None:
    config = load_config(None, env={})
    assert config.kafka.bootstrap is None
    assert config.connector.feeds == ()


def test_bad_feed_url_is_named_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "connector:\n  feeds:\n    - url: https://ok.example/feed\n    - url: ftp://x\n"
    )
    with pytest.raises(ConfigError, match=r"connector\.feeds\.1\.url: .*http"):
        load_config(path, env={})


def test_unknown_field_is_rejected_by_name() -> None:
    with pytest.raises(ConfigError, match=r"kafka\.bootstrp"):
        parse_config({"kafka": {"bootstrp": "x:1"}}, env={})


def test_interval_bounds_are_checked_together() -> None:
    with pytest.raises(ConfigError, match="min_interval_s must not exceed max_interval_s"):
        parse_config({"connector": {"min_interval_s": 10, "max_interval_s": 5}}, env={})


def test_environment_overrides_bootstrap_and_private_address_guard() -> None:
    env = {"NEWSMON_KAFKA_BOOTSTRAP": "k:9092", "NEWSMON_BLOCK_PRIVATE_ADDRESSES": "1"}
    config = parse_config({}, env=env)
    assert config.kafka.bootstrap == "k:9092"
    assert config.connector.block_private_addresses is True


def test_invalid_yaml_is_reported_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("kafka: [unclosed\n")
    with pytest.raises(ConfigError, match=r"broken\.yaml"):
        load_config(path, env={})


def test_default_run_configuration_is_valid_and_includes_the_sample_feed() -> None:
    config = parse_config(default_config("http://127.0.0.1:1/feed.xml"), env={})
    urls = [feed.url for feed in config.connector.feeds]
    assert urls[0] == "http://127.0.0.1:1/feed.xml"
    assert len(urls) > 1


def test_listen_host_override_applies_to_connector_and_worker() -> None:
    config = parse_config({}, env={"NEWSMON_LISTEN_HOST": "0.0.0.0"})
    assert config.connector.listen_host == "0.0.0.0"
    assert config.worker.web_host == "0.0.0.0"
    assert parse_config({}, env={}).connector.listen_host == "127.0.0.1"


def test_default_run_configuration_has_a_notifier_with_a_stream_and_no_sinks() -> None:
    config = parse_config(default_config("http://127.0.0.1:1/feed.xml"), env={})
    assert config.notify is not None
    assert config.notify.stream.port not in (0, 8088)  # a free port, so the demo never collides
    assert config.notify.webhooks == () and config.notify.apprise == ()
