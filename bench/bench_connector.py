"""Connector throughput: feeds fetched + parsed + normalised + published (+ state saved) per second.

A local HTTP server in a separate process holds FEEDS distinct small RSS feeds (with ETags).
Baseline, measured in the same run: a sequential loop of urllib fetch + feedparser.parse per
feed. Then one connector (Fetcher -> RssConnector -> Publisher to a real local Kafka broker ->
StateStore) polls every feed: a first round with 5 new entries per feed, a round where every
feed answers 304, and several rounds with one new entry per feed, printing RSS after each.

Goals: first round >= 20x the sequential loop; >= 500 not-modified feeds/s; RSS flat over the
repeated rounds. All feeds are on 127.0.0.1, so the bench raises per_host_concurrency and sets
per_host_spacing_s to 0 (the defaults are polite to one real host: 2 in flight, 1 s apart).

    .venv/bin/python bench/bench_connector.py [--feeds 2000] [--latency-ms 0]

--latency-ms adds a delay to every response, as a distant server would (default 0: pure CPU).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import feedparser

from connectors.fetch.http import Fetcher
from connectors.kafka.broker import LocalBroker, free_port
from connectors.poller import FeedPoller
from connectors.publisher import Publisher
from connectors.rss import RssConnector
from connectors.schedule import Bounds
from connectors.service import Topics, ensure_connector_topics
from connectors.settings import ConnectorSettings, KafkaSettings
from connectors.state_store import StateStore

ITEMS_PER_FEED = 5
BASELINE_SAMPLE = 300  # the sequential loop polls this many feeds; its rate is what counts
IN_FLIGHT = 256  # polls in flight in the connector (FeedPoller concurrency)


def feed_body(index: int, generation: int) -> bytes:
    base = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(hours=generation)
    items = "".join(
        f"<item><title>Feed {index} story {g}</title>"
        f"<link>https://bench{index % 50}.example.test/f{index}/s{g}</link>"
        f"<description>Body of story {g} from feed {index}, a few words long.</description>"
        f"<pubDate>{format_datetime(base - timedelta(hours=generation - g))}</pubDate></item>"
        for g in range(generation, generation - ITEMS_PER_FEED, -1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench feed {index}</title><link>https://bench.example.test/{index}</link>"
        f"<description>bench</description>{items}</channel></rss>"
    ).encode()


def serve(
    port: int, generation: multiprocessing.sharedctypes.Synchronized[int], latency_ms: float
) -> None:  # type: ignore[name-defined]
    from aiohttp import web

    async def handle(request: web.Request) -> web.Response:
        index = int(request.match_info["index"])
        body = feed_body(index, generation.value)
        etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
        if latency_ms:
            await asyncio.sleep(latency_ms / 1000)
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            body=body, headers={"ETag": etag, "Content-Type": "application/rss+xml"}
        )

    app = web.Application()
    app.router.add_get("/feed/{index}.xml", handle)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def sequential_baseline(urls: list[str]) -> float:
    started = time.perf_counter()
    for url in urls:
        with urllib.request.urlopen(url, timeout=10) as response:
            parsed = feedparser.parse(response.read())
        assert len(parsed.entries) == ITEMS_PER_FEED
    return len(urls) / (time.perf_counter() - started)


async def connector_rounds(
    bootstrap: str,
    urls: list[str],
    generation: multiprocessing.sharedctypes.Synchronized[int],
    rounds: int,  # type: ignore[name-defined]
) -> dict[str, object]:
    kafka = KafkaSettings(bootstrap=bootstrap, partitions=3)
    settings = ConnectorSettings(
        per_host_concurrency=IN_FLIGHT, per_host_spacing_s=0.0, metrics_port=0, fetch_deadline_s=30
    )

    class Cfg:
        pass

    cfg = Cfg()
    cfg.kafka, cfg.connector = kafka, settings  # type: ignore[attr-defined]
    await ensure_connector_topics(cfg, Topics(), attempts=30)  # type: ignore[arg-type]
    figures: dict[str, object] = {}
    async with Publisher(kafka) as publisher, Fetcher(settings) as fetcher:
        store = StateStore(bootstrap, publisher)
        connector = RssConnector(fetcher, Bounds(settings.min_interval_s, settings.max_interval_s))
        poller = FeedPoller(connector, publisher, store, concurrency=IN_FLIGHT)
        poller.own(urls, {})

        async def one_round() -> tuple[float, int, int]:
            started = time.perf_counter()
            results = await poller.poll_all()
            elapsed = time.perf_counter() - started
            failed = sum(1 for r in results.values() if r is None or not r.ok)
            published = sum(len(r.articles) for r in results.values() if r is not None)
            return len(urls) / elapsed, published, failed

        rate, published, failed = await one_round()
        figures["first"] = (rate, published, failed)
        print(
            f"  round 1 (5 new entries per feed): {rate:8.0f} feeds/s, {published} articles "
            f"published, {failed} failed, RSS {rss_mb():.0f} MB"
        )
        rate, published, failed = await one_round()
        figures["not_modified"] = (rate, published, failed)
        print(
            f"  round 2 (every feed 304):         {rate:8.0f} feeds/s, {published} articles "
            f"published, {failed} failed, RSS {rss_mb():.0f} MB"
        )
        memory = []
        for n in range(rounds):
            generation.value += 1
            rate, published, failed = await one_round()
            memory.append(rss_mb())
            print(
                f"  round {n + 3} (1 new entry per feed):  {rate:8.0f} feeds/s, {published} "
                f"articles published, {failed} failed, RSS {memory[-1]:.0f} MB"
            )
        figures["memory"] = memory
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    args = parser.parse_args()

    generation = multiprocessing.Value("i", ITEMS_PER_FEED)
    port = free_port()
    server = multiprocessing.Process(
        target=serve, args=(port, generation, args.latency_ms), daemon=True
    )
    server.start()
    urls = [f"http://127.0.0.1:{port}/feed/{i}.xml" for i in range(args.feeds)]
    with tempfile.TemporaryDirectory(prefix="newsmon-bench-") as run_dir:
        broker = LocalBroker(run_dir=Path(run_dir))
        try:
            bootstrap = broker.start()
            deadline = time.monotonic() + 10
            while True:
                try:
                    urllib.request.urlopen(urls[0], timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            print(
                f"newsmon connector bench: {args.feeds} feeds of {ITEMS_PER_FEED} entries on "
                f"127.0.0.1 (server in a child process, +{args.latency_ms:.0f} ms per response); "
                f"Kafka {broker.version} at {bootstrap}"
            )
            print(
                f"  bench settings: per_host_concurrency={IN_FLIGHT}, per_host_spacing_s=0, "
                f"{IN_FLIGHT} polls in flight (all feeds share one host here)"
            )
            sample_size = BASELINE_SAMPLE if not args.latency_ms else 100
            sample = urls[: min(sample_size, len(urls))]
            baseline = sequential_baseline(sample)
            print(
                f"  baseline: sequential urllib + feedparser.parse: {baseline:8.0f} feeds/s "
                f"({len(sample)} feeds)"
            )
            figures = asyncio.run(connector_rounds(bootstrap, urls, generation, args.rounds))
        finally:
            broker.stop()
            server.terminate()
            server.join(5)

    first_rate = figures["first"][0]  # type: ignore[index]
    not_modified_rate = figures["not_modified"][0]  # type: ignore[index]
    memory: list[float] = figures["memory"]  # type: ignore[assignment]
    ratio = first_rate / baseline
    growth = memory[-1] - memory[0] if len(memory) > 1 else 0.0
    print("results:")
    print(
        f"  connector vs sequential loop: {ratio:5.1f}x  (goal >= 20x: "
        f"{'met' if ratio >= 20 else 'NOT met'})"
    )
    print(
        f"  not-modified path: {not_modified_rate:.0f} feeds/s  (goal >= 500: "
        f"{'met' if not_modified_rate >= 500 else 'NOT met'})"
    )
    flat = growth <= max(20.0, 0.1 * memory[0])
    print(
        f"  RSS over the repeated rounds: {memory[0]:.0f} -> {memory[-1]:.0f} MB "
        f"({growth:+.0f} MB; goal flat: {'met' if flat else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
