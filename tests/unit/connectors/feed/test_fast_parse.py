"""The lxml fast path reads what feedparser reads: same Articles, or it steps aside."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feedparser.datetimes import _parse_date

from connectors.compat import feedparser as feedparser_compat
from connectors.feed import ParsedFeed, parse_feed, to_articles
from connectors.feed.fast import read_fast
from connectors.feed.fast_dates import parse_date
from connectors.feed.parse import DEFAULT_MAX_BYTES, _prepare, fast_reader
from connectors.fetch import FeedError
from newsmon.contract import Article
from tests.support.fetch_env import FIXTURES, fixture_bytes

FETCHED = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)
FEED_URL = "https://feeds.example.com/world/rss.xml"

# The corpus has 118 files; this many take the fast path today. Fewer means a regression in
# what it accepts (raise it when the fast path learns more).
FAST_PATH_CORPUS_FLOOR = 52

SIMPLE_RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Simple</title><link>https://s.example.org/</link>
<item><title>First &amp; foremost</title><link>/a/1</link>
<description>Plain words.</description><pubDate>Tue, 03 Mar 2026 10:30:00 +0100</pubDate>
<guid isPermaLink="false">s-1</guid><author>desk@s.example.org (News Desk)</author></item>
</channel></rss>"""


def _read_both(body: bytes, url: str) -> tuple[list[Article] | None, list[Article] | str]:
    """(fast-path Articles or None when it steps aside, feedparser-path Articles or error kind)."""
    try:
        slow: list[Article] | str = to_articles(parse_feed(body, url, fast=False), url, FETCHED)
    except FeedError as exc:
        slow = str(exc.kind)
    try:
        fast = read_fast(_prepare(body, DEFAULT_MAX_BYTES), url, None)
    except FeedError:
        fast = None
    if fast is None or not fast.entries:
        return None, slow
    return to_articles(fast, url, FETCHED), slow


def test_a_simple_rss_feed_takes_the_fast_path_and_reads_like_feedparser() -> None:
    fast, slow = _read_both(SIMPLE_RSS, FEED_URL)
    assert fast is not None
    assert fast == slow
    (article,) = fast
    assert article.url == "https://feeds.example.com/a/1"
    assert article.title == "First & foremost"
    assert article.authors == ("News Desk",)
    assert article.published_at == datetime(2026, 3, 3, 9, 30, tzinfo=UTC)


FAST_FIXTURES = FIXTURES / "fast"


def test_our_fixtures_read_the_same_on_both_paths() -> None:
    compared = []
    for path in sorted(p for p in FIXTURES.iterdir() if p.is_file()):
        fast, slow = _read_both(path.read_bytes(), FEED_URL)
        if fast is not None:
            assert fast == slow, path.name
            compared.append(path.name)
    # Without this the test passed when the fast path refused every fixture (nothing compared).
    assert compared == [
        "atom_html_content.xml",
        "rss_bad_dates.xml",
        "rss_guid_trouble.xml",
        "rss_relative_links.xml",
    ]


@pytest.mark.parametrize(
    "name", sorted(p.name for p in FAST_FIXTURES.glob("*.xml")) or ["(no fixtures)"]
)
def test_the_fast_path_accepts_each_of_its_fixtures_and_reads_them_like_feedparser(
    name: str,
) -> None:
    # Each of these was written to take the fast path: a refusal is a regression, and a parity
    # check over documents the fast path refuses would prove nothing.
    body = (FAST_FIXTURES / name).read_bytes()
    fast, slow = _read_both(body, FEED_URL)
    assert fast is not None, f"the fast path refused {name}"
    assert isinstance(slow, list) and len(slow) >= 1, slow
    assert fast == slow


