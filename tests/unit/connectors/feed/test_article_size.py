"""An entry's text is bounded, so that no Article is too large for Kafka."""

from __future__ import annotations

from datetime import UTC, datetime

from connectors.feed import parse_feed, to_articles
from connectors.feed.normalise import MAX_TEXT_BYTES, MAX_TITLE_CHARS

FEED_URL = "https://feeds.example.com/huge.xml"
FETCHED = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)


def _feed(title: str, summary: str, content: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>t</title><link>https://feeds.example.com/</link><description>d</description>"
        f"<item><title>{title}</title><link>https://feeds.example.com/a</link>"
        f"<description>{summary}</description><content:encoded>{content}</content:encoded>"
        "</item></channel></rss>"
    ).encode()


def test_summary_and_content_together_stay_within_the_text_budget_at_a_character_boundary() -> None:
    # Three-byte characters, so that a cut at a byte count lands inside one if done naively.
    body = _feed("Big", "€" * 200_000, "Ж€" * 300_000)
    (article,) = to_articles(parse_feed(body, FEED_URL), FEED_URL, FETCHED)
    size = len(article.summary.encode()) + len(article.content.encode())
    assert MAX_TEXT_BYTES - 8 <= size <= MAX_TEXT_BYTES
    assert article.content.startswith("Ж€Ж€") and article.summary.startswith("€€")
    assert len(article.to_json()) < 2 * MAX_TEXT_BYTES


def test_a_huge_title_is_cut_to_a_headline() -> None:
    body = _feed("word " * 50_000, "s", "c")
    (article,) = to_articles(parse_feed(body, FEED_URL), FEED_URL, FETCHED)
    assert 0 < len(article.title) <= MAX_TITLE_CHARS


def test_ordinary_entries_are_not_touched() -> None:
    (article,) = to_articles(parse_feed(_feed("T", "S", "C"), FEED_URL), FEED_URL, FETCHED)
    assert (article.title, article.summary, article.content) == ("T", "S", "C")
