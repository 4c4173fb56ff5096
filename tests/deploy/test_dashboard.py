"""The Grafana dashboard and its provisioning: valid JSON, every query parses (promtool) and
selects only metrics newsmon exports, the required views are there, and the provisioning
matches where compose mounts things."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tests.deploy.deploy_files import (
    COMPOSE_FILE,
    DASHBOARD_FILE,
    GRAFANA_DIR,
    exposed_names,
    grafana_to_promql,
    metric_names_in,
    run_promtool,
    unknown_metrics,
)

# View the dashboard must offer -> a metric one of its queries must select.
REQUIRED_VIEWS = {
    "fetch outcomes": "newsmon_connector_fetches_total",
    "articles published": "newsmon_connector_articles_published_total",
    "articles fetched (already seen)": "newsmon_connector_duplicates_suppressed_total",
    "feeds by state": "newsmon_connector_feeds",
    "articles consumed": "newsmon_worker_articles_consumed_total",
    "classified per topic": "newsmon_worker_articles_classified_total",
    "alerts per topic": "newsmon_worker_alerts_total",
    "dead letters": "newsmon_worker_dead_letters_total",
    "processing latency": "newsmon_worker_processing_seconds_bucket",
}


def _dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD_FILE.read_text())


def _panels(panels: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for panel in panels:
        yield panel
        yield from _panels(panel.get("panels", []))


def _exprs() -> list[str]:
    return [
        target["expr"]
        for panel in _panels(_dashboard()["panels"])
        for target in panel.get("targets", [])
    ]


def _datasource_uid() -> str:
    path = GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml"
    (datasource,) = yaml.safe_load(path.read_text())["datasources"]
    return str(datasource["uid"])


def test_dashboard_has_a_uid_a_title_and_unique_panel_ids() -> None:
    dashboard = _dashboard()
    assert dashboard["uid"] and dashboard["title"]
    ids = [panel["id"] for panel in _panels(dashboard["panels"])]
    assert len(ids) == len(set(ids))


def test_every_query_uses_the_provisioned_prometheus() -> None:
    uid = _datasource_uid()
    for panel in _panels(_dashboard()["panels"]):
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] == uid, panel["title"]
        assert all(target["datasource"]["uid"] == uid for target in panel["targets"])


def test_every_query_selects_only_metrics_newsmon_exports() -> None:
    faults = unknown_metrics(_exprs(), exposed_names())
    assert not faults, f"metrics not exported by connectors/ or streams/ metrics modules: {faults}"


def test_every_query_is_valid_promql(tmp_path: Path) -> None:
    # promtool parses rule files only, so each query becomes a recording rule.
    rules = [
        {"record": f"newsmon:dashboard_query_{index}", "expr": grafana_to_promql(expr)}
        for index, expr in enumerate(_exprs())
    ]
    path = tmp_path / "dashboard_rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    result = run_promtool("check", "rules", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_dashboard_shows_every_required_view() -> None:
    selected = set().union(*(metric_names_in(expr) for expr in _exprs()))
    missing = {view for view, metric in REQUIRED_VIEWS.items() if metric not in selected}
    assert not missing


def test_processing_latency_is_shown_as_p50_and_p99() -> None:
    latency = [e for e in _exprs() if "newsmon_worker_processing_seconds_bucket" in e]
    assert any("histogram_quantile(0.5," in e for e in latency)
    assert any("histogram_quantile(0.99," in e for e in latency)


def test_provisioning_points_at_the_paths_compose_mounts() -> None:
    grafana = yaml.safe_load(COMPOSE_FILE.read_text())["services"]["grafana"]
    mounts = dict(volume.split(":")[:2] for volume in grafana["volumes"])
    assert mounts["./grafana/provisioning"] == "/etc/grafana/provisioning"
    provider_file = GRAFANA_DIR / "provisioning" / "dashboards" / "newsmon.yml"
    (provider,) = yaml.safe_load(provider_file.read_text())["providers"]
    assert mounts["./grafana/dashboards"] == provider["options"]["path"]
    datasource = yaml.safe_load(
        (GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml").read_text()
    )["datasources"][0]
    assert datasource["url"] == "http://prometheus:9090"
