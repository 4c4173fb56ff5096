"""Every real-world feed in ../shared/corpus/feeds goes through parse -> normalise without an
exception escaping, and we read at least as many entries as plain feedparser does."""

from __future__ import annotations

import gzip
import io
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from connectors.feed import parse_feed, to_articles
from connectors.fetch import FeedError

pytestmark = pytest.mark.corpus

# Plain feedparser.parse on the stored bytes, decompressing nothing, reads 1,251 entries;
# with the two gzip captures decompressed it is 1,286. We must not read fewer.
PLAIN_FEEDPARSER_ENTRIES = 1286


def _plain_feedparser_entries(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return len(feedparser.parse(io.BytesIO(data)).entries)


def test_every_corpus_feed_is_read_or_gets_a_named_error(corpus_dir: Path) -> None:
    fetched_at = datetime(2026, 3, 3, tzinfo=UTC)
    files = sorted(p for p in (corpus_dir / "feeds").iterdir() if p.name != "README.md")
    assert len(files) >= 118
    entries = articles = plain = 0
    errors: Counter[str] = Counter()
    for path in files:
        url = f"https://corpus.example.org/{path.name}"
        plain += _plain_feedparser_entries(path)
        try:
            feed = parse_feed(path.read_bytes(), url)
        except FeedError as exc:
            errors[str(exc.kind)] += 1
            continue
        entries += len(feed.entries)
        read = to_articles(feed, url, fetched_at)
        articles += len(read)
        assert all(a.published_at.tzinfo is not None for a in read)
        assert all(a.url == "" or a.url.startswith(("http://", "https://")) for a in read)
    print(
        f"\ncorpus: {len(files)} files, {entries} entries, {articles} articles "
        f"(plain feedparser: {plain} entries), errors {dict(errors)}"
    )
    assert plain == PLAIN_FEEDPARSER_ENTRIES
    assert entries >= plain
    # Articles are fewer than entries only by empty entries ({}-like) and repeated links.
    assert articles >= entries - 20
    assert set(errors) <= {"not_a_feed", "parse_error"}
    assert errors["not_a_feed"] >= 2  # the two HTML pages stored as feeds


def test_known_encodings_in_the_corpus_come_out_readable(corpus_dir: Path) -> None:
    feeds = corpus_dir / "feeds"
    checks = {
        "miniflux__koi8r.xml": "новость",
        "miniflux__encoding_WINDOWS-1251.xml": None,
        "node-feedparser__compressed_xml.xml.gz": None,
    }
    for name, expected in checks.items():
        url = f"https://corpus.example.org/{name}"
        read = to_articles(parse_feed((feeds / name).read_bytes(), url), url, datetime.now(UTC))
        assert read, name
        text = " ".join(a.title for a in read)
        assert "\ufffd" not in text, name
        if expected:
            assert expected in text.lower(), name
