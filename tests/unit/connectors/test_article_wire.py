"""The Article's wire form lists every field, in declaration order, and reads back equal."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime

from newsmon.contract import Article


def _article() -> Article:
    return Article(
        id="0123456789abcdef0123456789abcdef",
        feed="https://feeds.example.com/world/rss.xml",
        url="https://news.example.com/2026/03/03/harbour",
        title="Harbour reopens",
        summary="The harbour reopened on Tuesday.",
        content="The harbour reopened on Tuesday after a week of storms.",
        published_at=datetime(2026, 3, 3, 10, 30, tzinfo=UTC),
        fetched_at=datetime(2026, 3, 3, 11, 0, 0, 250_000, tzinfo=UTC),
        authors=("Ada Reporter",),
        language="en",
        guid="harbour-1",
    )


def test_every_field_is_on_the_wire_in_declaration_order() -> None:
    assert list(_article().to_dict()) == [f.name for f in fields(Article)]


def test_the_wire_form_reads_back_as_the_same_article() -> None:
    article = _article()
    assert Article.from_json(article.to_json()) == article
    assert article.to_dict()["fetched_at"] == "2026-03-03T11:00:00.250Z"
