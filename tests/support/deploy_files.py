"""Paths of the operations material and the helpers the deploy tests share.

`promtool()` finds Prometheus' promtool: a test that needs it fails when the environment
variable CI is set (CI installs it) and skips with the install hint otherwise.
`exposed_names()` lists every series name newsmon's metrics modules (connector, worker,
notifier) can expose, and `metric_names_in()` pulls the metric names out of a PromQL
expression, so the alert rules and the dashboard can be checked against what the code really
exports. `uncommented()` turns the examples a YAML file shows in comments back into YAML.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.metrics import MetricWrapperBase

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
COMPOSE_FILE = DEPLOY / "docker-compose.yml"
DOCKERFILE = DEPLOY / "Dockerfile"
EXAMPLE_CONFIG = DEPLOY / "newsmon.example.yaml"
PROMETHEUS_DIR = DEPLOY / "prometheus"
ALERTS_FILE = PROMETHEUS_DIR / "alerts.yml"
ALERTS_TEST_FILE = PROMETHEUS_DIR / "alerts_test.yml"
PROMETHEUS_CONFIG = PROMETHEUS_DIR / "prometheus.yml"
GRAFANA_DIR = DEPLOY / "grafana"
DASHBOARDS_DIR = GRAFANA_DIR / "dashboards"
# The dashboards Grafana provisions, by their file stem: one for operators, one for analysts.
DASHBOARD_FILES = {name: DASHBOARDS_DIR / f"{name}.json" for name in ("operators", "analysts")}
K8S_DIR = DEPLOY / "k8s"

# Series Prometheus itself attaches to every scrape target.
SCRAPE_SERIES = frozenset({"up", "scrape_duration_seconds", "scrape_samples_scraped"})
# Topic names to build the worker's metrics with; any bounded set gives the same metric names.
SAMPLE_TOPICS = ("nato", "sanctions", "foreign_business")
# A sink name to build the notifier's metrics with.
SAMPLE_SINK = "ops"


# A commented-out example line of a YAML file: "# " before a key or a list item's key.
_COMMENTED_KEY = re.compile(r"^(\s*)# (?=\s*(?:- )?[a-z_]+:)", re.MULTILINE)


def uncommented(text: str) -> str:
    """`text` with every commented-out `key:` line turned back into YAML, so that the
    examples the file shows in comments are validated as well."""
    return _COMMENTED_KEY.sub(r"\1", text)


def promtool() -> str:
    """Path of promtool; fails under CI, skips elsewhere, when it is not installed."""
    path = shutil.which("promtool")
    if path is None:
        reason = (
            "promtool not found: install Debian's prometheus package (apt-get install prometheus)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def run_promtool(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [promtool(), *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def connector_registry() -> CollectorRegistry:
    """The connector serves the default registry; importing its module registers its metrics."""
    import connectors.metrics  # noqa: F401

    return REGISTRY


def worker_registry() -> CollectorRegistry:
    from streams.metrics import WorkerMetrics

    return WorkerMetrics(SAMPLE_TOPICS).registry


def notifier_registry() -> CollectorRegistry:
    """What the notifier serves: its delivery metrics (module-level, in the default registry
    there, collected into a registry of their own here with one sink's label values) and the
    live stream's metrics."""
    import streams.notify.metrics as notify_metrics
    from streams.notify.stream.metrics import StreamMetrics

    registry = CollectorRegistry(auto_describe=True)
    for value in vars(notify_metrics).values():
        if isinstance(value, MetricWrapperBase):
            registry.register(value)
    notify_metrics.init_sinks([SAMPLE_SINK])
    StreamMetrics(("alerts", *SAMPLE_TOPICS), registry)
    return registry


def exposition(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)


_SUFFIXES_BY_TYPE = {
    "counter": ("_total", "_created"),
    "gauge": ("",),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "gaugehistogram": ("_bucket", "_gcount", "_gsum"),
    "summary": ("", "_count", "_sum", "_created"),
    "info": ("_info",),
    "stateset": ("",),
    "unknown": ("",),
}


def series_names(registry: CollectorRegistry) -> set[str]:
    """Every series name `registry` exposes; a family without samples yet (labelled, no child
    created) contributes the names its type would expose."""
    names: set[str] = set()
    for family in registry.collect():
        if family.samples:
            names.update(sample.name for sample in family.samples)
        else:
            suffixes = _SUFFIXES_BY_TYPE.get(family.type, ("",))
            names.update(family.name + suffix for suffix in suffixes)
    return names


def exposed_names() -> set[str]:
    """Series names of the connector, the worker and the notifier, plus those Prometheus adds
    per target."""
    return (
        series_names(connector_registry())
        | series_names(worker_registry())
        | series_names(notifier_registry())
        | SCRAPE_SERIES
    )


_GRAFANA_VARIABLE = re.compile(r"\$\{?__\w+\}?")
_COMMENT = re.compile(r"#[^\n]*")
_STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`')
_MATCHERS = re.compile(r"\{[^{}]*\}")
_RANGE = re.compile(r"\[[^\[\]]*\]")
_LABEL_LIST = re.compile(
    r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", re.IGNORECASE
)
_IDENTIFIER = re.compile(r"(?<![\w.:])([A-Za-z_:][\w:]*)(\s*\()?")
_KEYWORDS = frozenset(
    {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
     "group_left", "group_right", "inf", "nan", "atan2"}
)  # fmt: skip


def grafana_to_promql(expr: str) -> str:
    """Replace Grafana's $__interval-style variables by a duration Prometheus accepts."""
    return _GRAFANA_VARIABLE.sub("5m", expr)


def metric_names_in(expr: str) -> set[str]:
    """Metric names a PromQL expression selects (function names and label names excluded)."""
    text = _COMMENT.sub(" ", grafana_to_promql(expr))
    text = _STRING.sub('""', text)
    text = _MATCHERS.sub(" ", text)
    text = _RANGE.sub(" ", text)
    text = _LABEL_LIST.sub(" ", text)
    names = set()
    for match in _IDENTIFIER.finditer(text):
        name, call = match.group(1), match.group(2)
        if call or name.lower() in _KEYWORDS:
            continue
        names.add(name)
    return names


def unknown_metrics(exprs: Iterable[str], known: set[str]) -> dict[str, set[str]]:
    """{expression: names it uses that no metrics module exposes}, only for the faulty ones."""
    faults = {}
    for expr in exprs:
        missing = metric_names_in(expr) - known
        if missing:
            faults[expr] = missing
    return faults