def test_parse_feed_takes_the_fast_path_on_its_fixtures() -> None:
    # Through the public entry point: the lazily imported fast path is really used.
    names = sorted(FAST_FIXTURES.glob("*.xml"))
    assert len(names) >= 5
    with_spy: list[str] = []
    reader = fast_reader()
    assert reader is not None, feedparser_compat.fast_path_problem()

    def spy(body: bytes, url: str, declared_type: str | None) -> ParsedFeed | None:
        result = reader(body, url, declared_type)
        if result is not None and result.entries:
            with_spy.append(url)
        return result

    fast_reader.cache_clear()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("connectors.feed.parse.fast_reader", lambda: spy)
            for path in names:
                parse_feed(path.read_bytes(), f"https://feeds.example.com/{path.name}")
    finally:
        fast_reader.cache_clear()
    assert len(with_spy) == len(names)


def test_documents_with_a_doctype_or_another_encoding_go_to_feedparser() -> None:
    assert read_fast(fixture_bytes("xxe_template.xml"), FEED_URL, None) is None
    assert read_fast(fixture_bytes("billion_laughs.xml"), FEED_URL, None) is None
    assert read_fast(fixture_bytes("rss_windows1251.xml"), FEED_URL, None) is None
    latin1 = SIMPLE_RSS.replace(b"utf-8", b"iso-8859-1")
    assert read_fast(latin1, FEED_URL, None) is None
    assert read_fast(SIMPLE_RSS, FEED_URL, "text/xml; charset=iso-8859-1") is None


def test_ill_formed_xml_and_unknown_item_elements_go_to_feedparser() -> None:
    assert read_fast(SIMPLE_RSS.replace(b"</item>", b""), FEED_URL, None) is None
    itunes = SIMPLE_RSS.replace(
        b'<rss version="2.0">',
        b'<rss version="2.0" xmlns:i="http://www.itunes.com/dtds/podcast-1.0.dtd">',
    )
    with_summary = itunes.replace(b"</item>", b"<i:summary>Other words</i:summary></item>")
    assert read_fast(with_summary, FEED_URL, None) is None
    assert read_fast(itunes, FEED_URL, None) is not None


@pytest.mark.corpus
def test_every_corpus_feed_the_fast_path_accepts_yields_the_feedparser_articles(
    corpus_dir: Path,
) -> None:
    files = sorted(p for p in (corpus_dir / "feeds").iterdir() if p.name != "README.md")
    fast_count = 0
    for path in files:
        url = f"https://corpus.example.org/{path.name}"
        fast, slow = _read_both(path.read_bytes(), url)
        if fast is None:
            continue
        fast_count += 1
        assert isinstance(slow, list), path.name
        assert len(fast) == len(slow), path.name
        for ours, theirs in zip(fast, slow, strict=True):
            assert ours == theirs, path.name
    print(f"\nfast path: {fast_count} of {len(files)} corpus feeds")
    assert fast_count >= FAST_PATH_CORPUS_FLOOR


DATES = [
    "Sun, 01 Mar 2026 04:00:00 +0000",
    "Tue, 3 Mar 2026 10:30:00 GMT",
    "Mon, 03 Mar 2026 10:30:00 +0130",
    "03 Mar 2026 23:59:59 -0800",
    "Sun, 01 Mar 2026 04:00:00 UTC",
    "Sun, 31 Feb 2026 04:00:00 +0000",
    "Sun, 01 Mar 2026 24:00:00 +0000",
    "Sun, 01 Xyz 2026 04:00:00 +0000",
    "2026-03-01T04:30:00Z",
    "2026-03-01T04:30:00+02:00",
    "2026-12-31T23:30:00-05:30",
    "2026-02-30T00:00:00Z",
    "2026-03-01T25:00:00Z",
    "2026-03-01",
    "not a date",
    "",
]


@pytest.mark.parametrize("value", DATES)
def test_dates_read_without_feedparser_mean_the_same_instant_as_feedparser_says(
    value: str,
) -> None:
    ours, theirs = parse_date(value), _parse_date(value)
    assert (ours is None) == (theirs is None)
    if ours is not None and theirs is not None:
        assert calendar.timegm(ours) == calendar.timegm(theirs)
