"""The alert rules: a new alert once per story and topic, updates at outlet counts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from newsmon.contract.alert import Alert, Burst, alert_id, update_alert_id
from newsmon.contract.records import ClassifiedArticle, Severity, TopicMatch
from newsmon.contract.story import MAX_STORY_ARTICLES, MAX_STORY_OUTLETS
from streams.agents.processor import story_step
from streams.alerts import alert_line
from streams.stories import StoryState, outlet_of
from tests.support.articles import NATO_BODY, NATO_TITLE, article
from tests.support.schema_validation import STORY, validate

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Policy:
    alert_threshold: float
    severity: Severity
    update_at_outlets: tuple[int, ...] = (3, 10)
    escalate_to: Severity | None = None


POLICIES = {
    "nato": Policy(0.75, "warning"),
    "sanctions": Policy(0.8, "critical", (2,), escalate_to="critical"),
}


def classified(
    url: str,
    story_id: str | None = None,
    feed: str = "https://feeds.a.example/rss",
    **scores: float,
) -> ClassifiedArticle:
    item = article(url, NATO_TITLE, NATO_BODY, feed=feed)
    return ClassifiedArticle(
        article=item,
        topics=tuple(TopicMatch(name, score, ()) for name, score in scores.items()),
        story_id=story_id or item.id,
        duplicate_of=None,
        classified_at=NOW,
    )


def run(
    items: list[ClassifiedArticle], story: StoryState | None = None
) -> tuple[list[list[Alert]], StoryState | None]:
    """Each article through `story_step` in turn: the alerts of each, the final state."""
    alerts = []
    for item in items:
        step = story_step(item, story, POLICIES.get, NOW)
        alerts.append(list(step.alerts))
        story = step.after
    return alerts, story


def outlet(n: int, story_id: str, **scores: float) -> ClassifiedArticle:
    """Article n of a story, from outlet n."""
    return classified(f"https://o{n}.example/{n}", story_id, f"https://o{n}.example/rss", **scores)


def test_a_score_at_the_alert_threshold_alerts_with_a_deterministic_id() -> None:
    item = classified("https://a.example/1", nato=0.75)
    [[alert]], story = run([item])
    assert alert.id == alert_id("nato", item.story_id)
    assert (alert.kind, alert.topic, alert.severity, alert.score) == (
        "new",
        "nato",
        "warning",
        0.75,
    )
    assert alert.article_ids == (item.article.id,)
    assert (alert.published_at, alert.fetched_at, alert.outlets) == (
        item.article.published_at,
        item.article.fetched_at,
        1,
    )
    assert story is not None and story.alert_ids == (alert.id,)


def test_a_score_below_the_alert_threshold_only_records_the_article() -> None:
    item = classified("https://a.example/1", nato=0.74)
    [alerts], story = run([item])
    assert alerts == []
    assert story is not None and story.article_ids == (item.article.id,)
    assert story.alert_ids == ()


def test_a_later_article_of_an_alerted_story_joins_it_without_alerting_again() -> None:
    first = classified("https://a.example/1", nato=0.9)
    second = classified("https://a.example/2", story_id=first.story_id, nato=0.95)
    alerts, story = run([first, second])
    assert [len(a) for a in alerts] == [1, 0]
    assert story is not None and story.article_ids == (first.article.id, second.article.id)
    assert story.topic("nato") is not None and story.topic("nato").max_score == 0.95  # type: ignore[union-attr]


def test_a_story_alerts_again_only_for_a_topic_it_has_not_alerted_yet() -> None:
    first = classified("https://a.example/1", nato=0.9)
    second = classified("https://a.example/2", story_id=first.story_id, nato=0.9, sanctions=0.85)
    [_, [alert]], _ = run([first, second])
    assert (alert.topic, alert.severity) == ("sanctions", "critical")
    assert alert.id == alert_id("sanctions", first.story_id)


def test_a_topic_that_is_no_longer_configured_never_alerts() -> None:
    [alerts], _ = run([classified("https://a.example/1", retired=0.99)])
    assert alerts == []


def test_an_alerted_story_reaching_three_outlets_raises_one_update_with_its_counts() -> None:
    first = outlet(1, "s1", nato=0.9)
    items = [first, outlet(2, "s1", nato=0.5), outlet(3, "s1"), outlet(4, "s1", nato=0.6)]
    alerts, story = run(items)
    assert [[a.kind for a in batch] for batch in alerts] == [["new"], [], ["update"], []]
    [update] = alerts[2]
    assert update.id == update_alert_id("nato", "s1", 3)
    assert (update.outlets, update.severity, update.story_id) == (3, "warning", "s1")
    assert update.article_ids == tuple(i.article.id for i in items[:3])
    assert (update.title, update.url) == (first.article.title, first.article.url)
    assert update.published_at == first.article.published_at
    assert story is not None and story.outlets == 4
    assert story.alert_ids == (alert_id("nato", "s1"), update.id)


def test_an_update_takes_the_topics_escalation_severity() -> None:
    alerts, _ = run([outlet(1, "s1", sanctions=0.9), outlet(2, "s1")])
    assert [(a.kind, a.severity) for a in alerts[1]] == [("update", "critical")]


def test_articles_of_one_outlet_do_not_count_as_more_outlets() -> None:
    feed = "https://www.same.example/world.xml"
    items = [classified(f"https://same.example/{n}", "s1", feed, nato=0.9) for n in range(5)]
    items.append(classified("https://same.example/9", "s1", "https://same.example/europe.xml"))
    alerts, story = run(items)
    assert [a.kind for batch in alerts for a in batch] == ["new"]
    assert story is not None and story.outlets == 1


def test_outlet_counts_passed_before_the_story_first_alerted_raise_no_update() -> None:
    # Three outlets carry the story below the alert threshold; the fourth article alerts.
    items = [outlet(n, "s1", nato=0.5) for n in (1, 2, 3)] + [outlet(4, "s1", nato=0.9)]
    alerts, story = run(items)
    assert [[a.kind for a in batch] for batch in alerts] == [[], [], [], ["new"]]
    assert alerts[3][0].outlets == 4
    assert story is not None and story.alert_ids == (alert_id("nato", "s1"),)
    more, _ = run([outlet(n, "s1") for n in range(5, 11)], story)
    assert [a.id for batch in more for a in batch] == [update_alert_id("nato", "s1", 10)]


def test_a_replay_of_the_alerting_article_emits_the_same_alert_again() -> None:
    # The story record can reach Kafka before the alert does; a replay after a crash must not
    # then find the topic "already alerted" and lose the alert.
    first = classified("https://a.example/1", nato=0.9)
    step = story_step(first, None, POLICIES.get, NOW)
    replay = story_step(first, step.after, POLICIES.get, NOW)
    assert [a.id for a in replay.alerts] == [a.id for a in step.alerts]
    assert replay.replayed == {step.alerts[0].id} and step.replayed == frozenset()
    assert replay.after == step.after


def test_a_replay_of_the_article_that_raised_an_update_emits_the_same_update_again() -> None:
    _, story = run([outlet(1, "s1", nato=0.9), outlet(2, "s1")])
    third = outlet(3, "s1")
    step = story_step(third, story, POLICIES.get, NOW)
    later = story_step(outlet(4, "s1"), step.after, POLICIES.get, NOW)
    replay = story_step(third, later.after, POLICIES.get, NOW)
    assert (
        [a.id for a in replay.alerts]
        == [a.id for a in step.alerts]
        == [update_alert_id("nato", "s1", 3)]
    )
    assert replay.replayed == {update_alert_id("nato", "s1", 3)}
    assert later.alerts == ()


def test_a_story_state_survives_its_json_form_and_caps_articles_and_outlets() -> None:
    items = [outlet(n, "s1", nato=0.9) for n in range(MAX_STORY_OUTLETS + 5)]
    _, story = run(items)
    assert story is not None
    assert len(story.articles) == MAX_STORY_ARTICLES
    assert story.outlets == MAX_STORY_OUTLETS
    again = StoryState.from_dict("s1", story.to_dict())
    assert again is not None and again.to_dict() == story.to_dict()  # times kept to the ms
    validate(STORY, story.to_story().to_json())


def test_the_story_record_lists_its_articles_outlets_topics_and_alerts() -> None:
    first = outlet(1, "s1", nato=0.9)
    _, story = run([first, outlet(2, "s1", nato=0.7), outlet(3, "s1")])
    assert story is not None
    record = story.to_story()
    validate(STORY, record.to_json())
    assert record.title == first.article.title
    assert [a.id for a in record.articles] == list(story.article_ids)
    assert record.outlets == 3
    assert [(t.name, t.max_score) for t in record.topics] == [("nato", 0.9)]
    assert record.alert_ids == (alert_id("nato", "s1"), update_alert_id("nato", "s1", 3))


def test_an_outlet_is_the_feed_host_without_www() -> None:
    assert outlet_of("https://www.Example.org/rss") == outlet_of("http://example.org/atom")
    assert outlet_of("https://feeds.example.org/x") == "feeds.example.org"


def test_an_unreadable_story_value_is_an_error_not_a_fresh_story() -> None:
    import pytest

    with pytest.raises(ValueError, match="story s1"):
        StoryState.from_dict("s1", ["not", "a", "mapping"])
    with pytest.raises(ValueError, match="story s1"):
        StoryState.from_dict("s1", {"v": 2, "title": "x"})
    assert StoryState.from_dict("s1", None) is None


def test_the_alert_line_is_one_line_with_severity_topic_title_and_url() -> None:
    item = classified("https://a.example/1", nato=0.9)
    item = ClassifiedArticle(
        article=article("https://a.example/1", "NATO\n  summit\topens", "body"),
        topics=item.topics, story_id=item.story_id, duplicate_of=None, classified_at=NOW,
    )  # fmt: skip
    [alert] = story_step(item, None, POLICIES.get, NOW).alerts
    assert alert_line(alert) == "ALERT [warning] nato: NATO summit opens (https://a.example/1)"
    update = replace(alert, kind="update", outlets=3)
    assert alert_line(update) == (
        "ALERT update [warning] nato: NATO summit opens (https://a.example/1) — 3 outlets"
    )
    burst = replace(alert, kind="burst", story_id=None, burst=Burst(NOW, NOW, 7, 1.0, 1e-5))
    assert alert_line(burst).startswith("ALERT burst [warning] nato: ")
    assert alert_line(burst).endswith(" — 7 new stories")


def test_a_story_record_of_the_earlier_layout_still_counts_its_alerts() -> None:
    legacy = {"article_ids": ["a"], "alerted_topics": ["nato"], "last_seen": 1.0}
    story = StoryState.from_dict("s0", legacy)
    assert story is not None and story.alert_ids == (alert_id("nato", "s0"),)
    item = classified("https://b.example/2", "s0", nato=0.9)
    assert story_step(item, story, POLICIES.get, NOW).alerts == ()
    newer = {"article_ids": ["a"], "alerted_by": {"nato": "a"}, "last_seen": 1.0}
    assert StoryState.from_dict("s0", newer).article_ids == ("a",)  # type: ignore[union-attr]


async def test_story_expiry_spares_a_story_updated_while_the_pass_yielded() -> None:
    from streams.agents import expiry

    class Busy(dict[str, object]):
        """A table whose story is refreshed by 'the agent' while expiry yields."""

        def items(self):  # type: ignore[no-untyped-def]
            listed = list(super().items())
            self["s1"] = state("s1", 100.0)
            return listed

    def state(story_id: str, seen: float) -> dict[str, object]:
        when = datetime.fromtimestamp(seen, UTC)
        return StoryState.start(story_id, "t", when).to_dict()

    stories = Busy(s1=state("s1", 1.0), s2=state("s2", 1.0))
    assert await expiry.expire_stories(stories, cutoff=50.0) == 1
    assert list(stories) == ["s1"]
