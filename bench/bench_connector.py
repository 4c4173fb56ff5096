"""Connector throughput: feeds fetched + parsed + normalised + published (+ state saved) per second.

A local HTTP server in a separate process holds FEEDS distinct small RSS feeds (with ETags).
Baseline, measured in the same run: a sequential loop of urllib fetch + feedparser.parse per
feed. Then one connector (Fetcher -> RssConnector -> Publisher to a real local Kafka broker ->
StateStore) polls every feed: a first round with 5 new entries per feed, a round where every
feed answers 304, and several rounds with one new entry per feed, printing RSS after each.

Goals: >= 20x the sequential loop when responses take the time a network takes (scenario B);
>= 500 not-modified feeds/s; RSS flat over the repeated rounds. All feeds are on 127.0.0.1,
so the bench raises per_host_concurrency and sets per_host_spacing_s to 0 (the defaults are
polite to one real host: 2 in flight, 1 s apart).

    .venv/bin/python bench/bench_connector.py [--feeds 2000] [--rounds 4] [--latency-ms 50]

Two scenarios in one run: A, responses at once, where both loops are CPU-bound and the figure
that counts is CPU per feed (printed for both: the connector's also covers publishing with
acknowledgements and saving state, the loop's only fetching and parsing); and B, responses
delayed by --latency-ms (default 50, shorter than most trips to a real publisher), where
overlapping many fetches is what the connector is for and the 20x goal applies. Parsing runs
in the connector's process, as `newsmon connector` does it; PARSE_WORKERS=N parses in a pool
of N processes instead (on two cores that costs more CPU in pickling Articles back than it
saves).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import os
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import feedparser

from connectors.fetch.http import Fetcher
from connectors.poller import FeedPoller
from connectors.publisher import Publisher
from connectors.rss import RssConnector
from connectors.schedule import Bounds
from connectors.service import Topics, ensure_connector_topics
from connectors.settings import ConnectorSettings
from connectors.state_store import StateStore
from newsmon.broker.local import LocalBroker, free_port
from newsmon.kafka.settings import KafkaSettings

ITEMS_PER_FEED = 5
BASELINE_SAMPLE = 300  # the sequential loop polls this many feeds; its rate is what counts
PARSE_WORKERS = int(os.environ.get("PARSE_WORKERS", "0"))
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


Shared = Any  # a multiprocessing.Value; its precise type is not importable


def serve(port: int, generation: Shared, latency_ms: Shared) -> None:
    from aiohttp import web

    async def handle(request: web.Request) -> web.Response:
        index = int(request.match_info["index"])
        body = feed_body(index, generation.value)
        etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
        if latency_ms.value:
            await asyncio.sleep(latency_ms.value / 1000)
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        headers = {"ETag": etag, "Content-Type": "application/rss+xml"}
        return web.Response(body=body, headers=headers)

    app = web.Application()
    app.router.add_get("/feed/{index}.xml", handle)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def sequential_baseline(urls: list[str]) -> tuple[float, float]:
    """Feeds per second of the sequential loop, and its CPU milliseconds per feed."""
    started, cpu = time.perf_counter(), time.process_time()
    for url in urls:
        with urllib.request.urlopen(url, timeout=10) as response:
            parsed = feedparser.parse(response.read())
        assert len(parsed.entries) == ITEMS_PER_FEED
    cpu_ms = (time.process_time() - cpu) * 1000 / len(urls)
    return len(urls) / (time.perf_counter() - started), cpu_ms


@dataclass
class BenchConfig:
    kafka: KafkaSettings
    connector: ConnectorSettings


class Connector:
    """The real pipeline pieces, as `newsmon connector` wires them, over every bench feed."""

    def __init__(self, bootstrap: str, urls: list[str]) -> None:
        self.config = BenchConfig(
            KafkaSettings(bootstrap=bootstrap, partitions=3),
            ConnectorSettings(
                per_host_concurrency=IN_FLIGHT,
                per_host_spacing_s=0.0,
                metrics_port=0,
                fetch_deadline_s=60,
            ),
        )
        self.urls = urls
        self._stack = AsyncExitStack()

    async def __aenter__(self) -> Connector:
        await ensure_connector_topics(self.config, Topics(), attempts=30)
        publisher = await self._stack.enter_async_context(Publisher(self.config.kafka))
        fetcher = await self._stack.enter_async_context(Fetcher(self.config.connector))
        pool = (
            self._stack.enter_context(ProcessPoolExecutor(PARSE_WORKERS)) if PARSE_WORKERS else None
        )
        settings = self.config.connector
        connector = RssConnector(
            fetcher, Bounds(settings.min_interval_s, settings.max_interval_s), parse_pool=pool
        )
        store = StateStore(self.config.kafka.bootstrap or "", publisher)
        self.poller = FeedPoller(connector, publisher, store, concurrency=IN_FLIGHT)
        self.poller.own(self.urls, {})
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._stack.aclose()

    async def round(self, label: str) -> float:
        started, cpu = time.perf_counter(), time.process_time()
        results = await self.poller.poll_all()
        rate = len(self.urls) / (time.perf_counter() - started)
        # The server runs in a child process and Kafka in the broker: this is the connector's.
        self.cpu_ms_per_feed = (time.process_time() - cpu) * 1000 / len(self.urls)
        failed = sum(1 for r in results.values() if r is None or not r.ok)
        published = sum(len(r.articles) for r in results.values() if r is not None)
        print(
            f"  {label:<34} {rate:7.0f} feeds/s  {published:6d} articles published, "
            f"{failed} failed, connector CPU {self.cpu_ms_per_feed:.2f} ms/feed, "
            f"RSS {rss_mb():.0f} MB"
        )
        return rate


async def cpu_scenario(
    bootstrap: str, urls: list[str], generation: Shared, rounds: int
) -> dict[str, Any]:
    async with Connector(bootstrap, urls) as connector:
        first = await connector.round("round 1 (5 new entries per feed)")
        first_cpu_ms = connector.cpu_ms_per_feed
        not_modified = await connector.round("round 2 (every feed answers 304)")
        memory = []
        for n in range(rounds):
            generation.value += 1
            await connector.round(f"round {n + 3} (1 new entry per feed)")
            memory.append(rss_mb())
    return {"first": first, "first_cpu_ms": first_cpu_ms, "not_modified": not_modified,
            "memory": memory}  # fmt: skip


async def latency_scenario(bootstrap: str, urls: list[str], generation: Shared) -> float:
    generation.value += 1000  # new entries for every feed, ids never seen before
    async with Connector(bootstrap, urls) as connector:
        return await connector.round("new entries, delayed responses")


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=4, help="rounds watched for memory growth")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args()

    generation = multiprocessing.Value("i", ITEMS_PER_FEED)
    latency = multiprocessing.Value("d", 0.0)
    port = free_port()
    server = multiprocessing.Process(target=serve, args=(port, generation, latency), daemon=True)
    server.start()
    urls = [f"http://127.0.0.1:{port}/feed/{i}.xml" for i in range(args.feeds)]
    with tempfile.TemporaryDirectory(prefix="newsmon-bench-") as run_dir:
        broker = LocalBroker(run_dir=Path(run_dir))
        try:
            bootstrap = broker.start()
            wait_for(urls[0])
            print(
                f"newsmon connector bench: {args.feeds} feeds x {ITEMS_PER_FEED} entries on "
                f"127.0.0.1 (aiohttp server in a child process); Kafka {broker.version} at "
                f"{bootstrap}\n  bench settings: per_host_concurrency={IN_FLIGHT}, "
                f"per_host_spacing_s=0 (every feed is on one host here; defaults are 2 and 1 s), "
                f"{IN_FLIGHT} polls in flight, "
                + (f"{PARSE_WORKERS} parse processes" if PARSE_WORKERS else "parsing in-process")
            )
            print("scenario A: responses at once")
            baseline, baseline_cpu_ms = sequential_baseline(urls[:BASELINE_SAMPLE])
            print(
                f"  baseline: sequential urllib + feedparser {baseline:7.0f} feeds/s "
                f"({BASELINE_SAMPLE} feeds), CPU {baseline_cpu_ms:.2f} ms/feed"
            )
            figures = asyncio.run(cpu_scenario(bootstrap, urls, generation, args.rounds))
            print(f"scenario B: every response delayed {args.latency_ms:.0f} ms")
            latency.value = args.latency_ms
            slow_sample = urls[: max(20, int(5000 / max(args.latency_ms, 1)))]
            slow_baseline, _ = sequential_baseline(slow_sample)
            print(
                f"  baseline: sequential urllib + feedparser {slow_baseline:7.0f} feeds/s "
                f"({len(slow_sample)} feeds)"
            )
            slow = asyncio.run(latency_scenario(bootstrap, urls, generation))
        finally:
            broker.stop()
            server.terminate()
            server.join(5)

    memory: list[float] = figures["memory"]
    growth = memory[-1] - memory[0] if len(memory) > 1 else 0.0
    ratio_a, ratio_b = figures["first"] / baseline, slow / slow_baseline
    print("results:")
    cpu_ratio = baseline_cpu_ms / figures["first_cpu_ms"]
    print(
        f"  A: connector / sequential = {ratio_a:5.1f}x feeds/s; CPU per feed "
        f"{figures['first_cpu_ms']:.2f} ms vs {baseline_cpu_ms:.2f} ms ({cpu_ratio:.1f}x less, "
        "publishing and saving state included). No goal: with answers at once both loops are "
        "CPU-bound and there is nothing to overlap"
    )
    print(f"  B: connector / sequential = {ratio_b:5.1f}x (goal >= 20x: {verdict(ratio_b >= 20)})")
    print(
        f"  304 path: {figures['not_modified']:.0f} feeds/s (goal >= 500: "
        f"{verdict(figures['not_modified'] >= 500)})"
    )
    flat = growth <= max(10.0, 0.05 * memory[0])
    print(
        f"  connector RSS over rounds 3..{len(memory) + 2}: {memory[0]:.0f} -> {memory[-1]:.0f} MB "
        f"({growth:+.0f} MB; goal flat: {verdict(flat)})"
    )
    return 0


def wait_for(url: str) -> None:
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main())
