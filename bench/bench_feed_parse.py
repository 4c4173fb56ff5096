"""Parse + normalise cost per feed: plain feedparser (the baseline), our feedparser path, and
our default path (lxml fast path where it applies, feedparser elsewhere).

Two sets of documents, measured in the same run:
  corpus: the 118 real-world files of ../shared/corpus/feeds (mixed formats, encodings, errors);
  simple: 300 small RSS 2.0 feeds shaped like bench_connector's (5 plain-text items each).

Goals: our feedparser path costs at most 2x plain feedparser on the corpus; the default path
is at least 5x cheaper than plain feedparser on the simple feeds.
Run: .venv/bin/python bench/bench_feed_parse.py
"""

from __future__ import annotations

import contextlib
import gzip
import io
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import feedparser

from connectors.feed import parse_feed, to_articles
from connectors.feed.fast import read_fast
from connectors.feed.parse import DEFAULT_MAX_BYTES, _prepare
from connectors.fetch import FeedError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "feeds"
ROUNDS = 3
Files = list[tuple[str, bytes]]


def simple_feed(index: int) -> bytes:
    base = datetime(2026, 3, 1, tzinfo=UTC)
    items = "".join(
        f"<item><title>Feed {index} story {g}</title>"
        f"<link>https://bench{index % 50}.example.test/f{index}/s{g}</link>"
        f"<description>Body of story {g} from feed {index}, a few words long.</description>"
        f"<pubDate>{format_datetime(base + timedelta(hours=g))}</pubDate></item>"
        for g in range(5)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench feed {index}</title><link>https://bench.example.test/{index}</link>"
        f"<description>bench</description>{items}</channel></rss>"
    ).encode()


def plain(files: Files) -> int:
    entries = 0
    for name, data in files:
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        entries += len(feedparser.parse(io.BytesIO(data)).entries)
    return entries


def ours(fast: bool) -> Callable[[Files], int]:
    def run(files: Files) -> int:
        now = datetime.now(UTC)
        articles = 0
        for name, data in files:
            url = f"https://corpus.example.org/{name}"
            with contextlib.suppress(FeedError):  # named failures are part of the run
                articles += len(to_articles(parse_feed(data, url, fast=fast), url, now))
        return articles

    return run


def best(fn: Callable[[Files], int], files: Files) -> tuple[float, int]:
    fastest, count = float("inf"), 0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        count = fn(files)
        fastest = min(fastest, time.perf_counter() - started)
    return fastest, count


def fast_path_count(files: Files) -> int:
    taken = 0
    for name, data in files:
        with contextlib.suppress(FeedError):
            feed = read_fast(_prepare(data, DEFAULT_MAX_BYTES), f"https://c.example/{name}", None)
            taken += feed is not None and bool(feed.entries)
    return taken


def measure(label: str, files: Files) -> dict[str, float]:
    plain_s, plain_n = best(plain, files)
    slow_s, slow_n = best(ours(False), files)
    fast_s, fast_n = best(ours(True), files)
    per = 1000 / len(files)
    print(f"{label}: {len(files)} feeds, {fast_path_count(files)} take the fast path")
    print(f"  (a) plain feedparser.parse   {plain_s * per:7.3f} ms/feed  {plain_n:5d} entries")
    print(f"  (b) ours, feedparser path    {slow_s * per:7.3f} ms/feed  {slow_n:5d} articles")
    print(f"  (c) ours, default (fast)     {fast_s * per:7.3f} ms/feed  {fast_n:5d} articles")
    print(
        f"  ratios: b/a {slow_s / plain_s:.2f}x, c/a {fast_s / plain_s:.2f}x, "
        f"speed-up a/c {plain_s / fast_s:.1f}x, b/c {slow_s / fast_s:.1f}x"
    )
    return {"plain": plain_s, "slow": slow_s, "fast": fast_s}


def main() -> int:
    simple = [(f"simple{i}.xml", simple_feed(i)) for i in range(300)]
    simple_t = measure("simple", simple)
    goal_simple = simple_t["plain"] / simple_t["fast"]
    print(
        f"goal: default path >= 5x cheaper than plain feedparser on simple feeds: "
        f"{goal_simple:.1f}x {'met' if goal_simple >= 5 else 'NOT met'}"
    )
    if not CORPUS.is_dir():
        print("../shared/corpus/feeds is absent; corpus not measured")
        return 0
    files = [(p.name, p.read_bytes()) for p in sorted(CORPUS.iterdir()) if p.name != "README.md"]
    corpus_t = measure("corpus", files)
    ratio = corpus_t["slow"] / corpus_t["plain"]
    print(
        f"goal: feedparser path <= 2x plain feedparser on the corpus: {ratio:.2f}x "
        f"{'met' if ratio <= 2.0 else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
