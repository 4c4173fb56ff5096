"""Pure parts of the notifier: back-off, Retry-After, filters, ids, messages, settings."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook

from newsmon.config import ConfigError, parse_config
from streams.notify.message import alert_body, digest_body
from streams.notify.offsets import OffsetTracker
from streams.notify.records import FailingEntry, delivery_id, ledger_key
from streams.notify.retry import backoff_s, parse_retry_after
from streams.notify.runner import wanted
from streams.notify.settings import AlertFilter, AppriseSettings, NotifySettings, WebhookSettings
from streams.notify.sinks.base import SinkSetupError
from streams.notify.sinks.build import build_sinks
from streams.notify.sinks.webhook import WebhookSink
from tests.support.notify_env import make_alert
from tests.support.receiver import SECRET

ISSUE_YAML = {
    "webhooks": [{"name": "ops", "url": "https://example.org/hooks/newsmon",
                  "secret_env": "NEWSMON_WEBHOOK_SECRET", "topics": ["nato", "sanctions"],
                  "kinds": ["new", "update", "burst"], "min_severity": "info"}],
    "apprise": [{"name": "desk", "urls_env": "NEWSMON_APPRISE_URLS",
                 "topics": ["foreign_business"], "digest": "1h"}],
    "stream": {"port": 8088, "token_env": "NEWSMON_API_TOKEN"},
}  # fmt: skip


def test_the_issue_s_example_configuration_is_valid() -> None:
    config = parse_config({"notify": ISSUE_YAML}, env={})
    assert config.notify is not None
    assert config.notify.webhooks[0].give_up_after_s == 24 * 3600
    assert config.notify.apprise[0].digest_s == 3600.0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"webhooks": [{**ISSUE_YAML["webhooks"][0], "url": "ftp://x"}]}, "notify.webhooks.0"),
        ({"apprise": [{**ISSUE_YAML["apprise"][0], "digest": "1w"}]}, "notify.apprise.0.digest"),
        ({"webhooks": [{**ISSUE_YAML["webhooks"][0], "kinds": ["old"]}]},
         "notify.webhooks.0.kinds.0"),
        ({"webhooks": [{**ISSUE_YAML["webhooks"][0], "give_up_after_s": 0}]},
         "notify.webhooks.0.give_up_after_s"),
        ({"stream": {"port": 70000}}, "notify.stream.port"),
        ({"webhooks": [{**ISSUE_YAML["webhooks"][0], "secret": "inline"}]},
         "notify.webhooks.0.secret"),
    ],
)  # fmt: skip
def test_a_bad_notify_setting_names_its_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config({"notify": {**ISSUE_YAML, **change}}, env={})
    assert f"  {field}" in str(error.value)


def test_a_missing_or_malformed_secret_names_the_variable_never_the_value() -> None:
    notify = NotifySettings.model_validate(ISSUE_YAML)
    with pytest.raises(SinkSetupError, match=r"notify\.webhooks\.0\.secret_env: .*"
                       "NEWSMON_WEBHOOK_SECRET is not set"):  # fmt: skip
        build_sinks(notify, env={})
    bad = "whsec_sup3r-s3cret-but-not-base64!!"
    with pytest.raises(SinkSetupError) as error:
        build_sinks(notify, env={"NEWSMON_WEBHOOK_SECRET": bad})
    assert "sup3r" not in str(error.value)
    with pytest.raises(SinkSetupError, match=r"notify\.apprise\.0\.urls_env"):
        build_sinks(notify, env={"NEWSMON_WEBHOOK_SECRET": SECRET})
    with pytest.raises(SinkSetupError) as error:
        build_sinks(notify, env={"NEWSMON_WEBHOOK_SECRET": SECRET,
                                 "NEWSMON_APPRISE_URLS": "nosuchscheme://tok3n@host"})  # fmt: skip
    assert "tok3n" not in str(error.value) and "URL number 1" in str(error.value)


def test_signatures_verify_with_the_standardwebhooks_package() -> None:
    settings = WebhookSettings(name="ops", url="https://example.org/h", secret_env="S")
    sink = WebhookSink(settings, "notify.webhooks.0", env={"S": SECRET})
    body = make_alert(1).to_json()
    headers = sink.signed_headers("msg_abc", body, datetime.now(UTC))
    assert Webhook(SECRET).verify(body, headers)["id"] == make_alert(1).id
    assert headers["webhook-signature"].startswith("v1,")


def test_a_delivery_id_is_stable_and_differs_per_sink() -> None:
    assert delivery_id("ops", ["a"]) == delivery_id("ops", ["a"])
    assert delivery_id("ops", ["a", "b"]) == delivery_id("ops", ["b", "a"])
    assert delivery_id("ops", ["a"]) != delivery_id("desk", ["a"])


def test_backoff_doubles_with_jitter_up_to_the_cap() -> None:
    rng = random.Random(7)
    pauses = [backoff_s(n, 1.0, 30.0, rng) for n in range(1, 10)]
    assert 0.5 <= pauses[0] <= 1.0 and 4.0 <= pauses[3] <= 8.0
    assert all(15.0 <= p <= 30.0 for p in pauses[5:])


def test_retry_after_reads_seconds_and_http_dates_and_is_capped() -> None:
    now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after("Sat, 05 Dec 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Sat, 05 Dec 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("999999999", now) == 86400.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_filters_apply_topics_kinds_and_min_severity() -> None:
    rule = AlertFilter(topics=("nato",), kinds=("new", "burst"), min_severity="warning")
    assert wanted(rule, make_alert(1, topic="nato", severity="critical"))
    assert not wanted(rule, make_alert(1, topic="sanctions", severity="critical"))
    assert not wanted(rule, make_alert(1, topic="nato", severity="info"))
    assert not wanted(rule, make_alert(1, topic="nato", severity="warning", kind="update"))
    assert wanted(AlertFilter(), make_alert(1, severity="info"))


def test_the_committable_offset_waits_for_the_slowest_sink() -> None:
    from aiokafka import TopicPartition

    tracker, tp = OffsetTracker(), TopicPartition("alerts", 0)
    tracker.add(tp, 0, ["a", "b"])
    tracker.add(tp, 1, ["a"])
    tracker.add(tp, 2, [])
    tracker.settle(tp, 0, "a", 0)
    tracker.settle(tp, 1, "a", 0)
    assert tracker.committable(tp) == 0  # b still owes offset 0
    tracker.settle(tp, 0, "b", 0)
    assert tracker.committable(tp) == 3
    tracker.add(tp, 3, ["a"])
    tracker.forget([tp])
    tracker.settle(tp, 3, "a", 0)  # settled by work of the revoked assignment: ignored
    assert tracker.committable(tp) is None and tracker.generation(tp) == 1


def test_a_message_names_topic_severity_kind_title_link_outlets_and_terms() -> None:
    alert = make_alert(3, topic="nato", severity="critical", kind="update")
    body = alert_body(alert)
    for part in ("nato", "critical", "update", alert.title, alert.url, "Outlets: 2",
                 "export controls"):  # fmt: skip
        assert part in body
    later = replace(make_alert(4), created_at=alert.created_at + timedelta(minutes=5))
    digest = digest_body([later, alert])
    assert digest.index(alert.url) < digest.index(later.url)  # oldest first
    assert "[critical] nato · update" in digest


def test_apprise_digest_periods_read_as_seconds() -> None:
    def period(text: str) -> float | None:
        return AppriseSettings(name="d", urls_env="U", digest=text).digest_s

    assert [period("30s"), period("15m"), period("2h"), period("1d")] == [30, 900, 7200, 86400]


def test_every_sink_s_label_values_start_at_zero_on_the_metrics_endpoint() -> None:
    import urllib.request

    from newsmon.broker.local import free_port
    from streams.notify import metrics

    metrics.init_sinks(["fresh-sink"])
    port = free_port()
    metrics.serve(port)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    for outcome in metrics.OUTCOMES:
        assert (
            f'newsmon_notify_deliveries_total{{outcome="{outcome}",sink="fresh-sink"}} 0.0' in text
        )
    assert 'newsmon_notify_retries_total{sink="fresh-sink"} 0.0' in text
    assert 'newsmon_notify_dead_letters_total{sink="fresh-sink"} 0.0' in text
    assert 'newsmon_notify_delivery_seconds_count{sink="fresh-sink"} 0.0' in text


def test_a_failing_note_has_a_key_of_its_own_and_keeps_its_time() -> None:
    since = datetime(2026, 12, 6, 19, 30, 5, tzinfo=UTC)
    entry = FailingEntry("ops", "a1", since)
    # never read as the settled entry, which would mark the alert delivered
    assert entry.key() != ledger_key("ops", "a1")
    assert entry.key().startswith(ledger_key("ops", "a1"))
    assert FailingEntry.from_json(entry.to_json()) == entry
