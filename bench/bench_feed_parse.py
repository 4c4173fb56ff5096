"""Parse + normalise throughput on the shared corpus against plain feedparser (the baseline).

Goal: our full path (gunzip sniff, encoding retries, feedparser, HTML-to-text, ids) costs at
most 2x plain feedparser on the same files and reads at least as many entries.
Run: .venv/bin/python bench/bench_feed_parse.py
"""

from __future__ import annotations

import contextlib
import gzip
import io
import time
from datetime import UTC, datetime
from pathlib import Path

import feedparser

from connectors.feed import parse_feed, to_articles
from connectors.fetch import FeedError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "feeds"
ROUNDS = 3


def _files() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(CORPUS.iterdir()) if p.name != "README.md"]


def _plain(files: list[tuple[str, bytes]]) -> int:
    entries = 0
    for name, data in files:
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        entries += len(feedparser.parse(io.BytesIO(data)).entries)
    return entries


def _ours(files: list[tuple[str, bytes]]) -> int:
    now = datetime.now(UTC)
    articles = 0
    for name, data in files:
        url = f"https://corpus.example.org/{name}"
        with contextlib.suppress(FeedError):  # named failures are part of the run
            articles += len(to_articles(parse_feed(data, url), url, now))
    return articles


def _best(fn: object, files: list[tuple[str, bytes]]) -> tuple[float, int]:
    best = float("inf")
    count = 0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        count = fn(files)  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best, count


def main() -> None:
    if not CORPUS.is_dir():
        print("../shared/corpus/feeds is absent; nothing to measure")
        return
    files = _files()
    size_mb = sum(len(d) for _, d in files) / 1e6
    plain_s, plain_n = _best(_plain, files)
    ours_s, ours_n = _best(_ours, files)
    ratio = ours_s / plain_s
    print(f"corpus: {len(files)} files, {size_mb:.1f} MB")
    print(f"plain feedparser : {plain_s:.2f} s, {plain_n} entries, {size_mb / plain_s:.1f} MB/s")
    print(f"parse + normalise: {ours_s:.2f} s, {ours_n} articles, {size_mb / ours_s:.1f} MB/s")
    print(f"ratio ours/plain : {ratio:.2f}x (goal <= 2.0x): {'met' if ratio <= 2.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
