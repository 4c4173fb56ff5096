"""Documents built to hurt: external entities, entity expansion, HTML, garbage, random bytes."""

from __future__ import annotations

import contextlib
import gzip
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.feed import ParsedFeed, parse_feed, to_articles
from connectors.fetch import FeedError, FeedErrorKind
from tests.support.fetch_env import FIXTURES, fixture_bytes

URL = "https://hostile.example.org/feed.xml"


def _everything(feed: ParsedFeed) -> str:
    from datetime import UTC, datetime

    articles = to_articles(feed, URL, datetime(2026, 3, 3, tzinfo=UTC))
    return repr([a.to_dict() for a in articles]) + repr(feed)


def test_external_entities_never_leak_local_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER-4711")
    body = fixture_bytes("xxe_template.xml").replace(b"SECRET_PATH", str(secret).encode())
    feed = parse_feed(body, URL)
    text = _everything(feed)
    assert "TOP-SECRET-MARKER-4711" not in text
    assert "root:" not in text
    assert "Leak" in text  # the entry itself is read, without the entity


def test_billion_laughs_finishes_fast_with_bounded_memory() -> None:
    tracemalloc.start()
    started = time.monotonic()
    try:
        try:
            text = _everything(parse_feed(fixture_bytes("billion_laughs.xml"), URL))
        except FeedError:
            text = ""
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2.0
    assert peak < 50 * 1024 * 1024
    assert "lollollol" not in text


def test_an_html_page_is_not_a_feed() -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(fixture_bytes("html_page.xml"), URL)
    assert caught.value.kind is FeedErrorKind.NOT_A_FEED


def test_xml_that_is_no_feed_is_not_a_feed() -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(b'<?xml version="1.0"?><note><to>A</to></note>', URL)
    assert caught.value.kind is FeedErrorKind.NOT_A_FEED


def test_an_empty_document_is_a_parse_error() -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(b"  \n", URL)
    assert caught.value.kind is FeedErrorKind.PARSE_ERROR


def test_a_gzip_compressed_document_is_sniffed_and_read() -> None:
    feed = parse_feed(gzip.compress(fixture_bytes("rss_relative_links.xml")), URL)
    assert len(feed.entries) == 2


def test_a_gzip_document_expanding_past_the_cap_is_too_large() -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(gzip.compress(bytes(2_000_000)), URL, max_bytes=1_000_000)
    assert caught.value.kind is FeedErrorKind.TOO_LARGE


def test_whitespace_before_the_xml_declaration_is_tolerated() -> None:
    feed = parse_feed(b"\n\n  " + fixture_bytes("rss_relative_links.xml"), URL)
    assert len(feed.entries) == 2
    assert feed.bozo_reason is None


_SEEDS = sorted(p.name for p in FIXTURES.glob("*.xml"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_raise_nothing_but_feed_error(data: bytes) -> None:
    with contextlib.suppress(FeedError):
        _everything(parse_feed(data, URL))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_SEEDS),
    st.lists(st.tuples(st.integers(min_value=0), st.binary(max_size=8)), max_size=6),
    st.integers(min_value=0),
)
def test_mutated_fixtures_raise_nothing_but_feed_error(
    name: str, edits: list[tuple[int, bytes]], cut: int
) -> None:
    body = bytearray(fixture_bytes(name))
    for position, replacement in edits:
        at = position % (len(body) + 1)
        body[at : at + len(replacement)] = replacement
    body = body[: max(1, cut % (len(body) + 1))] if cut % 3 == 0 else body
    with contextlib.suppress(FeedError):
        _everything(parse_feed(bytes(body), URL))
