from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import jsonschema
import pytest

from newsmon.contract import Article, ContractError, article_id, format_utc
from newsmon.contract.alert import (
    Alert,
    Burst,
    alert_id,
    burst_alert_id,
    update_alert_id,
)
from newsmon.contract.records import ClassifiedArticle, DeadLetter, Evidence, TopicMatch
from newsmon.contract.story import Story, StoryArticle, StoryTopic
from newsmon.contract.urls import canonical_url
from tests.support.schema_validation import (
    ALERT,
    ARTICLE,
    CLASSIFIED,
    DEADLETTER,
    STORY,
    validate,
)

NOW = datetime(2026, 11, 24, 12, 0, 0, 123000, tzinfo=UTC)


def make_article(**overrides: object) -> Article:
    fields: dict[str, object] = {
        "id": article_id("https://example.org/a?utm_source=x", None, "https://example.org/feed"),
        "feed": "https://example.org/feed",
        "url": "https://example.org/a?utm_source=x",
        "title": "Alliance ministers meet",
        "summary": "Ministers met.",
        "content": "",
        "published_at": NOW - timedelta(hours=1),
        "fetched_at": NOW,
        "authors": ("Desk",),
        "language": "en",
        "guid": "tag:example.org,2026:1",
    }
    fields.update(overrides)
    return Article(**fields)  # type: ignore[arg-type]


def test_article_round_trips_through_json_unchanged() -> None:
    article = make_article()
    assert Article.from_json(article.to_json()) == article


def test_article_message_follows_its_json_schema() -> None:
    validate(ARTICLE, make_article().to_json())


def test_schema_rejects_a_timestamp_without_utc_marker() -> None:
    message = json.loads(make_article().to_json())
    message["published_at"] = "2026-11-24T12:00:00"
    with pytest.raises(jsonschema.ValidationError):
        validate(ARTICLE, message)


def test_article_id_ignores_tracking_parameters_and_scheme() -> None:
    feed = "https://example.org/feed"
    assert article_id("http://www.Example.org/a?utm_medium=rss", None, feed) == article_id(
        "https://example.org/a", None, feed
    )


def test_article_id_falls_back_to_guid_when_there_is_no_link() -> None:
    assert article_id("", "guid-1", "f") == article_id(None, "guid-1", "f")
    assert article_id("", "guid-1", "f") != article_id("", "guid-2", "f")


def test_article_without_link_or_guid_has_no_id() -> None:
    with pytest.raises(ContractError):
        article_id("", " ", "f")


def test_canonical_url_keeps_content_parameters_sorted() -> None:
    assert canonical_url("HTTPS://News.Example.org:443/x?b=2&utm_campaign=c&a=1#top") == (
        "https://news.example.org/x?a=1&b=2"
    )


def test_timestamps_are_rendered_in_utc_with_z_suffix() -> None:
    moment = datetime(2026, 1, 1, 15, 0, tzinfo=timezone(timedelta(hours=3)))
    assert format_utc(moment) == "2026-01-01T12:00:00.000Z"


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_utc(datetime(2026, 1, 1))


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("title", 3, "'title'"),
        ("published_at", "yesterday", "'published_at'"),
        ("schema_version", 2, "'schema_version'"),
        ("authors", "Desk", "'authors'"),
    ],
)
def test_decoding_a_bad_article_names_the_field(field: str, value: object, needle: str) -> None:
    message = json.loads(make_article().to_json())
    message[field] = value
    with pytest.raises(ContractError, match=needle):
        Article.from_json(json.dumps(message))


def test_decoding_non_json_is_a_contract_error() -> None:
    with pytest.raises(ContractError, match="not JSON"):
        Article.from_json(b"\xff\x00garbage")


def test_classified_article_follows_schema_and_round_trips() -> None:
    evidence = Evidence(term="nato", field="title", start=0, end=4, weight=1.0)
    classified = ClassifiedArticle(
        article=make_article(),
        topics=(TopicMatch(name="nato", score=0.9, evidence=(evidence,)),),
        story_id="s1",
        duplicate_of=None,
        classified_at=NOW,
    )
    validate(CLASSIFIED, classified.to_json())
    assert ClassifiedArticle.from_json(classified.to_json()) == classified


