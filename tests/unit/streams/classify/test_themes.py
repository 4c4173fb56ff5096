"""GDELT compatibility: topics map to GKG themes and CAMEO codes; records carry them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from newsmon.contract import Article
from newsmon.contract.records import ClassifiedArticle
from streams.classify import TopicFileError, TopicSet, parse_topics
from streams.dedupe.index import DedupeIndex
from streams.pipeline import ArticlePipeline
from tests.support.schema_validation import CLASSIFIED, validate

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def test_every_shipped_topic_maps_to_gdelt(default_topics: TopicSet) -> None:
    assert default_topics.get("sanctions").themes[:1] == ("SANCTIONS",)
    assert "CAMEO:163" in default_topics.get("sanctions").themes
    assert "ECON_FOREIGNINVEST" in default_topics.get("foreign_business").themes
    assert "ALLIANCE" in default_topics.get("nato").themes


def _article(title: str) -> Article:
    return Article(
        id="0123456789abcdef0123456789abcdef",
        feed="https://feed.example/rss",
        url="https://news.example/a1",
        title=title,
        summary="",
        content="",
        authors=(),
        language="en",
        guid=None,
        published_at=NOW,
        fetched_at=NOW,
        published_at_inferred=False,
    )


def test_a_classified_article_carries_the_themes_of_its_topics_and_follows_the_schema(
    default_topics: TopicSet,
) -> None:
    pipeline = ArticlePipeline(default_topics, DedupeIndex())
    result = pipeline.process(_article("EU adopts new sanctions against Russia"), NOW).classified
    assert [m.name for m in result.topics] == ["sanctions"]
    assert result.themes == default_topics.get("sanctions").themes
    validate(CLASSIFIED, result.to_json())
    assert ClassifiedArticle.from_json(result.to_json()) == result
    quiet = pipeline.process(_article("Sunny spells all week"), NOW).classified
    assert quiet.themes == ()


def test_a_record_written_before_themes_existed_still_reads() -> None:
    record = ClassifiedArticle(_article("t"), (), "s", None, NOW)
    data = json.loads(record.to_json())
    del data["themes"]
    validate(CLASSIFIED, json.dumps(data).encode())
    assert ClassifiedArticle.from_json(json.dumps(data)).themes == ()


@pytest.mark.parametrize(
    ("gdelt", "needle"),
    [({"themes": ["sanctions"]}, "upper case"), ({"cameo": ["16a"]}, "digits")],
)
def test_a_bad_gdelt_mapping_names_the_field(gdelt: dict[str, list[str]], needle: str) -> None:
    raw = {"topics": {"t": {"description": "d", "terms": {"en": {"x": 1.0}}, "gdelt": gdelt}}}
    with pytest.raises(TopicFileError, match=needle):
        parse_topics(raw)
