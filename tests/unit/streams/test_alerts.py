"""The alert rule: once per story and topic, from the topic's alert threshold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from newsmon.contract.alert import alert_id
from newsmon.contract.records import ClassifiedArticle, Severity, TopicMatch
from streams.alerts import MAX_STORY_ARTICLES, StoryRecord, alert_line, decide_alerts
from tests.support.articles import NATO_BODY, NATO_TITLE, article

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Policy:
    alert_threshold: float
    severity: Severity


POLICIES = {"nato": Policy(0.75, "warning"), "sanctions": Policy(0.8, "critical")}


def classified(url: str, story_id: str | None = None, **scores: float) -> ClassifiedArticle:
    item = article(url, NATO_TITLE, NATO_BODY)
    return ClassifiedArticle(
        article=item,
        topics=tuple(TopicMatch(name, score, ()) for name, score in scores.items()),
        story_id=story_id or item.id,
        duplicate_of=None,
        classified_at=NOW,
    )


def test_a_score_at_the_alert_threshold_alerts_with_a_deterministic_id() -> None:
    item = classified("https://a.example/1", nato=0.75)
    decision = decide_alerts(item, StoryRecord(), POLICIES.get, NOW)
    [alert] = decision.alerts
    assert alert.id == alert_id("nato", item.story_id)
    assert (alert.topic, alert.severity, alert.score) == ("nato", "warning", 0.75)
    assert alert.article_ids == (item.article.id,)
    assert decision.story.alerted_topics == ("nato",)


def test_a_score_below_the_alert_threshold_only_records_the_article() -> None:
    item = classified("https://a.example/1", nato=0.74)
    decision = decide_alerts(item, StoryRecord(), POLICIES.get, NOW)
    assert decision.alerts == ()
    assert decision.story.article_ids == (item.article.id,)
    assert decision.story.alerted_topics == ()


def test_a_later_article_of_an_alerted_story_joins_it_without_alerting_again() -> None:
    first = classified("https://a.example/1", nato=0.9)
    story = decide_alerts(first, StoryRecord(), POLICIES.get, NOW).story
    second = classified("https://b.example/2", story_id=first.story_id, nato=0.95)
    decision = decide_alerts(second, story, POLICIES.get, NOW)
    assert decision.alerts == ()
    assert decision.story.article_ids == (first.article.id, second.article.id)


def test_a_story_alerts_again_only_for_a_topic_it_has_not_alerted_yet() -> None:
    first = classified("https://a.example/1", nato=0.9)
    story = decide_alerts(first, StoryRecord(), POLICIES.get, NOW).story
    second = classified("https://b.example/2", story_id=first.story_id, nato=0.9, sanctions=0.85)
    [alert] = decide_alerts(second, story, POLICIES.get, NOW).alerts
    assert (alert.topic, alert.severity) == ("sanctions", "critical")
    assert alert.id == alert_id("sanctions", first.story_id)


def test_a_topic_that_is_no_longer_configured_never_alerts() -> None:
    item = classified("https://a.example/1", retired=0.99)
    assert decide_alerts(item, StoryRecord(), POLICIES.get, NOW).alerts == ()


def test_a_story_record_survives_its_json_form_and_caps_its_article_list() -> None:
    story = StoryRecord()
    for n in range(MAX_STORY_ARTICLES + 5):
        story = story.with_article(f"id{n}", float(n))
    story = story.with_alerted(["nato"], "id0")
    assert len(story.article_ids) == MAX_STORY_ARTICLES
    assert StoryRecord.from_dict(story.to_dict()) == story
    assert story.last_seen == MAX_STORY_ARTICLES + 4


def test_an_unreadable_story_value_reads_as_a_fresh_story() -> None:
    assert StoryRecord.from_dict(["not", "a", "mapping"]) == StoryRecord()
    assert StoryRecord.from_dict({"article_ids": "x", "last_seen": "y"}) == StoryRecord()


def test_the_alert_line_is_one_line_with_severity_topic_title_and_url() -> None:
    item = classified("https://a.example/1", nato=0.9)
    item = ClassifiedArticle(
        article=article("https://a.example/1", "NATO\n  summit\topens", "body"),
        topics=item.topics, story_id=item.story_id, duplicate_of=None, classified_at=NOW,
    )  # fmt: skip
    [alert] = decide_alerts(item, StoryRecord(), POLICIES.get, NOW).alerts
    assert alert_line(alert) == "ALERT [warning] nato: NATO summit opens (https://a.example/1)"


def test_a_replay_of_the_alerting_article_emits_the_same_alert_again() -> None:
    # The story record can reach Kafka before the alert does; a replay after a crash must not
    # then find the topic "already alerted" and lose the alert.
    first = classified("https://a.example/1", nato=0.9)
    decision = decide_alerts(first, StoryRecord(), POLICIES.get, NOW)
    replay = decide_alerts(first, decision.story, POLICIES.get, NOW)
    assert [a.id for a in replay.alerts] == [a.id for a in decision.alerts]
    assert replay.story == decision.story


def test_a_story_record_of_the_earlier_layout_still_counts_its_alerts() -> None:
    legacy = {"article_ids": ["a"], "alerted_topics": ["nato"], "last_seen": 1.0}
    story = StoryRecord.from_dict(legacy)
    assert story.alerted_topics == ("nato",)
    item = classified("https://b.example/2", nato=0.9)
    assert decide_alerts(item, story, POLICIES.get, NOW).alerts == ()


async def test_story_expiry_spares_a_story_updated_while_the_pass_yielded() -> None:
    from streams.agents import expiry

    class Busy(dict[str, object]):
        """A table whose story is refreshed by 'the agent' while expiry yields."""

        def items(self):  # type: ignore[no-untyped-def]
            listed = list(super().items())
            self["s1"] = StoryRecord(("a",), (), 100.0).to_dict()
            return listed

    stories = Busy(s1=StoryRecord(("a",), (), 1.0).to_dict(), s2=StoryRecord((), (), 1.0).to_dict())
    assert await expiry.expire_stories(stories, cutoff=50.0) == 1
    assert list(stories) == ["s1"]
