"""The alert rules cover what operations needs, are documented, use only metrics the code
exports, and each one is unit-tested both firing and silent."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.support.deploy_files import ALERTS_FILE, ALERTS_TEST_FILE, exposed_names, unknown_metrics

REQUIRED_ALERTS = {
    "NewsmonConnectorDown",
    "NewsmonWorkerDown",
    "NewsmonDeadLettersIncreasing",
    "NewsmonFeedFetchErrorRatioHigh",
    "NewsmonFeedsDead",
    "NewsmonNoArticlesPublished",
    "NewsmonWorkerNotConsuming",
    "NewsmonProcessingLatencyHigh",
    "NewsmonStoryStageNotHeldOnce",
    "NewsmonNotifierDown",
    "NewsmonNotifyDeliveriesFailing",
    "NewsmonNotifyDeadLetters",
}
SEVERITIES = {"critical", "warning", "info"}


def _alert_rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load(ALERTS_FILE.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"] if "alert" in rule]


def _rule_tests() -> list[dict[str, Any]]:
    tests = yaml.safe_load(ALERTS_TEST_FILE.read_text())["tests"]
    return [case for test in tests for case in test.get("alert_rule_test", [])]


def test_every_required_alert_is_defined() -> None:
    assert {rule["alert"] for rule in _alert_rules()} >= REQUIRED_ALERTS


def test_alert_names_are_unique() -> None:
    names = [rule["alert"] for rule in _alert_rules()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", _alert_rules(), ids=lambda rule: rule["alert"])
def test_alert_waits_has_a_severity_and_explains_itself(rule: dict[str, Any]) -> None:
    assert rule.get("for"), "an alert without `for:` pages on a single bad scrape"
    assert rule["labels"]["severity"] in SEVERITIES
    assert rule["annotations"]["summary"].strip()
    assert len(rule["annotations"]["description"].split()) >= 10


def test_alert_expressions_use_only_metrics_the_code_exports() -> None:
    faults = unknown_metrics((rule["expr"] for rule in _alert_rules()), exposed_names())
    assert not faults, f"metrics not exported by newsmon's metrics modules: {faults}"


@pytest.mark.parametrize("rule", _alert_rules(), ids=lambda rule: rule["alert"])
def test_alert_is_unit_tested_firing_and_silent(rule: dict[str, Any]) -> None:
    cases = [case for case in _rule_tests() if case["alertname"] == rule["alert"]]
    assert any(case.get("exp_alerts") for case in cases), "no case where it fires"
    assert any(not case.get("exp_alerts") for case in cases), "no case where it stays silent"
