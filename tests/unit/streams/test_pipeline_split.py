"""The pipeline's two halves: `Enricher.enrich` (stateless) and the index step, and what
`clean_article` keeps of an article."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsmon.contract import Article
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


def _varied_articles() -> list[Article]:
    """Copies, near copies, other languages, HTML, a feed language and none, blank fields."""
    bodies = [
        ("NATO ministers agree on spending", "<p>Ministers <b>agreed</b> on Tuesday.</p>", "en"),
        ("NATO ministers agree on spending", "<p>Ministers <b>agreed</b> on Tuesday.</p>", "en"),
        ("NATO ministers agree on new spending", "Ministers agreed on Tuesday, again.", None),
        ("Der Stadtrat beschließt neue Regeln", "Die Regeln gelten ab Montag für alle.", None),
        ("Rada miasta przyjęła nowe przepisy", "Przepisy obowiązują od poniedziałku.", "PL"),
        ("Sanctions on steel exports", "", None),
        ("", "The government imposed sanctions on two banks. Continue reading...", None),
    ]
    made = []
    for n, (title, body, language) in enumerate(bodies):
        item = make_article(f"https://news.example/m{n}?utm_source=x", title, body)
        made.append(dataclasses.replace(item, language=language))
    return made


def test_a_batch_gets_what_one_article_at_a_time_gets(default_topics: TopicSet) -> None:
    items = _varied_articles()
    one_by_one = ArticlePipeline(default_topics, DedupeIndex())
    batched = ArticlePipeline(default_topics, DedupeIndex())
    positions = [(0, n) for n in range(len(items))]
    expected = [one_by_one.process(a, NOW, p) for a, p in zip(items, positions, strict=True)]
    assert batched.process_many(items, NOW, positions) == expected
    assert batched.dedupe.store == one_by_one.dedupe.store
    enricher = Enricher(default_topics)
    assert enricher.enrich_many(items) == [enricher.enrich(a) for a in items]
    unprinted = [enricher.enrich(a, with_fingerprint=False) for a in items]
    assert enricher.enrich_many(items, with_fingerprint=False) == unprinted
    assert expected[1].classified.duplicate_of == items[0].id  # the index did see a copy


@pytest.mark.corpus
def test_the_corpus_in_batches_gets_what_it_gets_one_at_a_time(
    default_topics: TopicSet, corpus_dir: Path
) -> None:
    items = []
    for name in ("dev.jsonl", "blind.jsonl"):
        for n, line in enumerate((corpus_dir / name).read_text(encoding="utf-8").splitlines()):
            row = json.loads(line)
            item = make_article(f"https://corpus.example/{name}/{n}", row.get("title") or "",
                                row.get("text") or "")  # fmt: skip
            items.append(dataclasses.replace(item, language=None))
    one_by_one = ArticlePipeline(default_topics, DedupeIndex())
    expected = [one_by_one.process(a, NOW) for a in items]
    batched = ArticlePipeline(default_topics, DedupeIndex())
    got = [
        r for at in range(0, len(items), 64) for r in batched.process_many(items[at : at + 64], NOW)
    ]
    assert got == expected
