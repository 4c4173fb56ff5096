"""The pipeline's two halves: `Enricher.enrich` (stateless) and the index step, and what
`clean_article` keeps of an article."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from streams.classify import TopicSet
from streams.dedupe.index import DedupeIndex
from streams.pipeline import ArticlePipeline, Enricher, clean_article
from tests.support.articles import article as make_article

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_clean_article_keeps_every_field_it_does_not_clean() -> None:
    article = dataclasses.replace(
        make_article("https://news.example/k1?utm_source=x", " NATO  summit ", "<p>Met.</p>"),
        authors=("A. Writer",),
        language="EN-gb",
        guid="guid-1",
        published_at_inferred=True,
    )
    cleaned = clean_article(article)
    cleaned_names = {"title", "summary", "content", "url", "language"}
    for field in dataclasses.fields(article):
        if field.name not in cleaned_names:
            assert getattr(cleaned, field.name) == getattr(article, field.name), field.name
    assert cleaned.title == "NATO summit" and cleaned.language == "en"


def test_enrich_then_decide_is_what_process_returns(default_topics: TopicSet) -> None:
    items = [
        make_article("https://news.example/p1", "NATO ministers agree on spending", "Agreed."),
        make_article("https://news.example/p2", "NATO ministers agree on spending", "Agreed."),
    ]
    whole = ArticlePipeline(default_topics, DedupeIndex())
    halves = ArticlePipeline(default_topics, DedupeIndex())
    enricher = Enricher(default_topics)
    for article in items:
        expected = whole.process(article, NOW)
        assert halves.decide(enricher.enrich(article), NOW) == expected
