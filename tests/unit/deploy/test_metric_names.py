"""The PromQL name extractor the alert and dashboard checks rely on."""

from __future__ import annotations

from tests.support.deploy_files import exposed_names, metric_names_in, unknown_metrics


def test_extractor_keeps_metric_names_and_drops_functions_labels_and_keywords() -> None:
    expr = (
        'sum by (job, outcome) (rate(newsmon_a_total{outcome!~"ok|x"}[$__rate_interval]))\n'
        "  / on (job) group_left sum without (instance) (newsmon_b_total offset 5m) > bool 0.5\n"
        "# a comment naming newsmon_c_total is not a selector\n"
        "and histogram_quantile(0.99, sum by (le) (rate(newsmon_d_seconds_bucket[5m])))"
    )
    assert metric_names_in(expr) == {
        "newsmon_a_total",
        "newsmon_b_total",
        "newsmon_d_seconds_bucket",
    }


def test_a_misspelt_metric_is_reported_and_a_real_one_is_not() -> None:
    known = exposed_names()
    faults = unknown_metrics(
        [
            "rate(newsmon_worker_articles_consumed_total[5m])",
            "rate(newsmon_worker_consumed_total[5m])",
        ],
        known,
    )
    assert faults == {"rate(newsmon_worker_consumed_total[5m])": {"newsmon_worker_consumed_total"}}


def test_labelled_families_without_children_still_count_as_exposed() -> None:
    from prometheus_client import CollectorRegistry, Counter

    from tests.support.deploy_files import series_names

    registry = CollectorRegistry()
    Counter("newsmon_test_things", "things", ["kind"], registry=registry)
    assert {"newsmon_test_things_total"} <= series_names(registry)
