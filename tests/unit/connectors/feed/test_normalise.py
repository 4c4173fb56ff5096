"""Entries become Articles: absolute links, UTC dates, plain text, stable ids, right encodings."""

from __future__ import annotations

from datetime import UTC, datetime

from connectors.feed import parse_feed, to_articles
from newsmon.contract import Article
from tests.support.fetch_env import fixture_bytes

FEED_URL = "https://feeds.example.com/world/rss.xml"
FETCHED = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)


def _articles(name: str, url: str = FEED_URL) -> list[Article]:
    return to_articles(parse_feed(fixture_bytes(name), url), url, FETCHED)


def test_relative_links_resolve_against_the_feed_url_and_item_xml_base() -> None:
    first, second = _articles("rss_relative_links.xml")
    assert first.url == "https://feeds.example.com/news/ministers-meet"
    assert second.url == "https://other.example.net/section/harbour-reopens"


def test_dates_are_converted_to_utc() -> None:
    first, _ = _articles("rss_relative_links.xml")
    assert first.published_at == datetime(2026, 3, 3, 10, 30, tzinfo=UTC)
    assert not first.published_at_inferred


def test_a_missing_date_falls_back_to_the_fetch_time_and_says_so() -> None:
    _, undated = _articles("rss_relative_links.xml")
    assert undated.published_at == FETCHED
    assert undated.published_at_inferred


def test_unparseable_and_future_dates_are_inferred_and_dublin_core_dates_are_read() -> None:
    unparseable, future, dublin_core = _articles("rss_bad_dates.xml")
    assert unparseable.published_at_inferred and unparseable.published_at == FETCHED
    assert future.published_at_inferred and future.published_at == FETCHED
    assert dublin_core.published_at == datetime(2026, 3, 1, 4, 30, tzinfo=UTC)
    assert not dublin_core.published_at_inferred


def test_feed_ttl_language_hub_and_self_link_are_read() -> None:
    rss = parse_feed(fixture_bytes("rss_relative_links.xml"), FEED_URL)
    assert rss.ttl_s == 1800.0
    assert rss.language == "en-GB"
    atom = parse_feed(fixture_bytes("atom_html_content.xml"), FEED_URL)
    assert atom.websub_hub == "https://hub.example.org/"
    assert atom.self_url == "https://atom.example.org/blog/feed.atom"


def test_html_content_is_reduced_to_text_without_scripts_or_styles() -> None:
    entry, _ = _articles("atom_html_content.xml")
    assert entry.title == "Sanctions & trade"
    assert entry.summary == "New measures announced."
    assert entry.content == "First paragraph & more. Second paragraph."
    assert entry.authors == ("Ada Reporter", "Bo Editor")
    assert entry.language == "de"
    assert entry.url == "https://atom.example.org/blog/posts/sanctions-trade"
    assert entry.published_at == datetime(2026, 3, 2, 6, 45, tzinfo=UTC)


def test_atom_entry_without_title_uses_its_summary() -> None:
    _, untitled = _articles("atom_html_content.xml")
    assert untitled.title == "An entry that has no title of its own."


def test_shared_or_missing_guids_still_give_distinct_stable_ids() -> None:
    first = _articles("rss_guid_trouble.xml")
    again = _articles("rss_guid_trouble.xml")
    titles = [a.title for a in first]
    # the second "Linked story" is the same article as the first (same canonical link)
    assert titles == [
        "Shared GUID one",
        "Shared GUID two",
        "No GUID, no link",
        "Linked story",
        "Permalink GUID",
    ]
    assert len({a.id for a in first}) == 5
    assert [a.id for a in first] == [a.id for a in again]
    assert first[4].url == "https://guids.example.org/permalink"


def test_ids_do_not_depend_on_the_fetch_time() -> None:
    early = to_articles(
        parse_feed(fixture_bytes("rss_guid_trouble.xml"), FEED_URL), FEED_URL, FETCHED
    )
    later = to_articles(
        parse_feed(fixture_bytes("rss_guid_trouble.xml"), FEED_URL),
        FEED_URL,
        datetime(2027, 1, 1, tzinfo=UTC),
    )
    assert [a.id for a in early] == [a.id for a in later]


def test_a_windows_1251_feed_is_decoded() -> None:
    (article,) = _articles("rss_windows1251.xml")
    assert article.title == "Санкции продлены на полгода"
    assert article.summary == "Совет продлил меры."


def test_a_misdeclared_encoding_still_yields_its_entries_in_readable_text() -> None:
    (article,) = _articles("rss_misdeclared_utf8_as_latin1.xml")
    assert article.url == "https://mis.example.org/zurich"
    assert article.title == "Zürich: Gespräche über Exportkontrollen"
    assert article.summary == "Die Gespräche dauern an \u2013 heißt es."


def test_articles_round_trip_through_the_wire_form() -> None:
    articles = _articles("atom_html_content.xml")
    assert len(articles) == 2  # an empty read would check nothing
    for article in articles:
        assert Article.from_json(article.to_json()) == article
