"""promtool checks: the alert rules parse and pass their unit tests, the Prometheus
configuration is valid, and each metrics module's exposition passes `promtool check metrics`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from prometheus_client import CollectorRegistry

from tests.support.deploy_files import (
    ALERTS_FILE,
    ALERTS_TEST_FILE,
    PROMETHEUS_CONFIG,
    PROMETHEUS_DIR,
    connector_registry,
    exposition,
    notifier_registry,
    run_promtool,
    worker_registry,
)


def test_alert_rules_pass_promtool_check_rules() -> None:
    result = run_promtool("check", "rules", str(ALERTS_FILE))
    assert result.returncode == 0, result.stdout + result.stderr


def test_alert_rules_pass_their_promtool_unit_tests() -> None:
    result = run_promtool("test", "rules", ALERTS_TEST_FILE.name, cwd=PROMETHEUS_DIR)
    assert result.returncode == 0, result.stdout + result.stderr


def test_prometheus_configuration_and_its_rule_files_are_valid() -> None:
    result = run_promtool("check", "config", PROMETHEUS_CONFIG.name, cwd=PROMETHEUS_DIR)
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_check_metrics_rejects_a_millisecond_metric() -> None:
    # The lint below is only worth something if promtool does complain about bad names.
    bad = (
        b"# HELP newsmon_x_milliseconds x\n"
        b"# TYPE newsmon_x_milliseconds gauge\n"
        b"newsmon_x_milliseconds 1\n"
    )
    result = run_promtool("check", "metrics", stdin=bad)
    assert result.returncode != 0
    assert "seconds" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "registry_of",
    [connector_registry, worker_registry, notifier_registry],
    ids=["connector", "worker", "notifier"],
)
def test_metrics_exposition_passes_promtool_check_metrics(
    registry_of: Callable[[], CollectorRegistry],
) -> None:
    text = exposition(registry_of())
    assert b"newsmon_" in text, "the module exposes no newsmon metric"
    result = run_promtool("check", "metrics", stdin=text)
    assert result.returncode == 0, result.stdout + result.stderr
