"""The Grafana dashboards (operators, analysts) and their provisioning: valid JSON, every query
parses (promtool) and selects only metrics newsmon exports, the required views are there,
both variables are wired, and the provisioning matches where compose mounts things."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import dashboards
from tests.support.deploy_files import (
    COMPOSE_FILE,
    DASHBOARD_FILES,
    DASHBOARDS_DIR,
    GRAFANA_DIR,
    exposed_names,
    grafana_to_promql,
    metric_names_in,
    run_promtool,
    unknown_metrics,
)

# Per dashboard: view it must offer -> a metric one of its queries must select.
REQUIRED_VIEWS = {
    "operators": {
        "fetch outcomes": "newsmon_connector_fetches_total",
        "fetch duration": "newsmon_connector_fetch_duration_seconds_bucket",
        "articles published": "newsmon_connector_articles_published_total",
        "articles fetched (already seen)": "newsmon_connector_duplicates_suppressed_total",
        "feeds by state": "newsmon_connector_feeds",
        "worker health": "up",
        "articles consumed": "newsmon_worker_articles_consumed_total",
        "errors": "newsmon_worker_errors_total",
        "dead letters": "newsmon_worker_dead_letters_total",
        "processing latency": "newsmon_worker_processing_seconds_bucket",
        "deliveries": "newsmon_notify_deliveries_total",
        "delivery time": "newsmon_notify_delivery_seconds_bucket",
        "delivery retries": "newsmon_notify_retries_total",
        "delivery dead letters": "newsmon_notify_dead_letters_total",
        "stream clients": "newsmon_stream_clients",
    },
    "analysts": {
        "volume per topic": "newsmon_worker_articles_classified_total",
        "stories": "newsmon_worker_stories_total",
        "alerts per topic": "newsmon_worker_alerts_total",
        "alert latency": "newsmon_worker_alert_latency_seconds_bucket",
    },
}


def _datasource_uid() -> str:
    path = GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml"
    (datasource,) = yaml.safe_load(path.read_text())["datasources"]
    return str(datasource["uid"])


def _exprs(name: str) -> list[str]:
    return [query.expr for query in dashboards.queries() if query.dashboard == name]


@pytest.fixture(params=sorted(DASHBOARD_FILES))
def board(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    return request.param, dashboards.load(request.param)


def test_the_dashboards_directory_holds_exactly_the_two_dashboards() -> None:
    assert sorted(DASHBOARDS_DIR.glob("*.json")) == sorted(DASHBOARD_FILES.values())


def test_dashboards_have_distinct_uids_and_titles() -> None:
    loaded = dashboards.dashboards().values()
    assert len({board["uid"] for board in loaded}) == len(DASHBOARD_FILES)
    assert len({board["title"] for board in loaded}) == len(DASHBOARD_FILES)


def test_dashboard_has_a_uid_a_title_and_unique_panel_ids(board: tuple[str, Any]) -> None:
    _, dashboard = board
    assert dashboard["uid"] and dashboard["title"]
    ids = [panel["id"] for panel in dashboards.panels(dashboard)]
    assert len(ids) == len(set(ids))


def test_panels_do_not_overlap(board: tuple[str, Any]) -> None:
    _, dashboard = board
    cells: set[tuple[int, int]] = set()
    for panel in dashboards.panels(dashboard):
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
        area = {
            (x, y)
            for x in range(grid["x"], grid["x"] + grid["w"])
            for y in range(grid["y"], grid["y"] + grid["h"])
        }
        assert not area & cells, f"{panel['title']} overlaps another panel"
        cells |= area


def test_datasource_variable_defaults_to_the_provisioned_prometheus(
    board: tuple[str, Any],
) -> None:
    _, dashboard = board
    variable = dashboards.variables(dashboard)["datasource"]
    assert variable["type"] == "datasource"
    assert variable["query"] == "prometheus"
    assert variable["current"]["value"] == _datasource_uid()


def test_instance_variable_lists_instances_and_offers_all(board: tuple[str, Any]) -> None:
    _, dashboard = board
    variable = dashboards.variables(dashboard)["instance"]
    assert variable["type"] == "query"
    assert variable["datasource"]["uid"] == "${datasource}"
    selector, label = dashboards.label_values_query(variable)
    assert label == "instance"
    assert metric_names_in(selector) <= exposed_names()
    assert variable["multi"] and variable["includeAll"] and variable["allValue"] == ".*"


def test_every_panel_and_query_uses_the_datasource_variable(board: tuple[str, Any]) -> None:
    _, dashboard = board
    for panel in dashboards.data_panels(dashboard):
        assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
        assert panel["targets"], panel["title"]
        assert all(t["datasource"]["uid"] == "${datasource}" for t in panel["targets"])


def test_every_query_is_filtered_by_the_instance_variable() -> None:
    for query in dashboards.queries():
        assert 'instance=~"$instance"' in query.expr, (query.panel, query.expr)
        assert dashboards.variable_names_in(query.expr) == {"instance"}, query.expr


def test_every_query_selects_only_metrics_newsmon_exports() -> None:
    exprs = [q.expr for q in dashboards.queries()]
    faults = unknown_metrics(exprs, exposed_names())
    assert not faults, f"metrics not exported by connectors/ or streams/ metrics modules: {faults}"


def test_every_query_is_valid_promql(tmp_path: Path) -> None:
    # promtool parses rule files only, so each query becomes a recording rule.
    rules = [
        {
            "record": f"newsmon:dashboard_query_{index}",
            "expr": grafana_to_promql(dashboards.substitute(query.expr, {"instance": ".*"})),
        }
        for index, query in enumerate(dashboards.queries())
    ]
    path = tmp_path / "dashboard_rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    result = run_promtool("check", "rules", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(REQUIRED_VIEWS))
def test_dashboard_shows_every_required_view(name: str) -> None:
    selected = set().union(*(metric_names_in(expr) for expr in _exprs(name)))
    missing = {view for view, metric in REQUIRED_VIEWS[name].items() if metric not in selected}
    assert not missing


def test_latencies_are_shown_as_p50_and_p99() -> None:
    exprs = [query.expr for query in dashboards.queries()]
    for histogram in (
        "newsmon_worker_processing_seconds_bucket",
        "newsmon_connector_fetch_duration_seconds_bucket",
        "newsmon_worker_alert_latency_seconds_bucket",
        "newsmon_notify_delivery_seconds_bucket",
    ):
        latency = [e for e in exprs if histogram in e]
        assert any("histogram_quantile(0.5," in e for e in latency), histogram
        assert any("histogram_quantile(0.99," in e for e in latency), histogram


def test_alerts_are_broken_down_by_topic_and_kind_and_bursts_shown() -> None:
    alerts = [e for e in _exprs("analysts") if "newsmon_worker_alerts_total" in e]
    assert any("by (topic, kind)" in e for e in alerts)
    assert any('kind="burst"' in e for e in alerts)


def test_provisioning_points_at_the_paths_compose_mounts() -> None:
    grafana = yaml.safe_load(COMPOSE_FILE.read_text())["services"]["grafana"]
    mounts = dict(volume.split(":")[:2] for volume in grafana["volumes"])
    assert mounts["./grafana/provisioning"] == "/etc/grafana/provisioning"
    assert (COMPOSE_FILE.parent / "grafana" / "dashboards").resolve() == DASHBOARDS_DIR
    provider_file = GRAFANA_DIR / "provisioning" / "dashboards" / "newsmon.yml"
    (provider,) = yaml.safe_load(provider_file.read_text())["providers"]
    assert mounts["./grafana/dashboards"] == provider["options"]["path"]
    datasource = yaml.safe_load(
        (GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml").read_text()
    )["datasources"][0]
    assert datasource["url"] == "http://prometheus:9090"