def make_alert(**overrides: object) -> Alert:
    fields: dict[str, object] = {
        "id": alert_id("sanctions", "story-9"),
        "kind": "new",
        "topic": "sanctions",
        "severity": "warning",
        "reason": "score 0.80 >= 0.60: 'sanctions package' in title",
        "story_id": "story-9",
        "story_ids": ("story-9",),
        "article_ids": ("a1", "a2"),
        "title": "t",
        "url": "https://example.org/a",
        "score": 0.8,
        "outlets": 2,
        "terms": ("sanctions package",),
        "published_at": NOW - timedelta(minutes=3),
        "fetched_at": NOW - timedelta(seconds=2),
        "created_at": NOW,
    }
    fields.update(overrides)
    return Alert(**fields)  # type: ignore[arg-type]


def test_alert_follows_schema_and_its_id_is_deterministic() -> None:
    alert = make_alert()
    validate(ALERT, alert.to_json())
    assert Alert.from_json(alert.to_json()) == alert
    assert alert.id == alert_id("sanctions", "story-9") != alert_id("nato", "story-9")


def test_each_alert_kind_has_its_own_id_and_a_burst_names_no_single_story() -> None:
    update = make_alert(id=update_alert_id("sanctions", "story-9", 3), kind="update", outlets=3)
    window = NOW - timedelta(minutes=15)
    burst = make_alert(
        id=burst_alert_id("sanctions", window),
        kind="burst",
        story_id=None,
        story_ids=("s1", "s2", "s3"),
        burst=Burst(window, NOW, count=9, expected=1.5, p_value=1e-5),
    )
    for alert in (update, burst):
        validate(ALERT, alert.to_json())
        assert Alert.from_json(alert.to_json()) == alert
    ids = {alert_id("sanctions", "story-9"), update.id, update_alert_id("sanctions", "story-9", 10)}
    assert len(ids | {burst.id}) == 4


def test_an_alert_of_schema_1_reads_as_a_new_alert_of_one_outlet() -> None:
    old = {
        "schema_version": 1,
        "id": alert_id("nato", "s"),
        "topic": "nato",
        "severity": "info",
        "reason": "r",
        "article_ids": ["a"],
        "story_id": "s",
        "title": "t",
        "url": "https://example.org/x",
        "score": 0.9,
        "created_at": "2026-11-24T12:00:00Z",
    }
    alert = Alert.from_json(json.dumps(old))
    assert (alert.kind, alert.outlets, alert.story_ids, alert.published_at) == (
        "new",
        1,
        ("s",),
        None,
    )


def test_an_unreadable_alert_raises_a_contract_error() -> None:
    with pytest.raises(ContractError):
        Alert.from_json(b'{"schema_version": 2, "id": "x"}')


def test_story_follows_schema_and_reads_back() -> None:
    story = Story(
        story_id="story-9",
        title="Alliance ministers meet",
        first_seen=NOW,
        last_updated=NOW + timedelta(minutes=5),
        articles=(
            StoryArticle("a1", "https://one.example/feed", "https://one.example/a", "t", NOW),
            StoryArticle("a2", "https://two.example/rss", "https://two.example/b", "t2", NOW),
        ),
        outlets=2,
        topics=(StoryTopic("nato", 0.91),),
        alert_ids=(alert_id("nato", "story-9"),),
    )
    validate(STORY, story.to_json())
    assert Story.from_json(story.to_json()) == story


def test_dead_letter_follows_schema_and_keeps_the_payload() -> None:
    letter = DeadLetter(
        reason="not JSON",
        error_kind="decode",
        topic="newsmon.articles.raw",
        partition=0,
        offset=42,
        key=b"k",
        payload=b"\xffbroken",
        failed_at=NOW,
    )
    validate(DEADLETTER, letter.to_json())
    assert json.loads(letter.to_json())["payload"] == "/2Jyb2tlbg=="
