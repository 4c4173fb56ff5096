"""One raw record in, the records to write out: the worker's core without Kafka."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from newsmon.contract.alert import alert_id, update_alert_id
from streams.agents.expiry import expire_state
from streams.deadletter import SourceRecord
from tests.support.articles import article, nato_story, quiet_article
from tests.support.builders import build_processor, sample
from tests.support.schema_validation import STORY, validate

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def raw(value: bytes, offset: int = 0, key: bytes | None = b"k") -> SourceRecord:
    return SourceRecord("newsmon.articles.raw", 0, offset, key, value)


def test_a_matching_article_goes_to_classified_and_its_topic_and_alerts_once() -> None:
    built = build_processor()
    nato = nato_story("a.example")[0]
    outcome = built.processor.process(raw(nato.to_json()), NOW)
    topics = [o.topic for o in outcome.outgoing]
    assert topics == ["newsmon.articles.classified", "newsmon.topic.nato", "newsmon.alerts",
                      "newsmon.stories"]  # fmt: skip
    assert {o.key for o in outcome.outgoing[:2]} == {nato.key()}
    # Only the alert waits for the state that decided it to be in Kafka.
    assert [o.after_state for o in outcome.outgoing] == [False, False, True, False]
    [alert] = outcome.alerts
    assert alert.id == alert_id("nato", nato.id)
    assert json.loads(outcome.outgoing[2].value)["id"] == alert.id
    story = outcome.outgoing[3]
    validate(STORY, story.value)
    assert story.key == nato.id.encode()
    assert json.loads(story.value)["alert_ids"] == [alert.id]
    assert sample(built.metrics, "newsmon_worker_alerts_total", topic="nato",
                  severity="warning", kind="new") == 1  # fmt: skip
    assert sample(built.metrics, "newsmon_worker_stories_total") == 1
    assert sample(built.metrics, "newsmon_worker_alert_latency_seconds_count",
                  since="fetched") == 1  # fmt: skip


def test_an_article_without_topics_goes_to_classified_only() -> None:
    built = build_processor()
    outcome = built.processor.process(raw(quiet_article("a.example").to_json()), NOW)
    assert [o.topic for o in outcome.outgoing] == ["newsmon.articles.classified", "newsmon.stories"]
    assert outcome.alerts == []


def test_an_exact_copy_is_classified_as_a_duplicate_but_not_routed_or_alerted() -> None:
    built = build_processor()
    original = nato_story("a.example")[0]
    copy = article("https://mirror.example/copy", original.title, original.summary)
    built.processor.process(raw(original.to_json()), NOW)
    outcome = built.processor.process(raw(copy.to_json(), offset=1), NOW)
    [only] = outcome.outgoing
    assert only.topic == "newsmon.articles.classified"
    assert json.loads(only.value)["duplicate_of"] == original.id
    assert sample(built.metrics, "newsmon_worker_duplicates_total", kind="exact") == 1


def test_the_second_and_third_article_of_a_story_are_near_duplicates_without_alerts() -> None:
    built = build_processor()
    outcomes = [built.processor.process(raw(a.to_json(), n), NOW)
                for n, a in enumerate(nato_story("a.example"))]  # fmt: skip
    assert [len(o.alerts) for o in outcomes] == [1, 0, 0]
    assert [o.outgoing[1].topic for o in outcomes] == ["newsmon.topic.nato"] * 3
    assert sample(built.metrics, "newsmon_worker_duplicates_total", kind="near") == 2
    [story] = built.stories.values()
    assert len(story["articles"]) == 3
    assert [o.outgoing[-1].topic for o in outcomes] == ["newsmon.stories"] * 3
    assert [len(json.loads(o.outgoing[-1].value)["articles"]) for o in outcomes] == [1, 2, 3]
    assert sample(built.metrics, "newsmon_worker_stories_total") == 1


def test_the_same_article_at_a_later_offset_is_a_duplicate_of_itself_and_never_alerts() -> None:
    # One link reached through two feeds, or published again by a restarted connector.
    built = build_processor()
    nato = nato_story("a.example")[0]
    first = built.processor.process(raw(nato.to_json(), offset=3), NOW)
    again = built.processor.process(raw(nato.to_json(), offset=9), NOW)
    assert len(first.alerts) == 1
    assert again.alerts == []
    [only] = again.outgoing
    assert only.topic == "newsmon.articles.classified"
    record = json.loads(only.value)
    assert (record["duplicate_of"], record["story_id"]) == (nato.id, nato.id)
    assert sample(built.metrics, "newsmon_worker_duplicates_total", kind="exact") == 1


def test_a_replay_of_the_alerting_record_re_emits_the_same_alert_without_a_latency() -> None:
    # The worker crashed before committing the offset: the same record is read again.
    built = build_processor()
    nato = nato_story("a.example")[0]
    first = built.processor.process(raw(nato.to_json(), offset=3), NOW)
    replay = built.processor.process(raw(nato.to_json(), offset=3), NOW)
    assert [a.id for a in replay.alerts] == [a.id for a in first.alerts]
    assert [o.topic for o in replay.outgoing] == [o.topic for o in first.outgoing]
    assert sample(built.metrics, "newsmon_worker_alert_latency_seconds_count",
                  since="published") == 1  # fmt: skip
    assert sample(built.metrics, "newsmon_worker_stories_total") == 1


def test_a_story_from_three_outlets_gives_one_new_and_one_update_alert() -> None:
    built = build_processor()
    story = [replace(a, feed=f"https://outlet{n}.example/rss")
             for n, a in enumerate(nato_story("a.example"))]  # fmt: skip
    outcomes = [built.processor.process(raw(a.to_json(), n), NOW) for n, a in enumerate(story)]
    kinds = [[a.kind for a in o.alerts] for o in outcomes]
    assert kinds == [["new"], [], ["update"]]
    [update] = outcomes[2].alerts
    assert update.id == update_alert_id("nato", story[0].id, 3)
    assert update.outlets == 3
    record = json.loads(outcomes[2].outgoing[-1].value)
    assert record["outlets"] == 3
    assert [a["id"] for a in record["articles"]] == [a.id for a in story]
    assert record["alert_ids"] == [alert_id("nato", story[0].id), update.id]
    assert sample(built.metrics, "newsmon_worker_alerts_total", topic="nato",
                  severity="warning", kind="update") == 1  # fmt: skip


def test_undecodable_bytes_become_one_dead_letter_keyed_like_the_record() -> None:
    built = build_processor()
    outcome = built.processor.process(raw(b"\xff{", offset=7, key=b"abc"), NOW)
    [letter] = outcome.outgoing
    assert (letter.topic, letter.key) == ("newsmon.deadletter", b"abc")
    data = json.loads(letter.value)
    assert (data["error_kind"], data["offset"]) == ("decode", 7)
    assert sample(built.metrics, "newsmon_worker_dead_letters_total", kind="decode") == 1


def test_a_record_that_is_json_but_not_an_article_is_a_contract_dead_letter() -> None:
    built = build_processor()
    [letter] = built.processor.process(raw(b'{"title": "no id"}'), NOW).outgoing
    assert json.loads(letter.value)["error_kind"] == "contract"


def test_a_failure_inside_the_pipeline_is_dead_lettered_and_the_next_record_goes_on() -> None:
    built = build_processor()
    nato = nato_story("a.example")[0]
    with mock.patch.object(built.processor._pipeline, "process", side_effect=RuntimeError("bug")):
        [letter] = built.processor.process(raw(nato.to_json()), NOW).outgoing
    assert json.loads(letter.value)["error_kind"] == "processing"
    assert "RuntimeError: bug" in json.loads(letter.value)["reason"]
    after = built.processor.process(raw(nato.to_json(), offset=1), NOW)
    assert after.outgoing[0].topic == "newsmon.articles.classified"
    assert sample(built.metrics, "newsmon_worker_errors_total", kind="processing") == 1


async def test_expiry_drops_fingerprints_and_stories_older_than_the_ttl() -> None:
    built = build_processor()
    built.processor.process(raw(nato_story("a.example")[0].to_json()), NOW)
    assert built.dedupe_store and built.stories
    kept = await expire_state(built.dedupe, built.stories, 3600.0, built.metrics,
                              NOW + timedelta(minutes=59))  # fmt: skip
    assert kept == 0
    dropped = await expire_state(built.dedupe, built.stories, 3600.0, built.metrics,
                                 NOW + timedelta(hours=2))  # fmt: skip
    assert dropped > 0
    assert built.dedupe_store == {} and built.stories == {}


def test_every_label_value_is_exported_at_zero_before_any_record() -> None:
    text = build_processor().metrics.render().decode()
    for line in (
        'newsmon_worker_articles_classified_total{topic="foreign_business"} 0.0',
        'newsmon_worker_alerts_total{kind="new",severity="critical",topic="sanctions"} 0.0',
        'newsmon_worker_alerts_total{kind="burst",severity="info",topic="nato"} 0.0',
        'newsmon_worker_alert_latency_seconds_count{since="published"} 0.0',
        "newsmon_worker_stories_total 0.0",
        'newsmon_worker_dead_letters_total{kind="contract"} 0.0',
        'newsmon_worker_errors_total{kind="expiry"} 0.0',
        'newsmon_worker_duplicates_total{kind="near"} 0.0',
    ):
        assert line in text


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed")
def test_the_exposition_passes_promtool_check_metrics() -> None:
    built = build_processor()
    built.processor.process(raw(nato_story("a.example")[0].to_json()), NOW)
    built.processor.process(raw(b"\xff"), NOW)
    result = subprocess.run(["promtool", "check", "metrics"], input=built.metrics.render(),
                            capture_output=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
