"""Worker throughput and latency through a real broker.

1. Throughput: N articles are put on a raw topic, then `newsmon worker` drains it. The rate is
   (N - 1) / (last - first classified record timestamp). Baseline, in the same run: a bare
   aiokafka consume -> produce loop over the same N records, rated the same way (median of
   BARE_RUNS runs: one run takes well under a second, so a single one is noisy). For scale,
   also in the same run: bench/faust_relay.py, a faust app with the worker's settings that
   only copies each record (faust's own ceiling), and the worker's per-record work alone,
   in process without Kafka (the pipeline's ceiling).
   Goal: the worker reaches >= 50% of the bare loop. The worker must dead-letter nothing.
2. Latency: with the worker caught up, articles are produced at a paced 100/s; latency is the
   classified record's timestamp minus the raw record's timestamp (both CreateTime, set when
   each record was handed to its producer). Goal: p99 <= 50 ms.
3. A pool of two workers in one group drains the same N articles (rated the same way), with
   the CPU both workers and the broker used while draining (cores busy, the broker's share);
   the single worker's drain is measured the same way. Goal: the pool >= 25% of the bare loop.
   Each worker is warmed first with one article of each corpus text. For every drain the
   workers' threads are split, from /proc/<pid>/task/*/schedstat, into running, waiting for
   a CPU (runnable, not running: other processes had the cores) and the main thread's
   sleeping (waiting for Kafka or a timer), with the worker CPU per article: on a shared
   machine "cores not busy" is mostly the waiting, which the load average next to it shows.
   `--compare-standby`: the pool drains five times, alternately with the default settings
   and with `worker.standby_replicas` = 1 (A B A B A, the last A kept for the recovery);
   each drain is printed, the pool's rate is the median of the A drains.
4. The two stages (streams/app.py) against the one-step layout they replace, in the same run
   over the same records, alternating (two stages, one step, two stages, ...; --rounds): one
   worker's drain, cores busy and latency at 100/s in each layout (bench/worker_variant.py
   runs the one-step layout), the rate of its stage 1 (enriched records), the stateless
   stage alone (a worker without stage 2, rated on the enriched topic), and each stage's
   per-record work in process (stage 1: EnrichProcessor, stage 2: process_enriched).
5. Recovery: the pool caught up, articles at a paced 100/s, one of the two SIGKILLed; for
   each raw partition the time from the kill until the first article sent after the kill
   is classified: the dead worker's partitions wait for the session timeout, then for the
   rebalance and the replay of their changelogs (the survivor's own partitions go on until
   the rebalance and pause during it, faust's rebalances being eager). Every paced article
   must come out.
Texts come from ../shared/corpus (dev + blind) when present, else generated sentences.

    .venv/bin/python bench/bench_worker.py [--articles 4000] [--paced 1000] [--recovery-s 40]
                                           [--rounds 2] [--compare-standby]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsmon.broker.local import LocalBroker, free_port  # noqa: E402
from newsmon.cli.commands.worker import worker_argv  # noqa: E402
from newsmon.config import load_config  # noqa: E402
from newsmon.contract import Article, article_id  # noqa: E402
from newsmon.kafka.admin import TopicSpec, ensure_topics  # noqa: E402
from streams.agents.enrich import BATCH_MAX  # noqa: E402
from streams.channels import TopicNames, topic_specs  # noqa: E402
from streams.classify.definitions import load_topics  # noqa: E402
from streams.deadletter import SourceRecord  # noqa: E402
from streams.settings import WorkerSettings  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
PARTITIONS = 3
THROUGHPUT_GOAL = 0.5
P99_GOAL_MS = 50.0
PACED_RATE = 100.0
BARE_RUNS = 3
POOL_GOAL = 0.25
KILL_AFTER_S = 5.0
WARM_MAX = 600  # paced articles flow this long before one worker of the pool is killed
_WORDS = (
    "minister",
    "council",
    "market",
    "export",
    "talks",
    "summit",
    "company",
    "plan",
    "report",
    "week",
    "government",
    "energy",
    "price",
    "bank",
    "trade",
    "border",
    "security",
    "agreement",
)


def corpus_texts() -> tuple[list[tuple[str, str]], str]:
    texts: list[tuple[str, str]] = []
    for name in ("dev.jsonl", "blind.jsonl"):
        path = CORPUS / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                texts.append((item.get("title") or "", item.get("text") or ""))
    if texts:
        return texts, f"corpus ({len(texts)} texts)"
    rng = random.Random(7)
    generated = [(" ".join(rng.choices(_WORDS, k=8)), " ".join(rng.choices(_WORDS, k=60)))
                 for _ in range(500)]  # fmt: skip
    return generated, "generated texts (../shared/corpus absent)"


def articles(texts: list[tuple[str, str]], count: int, run: str) -> list[Article]:
    now = datetime.now(UTC)
    made = []
    for n in range(count):
        title, body = texts[n % len(texts)]
        url = f"https://bench-{run}.example/{n}"
        # A serial number per copy: the corpus repeats, the articles must not be exact copies.
        made.append(Article(id=article_id(url, None, "bench"), feed="bench", url=url,
                            title=title, summary=f"{body} (copy {n})", content="",
                            published_at=now, fetched_at=now))  # fmt: skip
    return made


async def produce_all(bootstrap: str, topic: str, items: list[Article]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, acks="all")
    await producer.start()
    try:
        for item in items:
            await producer.send(topic, item.to_json(), key=item.key())
        await producer.flush()
    finally:
        await producer.stop()


async def read_timestamps(bootstrap: str, topic: str, count: int,
                          timeout_s: float = 300.0) -> dict[bytes, int]:  # fmt: skip
    """Record timestamp (ms) by key of the first `count` distinct keys of `topic`."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                group_id=f"bench-{uuid.uuid4().hex[:8]}",
                                enable_auto_commit=False)  # fmt: skip
    await consumer.start()
    seen: dict[bytes, int] = {}
    try:
        deadline = time.monotonic() + timeout_s
        while len(seen) < count and time.monotonic() < deadline:
            for part in (await consumer.getmany(timeout_ms=200, max_records=5000)).values():
                for record in part:
                    if record.key is not None:
                        seen.setdefault(record.key, record.timestamp)
    finally:
        await consumer.stop()
    if len(seen) < count:
        raise RuntimeError(f"only {len(seen)} of {count} records reached {topic}")
    return seen


async def count_records(bootstrap: str, topic: str, partitions: int = PARTITIONS) -> int:
    """How many records `topic` holds (sum of its partitions' end offsets); every topic of
    the bench has PARTITIONS partitions."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        ends = await consumer.end_offsets([TopicPartition(topic, p) for p in range(partitions)])
        return sum(ends.values())
    finally:
        await consumer.stop()


async def wait_for_records(
    bootstrap: str, topic: str, count: int, timeout_s: float = 120.0, partitions: int = PARTITIONS
) -> None:
    """Until `topic` holds `count` records, asking the broker twice a second: reading the
    records while the worker runs would take CPU from it (the bare loop is read after it ran)."""
    deadline = time.monotonic() + timeout_s
    while await count_records(bootstrap, topic, partitions) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{topic} did not reach {count} records")
        await asyncio.sleep(0.5)


def rate(stamps: dict[bytes, int]) -> float:
    span_s = (max(stamps.values()) - min(stamps.values())) / 1000.0
    return (len(stamps) - 1) / span_s if span_s > 0 else float("inf")


async def bare_loop(bootstrap: str, source: str, sink: str, count: int) -> float:
    """The baseline: consume raw records and produce each one to `sink`, nothing else."""
    consumer = AIOKafkaConsumer(source, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                group_id=f"bench-bare-{uuid.uuid4().hex[:8]}")  # fmt: skip
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await consumer.start()
    await producer.start()
    try:
        done = 0
        while done < count:
            for part in (await consumer.getmany(timeout_ms=200)).values():
                for record in part:
                    await producer.send(sink, record.value, key=record.key)
                    done += 1
        await producer.flush()
        await consumer.commit()
    finally:
        await producer.stop()
        await consumer.stop()
    return rate(await read_timestamps(bootstrap, sink, count))


async def paced(
    bootstrap: str, names: TopicNames, items: list[Article], before: int
) -> list[float]:
    """Produce `items` at PACED_RATE; `before` articles were classified earlier on the topic."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    sent: dict[bytes, int] = {}
    try:
        start = time.monotonic()
        for n, item in enumerate(items):
            await asyncio.sleep(max(0.0, start + n / PACED_RATE - time.monotonic()))
            meta = await (await producer.send(names.raw, item.to_json(), key=item.key()))
            sent[item.key()] = meta.timestamp
    finally:
        await producer.stop()
    classified = await read_timestamps(bootstrap, names.classified, before + len(items))
    return [float(classified[key] - stamp) for key, stamp in sent.items()]


def start_worker(
    tmp: Path, bootstrap: str, run: str, member: str = "worker", variant: str | None = None,
    settings: dict[str, object] | None = None,
) -> tuple[subprocess.Popen[bytes], Path]:  # fmt: skip
    """A worker of the group `bench-<run>`; several members each get their own port and
    data directory (two workers on one port: the second would not start). `variant`: a
    layout of bench/worker_variant.py instead of `newsmon worker`; `settings`: more `worker`
    settings."""
    config = tmp / f"{member}.yaml"
    config.write_text(yaml.safe_dump({
        "kafka": {"bootstrap": bootstrap, "partitions": PARTITIONS},
        "worker": {"app_id": f"bench-{run}", "topic_prefix": f"bench-{run}.",
                   "web_port": free_port(), "data_dir": str(tmp / f"{member}-data"),
                   **(settings or {})},
    }))  # fmt: skip
    log = (tmp / f"{member}.log").open("wb")
    argv = worker_argv(config)
    if variant is not None:
        argv = [sys.executable, str(ROOT / "bench" / "worker_variant.py"), variant, str(config)]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log)
    return process, config


def cpu_seconds(pid: int | None) -> float:
    """CPU time (user + system) a live process has used so far; 0 when unknown."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_times(pid: int) -> dict[str, tuple[float, float]]:
    """Per thread of a live process: (seconds run on a CPU, seconds spent runnable waiting
    for one), from the scheduler's /proc/<pid>/task/<tid>/schedstat; the main thread's id is
    the pid. Empty when unknown."""
    found: dict[str, tuple[float, float]] = {}
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            ran, waited, _ = (task / "schedstat").read_text().split()
        except (OSError, ValueError):
            continue  # the thread ended meanwhile, or no schedstats in this kernel
        found[task.name] = (int(ran) / 1e9, int(waited) / 1e9)
    return found


class Usage:
    """CPU used by the workers and the broker over a stretch of wall time (per article of
    `articles`), and how the workers' threads spent it: running, waiting for a CPU (runnable,
    not running: other processes had the cores) and, for each main thread, sleeping (waiting
    for Kafka or a timer). On a shared machine "cores not busy" is mostly the waiting, which
    the load average next to it shows."""

    def __init__(self, workers: list[int], broker: int | None, articles: int = 0) -> None:
        self.workers, self.broker, self.articles = workers, broker, articles
        self.started = time.monotonic()
        self.worker_cpu = -sum(cpu_seconds(pid) for pid in workers)
        self.broker_cpu = -cpu_seconds(broker)
        self._threads = [thread_times(pid) for pid in workers]

    def stop(self) -> Usage:
        self.wall = time.monotonic() - self.started
        self.worker_cpu += sum(cpu_seconds(pid) for pid in self.workers)
        self.broker_cpu += cpu_seconds(self.broker)
        self.load = os.getloadavg()[0]
        self.ran = self.runnable = 0.0
        self.main_slept: list[float] = []  # per worker
        for pid, before in zip(self.workers, self._threads, strict=True):
            for tid, (ran, waited) in thread_times(pid).items():
                ran0, waited0 = before.get(tid, (0.0, 0.0))  # a thread started meanwhile: 0
                self.ran += ran - ran0
                self.runnable += waited - waited0
                if tid == str(pid):
                    self.main_slept.append(self.wall - (ran - ran0) - (waited - waited0))
        return self

    def __str__(self) -> str:
        total = self.worker_cpu + self.broker_cpu
        per_article = (f"; {self.worker_cpu / self.articles * 1e6:.0f} us worker CPU per "
                       "article" if self.articles else "")  # fmt: skip
        threads = (f"; worker threads ran {self.ran:.1f} s and waited for a CPU "
                   f"{self.runnable:.1f} s, main thread(s) slept "
                   f"{' + '.join(f'{slept:.1f}' for slept in self.main_slept)} s, "
                   f"of {self.wall:.1f} s x {len(self.workers)} "
                   f"(load average {self.load:.1f})")  # fmt: skip
        if self.broker is None:
            return (f"workers {self.worker_cpu / self.wall:.2f} cores busy (broker not "
                    f"measured){per_article}{threads}")  # fmt: skip
        workers, broker = self.worker_cpu / self.wall, self.broker_cpu / self.wall
        return (f"{total / self.wall:.2f} cores busy (workers {workers:.2f}, broker "
                f"{broker:.2f} = {self.broker_cpu / total:.0%} of the CPU used)"
                f"{per_article}{threads}")  # fmt: skip


async def wait_for_members(bootstrap: str, group: str, count: int, timeout_s: float = 120) -> None:
    """Until the group has `count` members and is Stable (its rebalance done), so that a drain
    measured next does not include the rebalance the last member's join caused."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            # DescribeGroups: (error_code, group_id, state, protocol_type, protocol, members...)
            described = [g for r in await admin.describe_consumer_groups([group])
                         for g in r.groups if g[1] == group]  # fmt: skip
            if described and described[0][2] == "Stable" and len(described[0][5]) >= count:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"group {group} did not settle with {count} members")
            await asyncio.sleep(0.5)
    finally:
        await admin.close()


async def drain(
    bootstrap: str, tmp: Path, run: str, members: int, items: list[Article], warm: list[Article],
    broker_pid: int | None, settings: dict[str, object] | None = None, label: str = "member",
) -> tuple[float, Usage, list[subprocess.Popen[bytes]], TopicNames]:  # fmt: skip
    """Start `members` workers of one group (`settings`: more `worker` settings; logs
    <label><n>.log), let them settle on the `warm` articles (one of each text: every
    language's dictionaries load before the clock starts), then rate their drain of `items`
    and the CPU it took; the workers are left running."""
    started = [start_worker(tmp, bootstrap, run, f"{label}{n}", settings=settings)
               for n in range(members)]  # fmt: skip
    processes = [process for process, _ in started]
    config = load_config(started[0][1], env={})
    names = TopicNames(config.worker.topic_prefix, load_topics(None).names)
    await ensure_topics(bootstrap, topic_specs(names, config.kafka))
    await wait_for_members(bootstrap, f"bench-{run}", members)
    await warm_up(bootstrap, names, warm)
    usage = Usage([process.pid for process in processes], broker_pid, len(items))
    await produce_all(bootstrap, names.raw, items)
    await wait_for_records(bootstrap, names.classified, len(items) + len(warm), timeout_s=600.0)
    usage.stop()
    return await drain_rate(bootstrap, names.classified, items, len(warm)), usage, processes, names


async def warm_up(bootstrap: str, names: TopicNames, warm: list[Article]) -> None:
    """Put `warm` through the worker(s) and wait until all of it is classified."""
    await produce_all(bootstrap, names.raw, warm)
    await read_timestamps(bootstrap, names.classified, len(warm), timeout_s=600.0)


async def drain_rate(bootstrap: str, topic: str, items: list[Article], before: int) -> float:
    """The rate of `items` on `topic`, where `before` other records came first."""
    stamps = await read_timestamps(bootstrap, topic, before + len(items))
    keys = {item.key() for item in items}
    return rate({key: stamp for key, stamp in stamps.items() if key in keys})


async def keyed_records(
    bootstrap: str, topic: str, count: int, timeout_s: float = 120.0
) -> dict[bytes, tuple[int, int]]:
    """Partition and timestamp (ms) by key of the first `count` keys of `topic`, or of what
    arrived within `timeout_s`."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                group_id=f"bench-{uuid.uuid4().hex[:8]}",
                                enable_auto_commit=False)  # fmt: skip
    await consumer.start()
    seen: dict[bytes, tuple[int, int]] = {}
    try:
        deadline = time.monotonic() + timeout_s
        while len(seen) < count and time.monotonic() < deadline:
            for part in (await consumer.getmany(timeout_ms=200, max_records=5000)).values():
                for record in part:
                    if record.key is not None:
                        seen.setdefault(record.key, (record.partition, record.timestamp))
    finally:
        await consumer.stop()
    return seen


async def recovery(
    bootstrap: str, names: TopicNames, pool: list[subprocess.Popen[bytes]], items: list[Article],
    before: int,
) -> tuple[dict[int, float], int]:  # fmt: skip
    """Send `items` at PACED_RATE to a caught-up pool, SIGKILL its last worker after
    KILL_AFTER_S; return, per raw partition, the seconds from the kill until the first article
    sent after it was classified, and how many of `items` never came out."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    killed_ms: float | None = None
    try:
        start = time.monotonic()
        for n, item in enumerate(items):
            await asyncio.sleep(max(0.0, start + n / PACED_RATE - time.monotonic()))
            if killed_ms is None and time.monotonic() - start >= KILL_AFTER_S:
                pool[-1].send_signal(signal.SIGKILL)
                killed_ms = time.time() * 1000.0
            await producer.send(names.raw, item.to_json(), key=item.key())
        await producer.flush()
    finally:
        await producer.stop()
    assert killed_ms is not None, "too few paced articles to reach the kill"
    raw = await keyed_records(bootstrap, names.raw, before + len(items))
    keys = {item.key() for item in items}
    classified = await keyed_records(bootstrap, names.classified, before + len(items), 240.0)
    lost = len(keys - classified.keys())
    first_after: dict[int, float] = {}
    for key in keys & classified.keys():
        partition, sent_ms = raw[key]
        if sent_ms >= killed_ms:
            seconds = (classified[key][1] - killed_ms) / 1000.0
            first_after[partition] = min(first_after.get(partition, seconds), seconds)
    return dict(sorted(first_after.items())), lost


async def relay_rate(bootstrap: str, tmp: Path, run: str, source: str, count: int) -> float:
    """The rate of bench/faust_relay.py copying `source` (the worker's faust settings, one
    output per record, no other work): what faust leaves for the worker to reach."""
    sink = f"bench-{run}.relay.out"
    await ensure_topics(bootstrap, [TopicSpec(sink, PARTITIONS, 1)])
    config = tmp / "relay.yaml"
    config.write_text(yaml.safe_dump({
        "kafka": {"bootstrap": bootstrap, "partitions": PARTITIONS},
        "worker": {"app_id": f"bench-relay-{run}", "web_port": free_port()},
    }))  # fmt: skip
    env = {**os.environ, "RELAY_CONFIG": str(config), "RELAY_SOURCE": source, "RELAY_SINK": sink}
    with (tmp / "relay.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "faust_relay.py"), "worker", "-l", "warn"],
            env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        try:
            await wait_for_records(bootstrap, sink, count)
        finally:
            process.terminate()
            process.wait(timeout=60)
    return rate(await read_timestamps(bootstrap, sink, count))


def pipeline_rates(items: list[Article]) -> tuple[float, float, float]:
    """What the worker's per-record work costs without Kafka (dict stores), in articles/s:
    one step (`RecordProcessor.process`), stage 1 (`EnrichProcessor.process`) and stage 2
    (`process_enriched`); a first pass over a few articles loads the language dictionaries."""
    from tests.support.builders import build_processor

    records = [SourceRecord("raw", n % PARTITIONS, n, a.key(), a.to_json())
               for n, a in enumerate(items)]  # fmt: skip
    warm_up = build_processor()
    for record in records[:200]:
        warm_up.processor.process(record, datetime.now(UTC))
    one_step = build_processor().processor
    started = time.perf_counter()
    for record in records:
        one_step.process(record, datetime.now(UTC))
    one = len(records) / (time.perf_counter() - started)
    built = build_processor()
    assert built.enrich is not None
    started = time.perf_counter()
    outs = [built.enrich.process(record, datetime.now(UTC)).outgoing[0] for record in records]
    first = len(records) / (time.perf_counter() - started)
    enriched = [SourceRecord("enriched", 0, n, o.key, o.value) for n, o in enumerate(outs)]
    started = time.perf_counter()
    for record in enriched:
        built.processor.process_enriched(record, datetime.now(UTC))
    second = len(records) / (time.perf_counter() - started)
    return one, first, second


@dataclass
class Single:
    """One worker's drain of the backlog and its latency at PACED_RATE, in one layout."""

    layout: str
    rate: float
    enriched_rate: float | None  # its stage 1's rate; None in the one-step layout
    usage: Usage
    latencies: list[float]
    dead: int


async def single_worker(
    bootstrap: str, tmp: Path, run: str, variant: str | None, bulk: list[Article],
    warm: list[Article], slow: list[Article], broker_pid: int | None,
) -> Single:  # fmt: skip
    """A fresh worker (its own group and topics) drains `bulk`, then takes `slow` at
    PACED_RATE once caught up; `variant` None: `newsmon worker` (the two stages)."""
    member = f"single-{run}"
    process, config_path = start_worker(tmp, bootstrap, run, member, variant)
    try:
        config = load_config(config_path, env={})
        names = TopicNames(config.worker.topic_prefix, load_topics(None).names)
        await ensure_topics(bootstrap, topic_specs(names, config.kafka))
        await warm_up(bootstrap, names, warm)
        before = len(warm)
        usage = Usage([process.pid], broker_pid, len(bulk))
        await produce_all(bootstrap, names.raw, bulk)
        await wait_for_records(bootstrap, names.classified, before + len(bulk), timeout_s=600.0)
        usage.stop()
        worker_rate = await drain_rate(bootstrap, names.classified, bulk, before)
        enriched = None
        if variant is None:
            enriched = await drain_rate(bootstrap, names.enriched, bulk, before)
        # The table changelog writes of the backlog may still be queued in faust's producer
        # buffer (drained one record per loop turn) for a few seconds after the last article.
        await asyncio.sleep(5.0)
        latencies = await paced(bootstrap, names, slow, before + len(bulk))
        dead = await count_records(bootstrap, names.deadletter)
    except Exception:
        sys.stderr.write((tmp / f"{member}.log").read_text(errors="replace")[-4000:])
        raise
    finally:
        process.terminate()
        process.wait(timeout=60)
    layout = "two stages" if variant is None else "one step"
    return Single(layout, worker_rate, enriched, usage, latencies, dead)


async def stage_one_rate(
    bootstrap: str, tmp: Path, run: str, items: list[Article], warm: list[Article],
    broker_pid: int | None, variant: str = "stage_one",
) -> tuple[float, Usage]:  # fmt: skip
    """Enriched records/s of a worker running stage 1 only (bench/worker_variant.py
    `variant`: `stage_one`, or `stage_one_one_by_one` without batches)."""
    process, config_path = start_worker(tmp, bootstrap, run, "stage1", variant)
    try:
        config = load_config(config_path, env={})
        names = TopicNames(config.worker.topic_prefix, load_topics(None).names)
        await ensure_topics(bootstrap, topic_specs(names, config.kafka))
        await produce_all(bootstrap, names.raw, warm)
        await wait_for_records(bootstrap, names.enriched, len(warm), 600.0, partitions=1)
        usage = Usage([process.pid], broker_pid, len(items))
        await produce_all(bootstrap, names.raw, items)
        await wait_for_records(bootstrap, names.enriched, len(warm) + len(items), 600.0,
                               partitions=1)  # fmt: skip
        usage.stop()
    except Exception:
        sys.stderr.write((tmp / "stage1.log").read_text(errors="replace")[-4000:])
        raise
    finally:
        process.terminate()
        process.wait(timeout=60)
    return await drain_rate(bootstrap, names.enriched, items, len(warm)), usage


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def passed_over(tmp: Path, label: str, members: int) -> int:
    """How many times the members <label><n> read partitions again after records were passed
    over at a takeover (streams.compat.faust.SkippedRecords), which lengthens a drain."""
    return sum((tmp / f"{label}{n}.log").read_text(errors="replace").count("passed over")
               for n in range(members))  # fmt: skip


def stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
        process.wait(timeout=60)


@dataclass
class PoolDrain:
    """One drain of the backlog by a pool of two, with the `worker` settings it ran with."""

    settings: dict[str, object]
    rate: float
    usage: Usage
    rereads: int
    load: str


async def main_async(
    bootstrap: str, tmp: Path, count: int, paced_count: int, recovery_s: float,
    broker_pid: int | None, rounds: int, compare_standby: bool = False,
) -> bool:  # fmt: skip
    texts, source = corpus_texts()
    run = uuid.uuid4().hex[:8]
    print(f"texts: {source}; {count} articles; {PARTITIONS} partitions; {os.cpu_count()} cores; "
          f"{load()}")  # fmt: skip
    recovery_count = int(recovery_s * PACED_RATE)
    items = articles(texts, count + paced_count + recovery_count, run)
    bulk = items[:count]
    slow, after_kill = items[count : count + paced_count], items[count + paced_count :]
    # One article of each text (another URL: not a copy of the bulk's), put through a fresh
    # worker before it is timed, so that no language's dictionaries load while it is.
    warm = articles(texts, min(len(texts), WARM_MAX), run + "-warm")

    one_step_in, stage_one_in, stage_two_in = pipeline_rates(bulk)
    base_in = f"bench-{run}.bare.in"
    outs = [f"bench-{run}.bare.out{n}" for n in range(BARE_RUNS)]
    await ensure_topics(bootstrap, [TopicSpec(name, PARTITIONS, 1) for name in [base_in, *outs]])
    await produce_all(bootstrap, base_in, bulk)
    bare_rates = [await bare_loop(bootstrap, base_in, out, count) for out in outs]
    baseline = statistics.median(bare_rates)
    bare_load = load()
    relay = await relay_rate(bootstrap, tmp, run, base_in, count)

    singles: list[tuple[Single, str]] = []
    for n in range(rounds):  # alternating: two stages, one step, two stages, one step, ...
        for variant in (None, "one_step"):
            single = await single_worker(bootstrap, tmp, f"{run}s{n}{variant or ''}", variant,
                                         bulk, warm, slow, broker_pid)  # fmt: skip
            singles.append((single, load()))
    alone, alone_usage = await stage_one_rate(bootstrap, tmp, f"{run}a", bulk, warm, broker_pid)
    alone_load = load()
    # Stage 1 alone without batches, then with them again: the batches' share, in this run.
    unbatched, unbatched_usage = await stage_one_rate(
        bootstrap, tmp, f"{run}u", bulk, warm, broker_pid, "stage_one_one_by_one"
    )
    unbatched_load = load()
    again, _ = await stage_one_rate(bootstrap, tmp, f"{run}b", bulk, warm, broker_pid)

    # With --compare-standby the pool drains alternately with the default settings (A) and
    # with worker.standby_replicas 1 (B): A B A B A, the last A kept for the recovery phase.
    variants: list[dict[str, object]] = [{}]
    if compare_standby:
        variants = [{}, {"standby_replicas": 1}, {}, {"standby_replicas": 1}, {}]
    drains: list[PoolDrain] = []
    pool: list[subprocess.Popen[bytes]] = []
    label = "pool0-member"
    try:
        for n, settings in enumerate(variants):
            label = f"pool{n}-member"
            pool_rate, pool_usage, pool, pool_names = await drain(
                bootstrap, tmp, f"{run}p{n}", 2, bulk, warm, broker_pid, settings, label
            )
            drains.append(PoolDrain(settings, pool_rate, pool_usage, passed_over(tmp, label, 2),
                                    load()))  # fmt: skip
            if n < len(variants) - 1:
                stop_all(pool)
                pool = []
        first_after, lost = await recovery(bootstrap, pool_names, pool, after_kill,
                                           len(warm) + count)  # fmt: skip
    except Exception:
        for n in range(2):
            sys.stderr.write((tmp / f"{label}{n}.log").read_text(errors="replace")[-3000:])
        raise
    finally:
        stop_all(pool)
    # The kept pool's count, its drain and the recovery together.
    rereads = passed_over(tmp, label, 2)
    defaults = [d for d in drains if not d.settings]
    pool_rate = statistics.median(d.rate for d in defaults)

    runs = ", ".join(f"{value:.0f}" for value in bare_rates)
    print(f"bare aiokafka consume->produce: {baseline:9.0f} records/s (baseline; runs {runs}; "
          f"{bare_load})")  # fmt: skip
    print(
        f"faust relay, no work:           {relay:9.0f} records/s "
        f"= {relay / baseline:.0%} of baseline (the worker's faust settings, one output each)"
    )
    print(
        f"in process, no Kafka (dict stores): one step {one_step_in:.0f}/s "
        f"({1e6 / one_step_in:.0f} us), stage 1 {stage_one_in:.0f}/s ({1e6 / stage_one_in:.0f} us),"
        f" stage 2 {stage_two_in:.0f}/s ({1e6 / stage_two_in:.0f} us) per article"
    )
    two = [single for single, _ in singles if single.enriched_rate is not None]
    one = [single for single, _ in singles if single.enriched_rate is None]
    for single, at in singles:
        p50, p99 = percentile(single.latencies, 50), percentile(single.latencies, 99)
        stage = (
            "" if single.enriched_rate is None else f", its stage 1 {single.enriched_rate:.0f}/s"
        )
        print(
            f"one worker, {single.layout:10s}: {single.rate:6.0f} articles/s "
            f"= {single.rate / baseline:.0%} of baseline{stage}; raw -> classified at "
            f"{PACED_RATE:.0f}/s: p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
            f"max {max(single.latencies):.1f} ms; dead letters {single.dead}; {at}"
        )
        print(f"    while draining: {single.usage}")
    two_rate = statistics.median(s.rate for s in two)
    two_p99 = statistics.median(percentile(s.latencies, 99) for s in two)
    ratio = two_rate / baseline
    print(
        f"two stages, one worker (median of {len(two)}): {two_rate:.0f} articles/s = {ratio:.0%} "
        f"of baseline (goal >= {THROUGHPUT_GOAL:.0%}: {met(ratio >= THROUGHPUT_GOAL)}),"
        f" x{two_rate / statistics.median(s.rate for s in one):.2f} the one-step layout; "
        f"p99 {two_p99:.1f} ms (goal <= {P99_GOAL_MS:.0f} ms: "
        f"{met(two_p99 <= P99_GOAL_MS)})"
    )
    print(
        f"stage 1 alone, one worker:      {alone:9.0f} records/s = {alone / baseline:.0%} of "
        f"baseline (enriched records; no stage 2); {alone_usage}; {alone_load}"
    )
    batched = statistics.median([alone, again])
    print(
        f"stage 1 alone, batches of one:  {unbatched:9.0f} records/s = "
        f"{unbatched / baseline:.0%} of baseline; batches of {BATCH_MAX} (runs {alone:.0f}, "
        f"{again:.0f} around it) x{batched / unbatched:.2f}; {unbatched_usage}; {unbatched_load}"
    )
    pool_ratio = pool_rate / baseline
    median_of = f" (median of {len(defaults)} drains)" if len(defaults) > 1 else ""
    print(
        f"two workers, one group:         {pool_rate:9.0f} articles/s = {pool_ratio:.0%} of "
        f"baseline, x{pool_rate / two_rate:.2f} one worker{median_of}"
        f"  (goal >= {POOL_GOAL:.0%}: {met(pool_ratio >= POOL_GOAL)}); {drains[-1].load}"
    )
    last = " (its last drain)" if len(drains) > 1 else ""
    print(f"  while the pool drained the backlog{last}: {drains[-1].usage}; partitions read "
          f"again after records were passed over at a takeover: {rereads}")  # fmt: skip
    if compare_standby:
        standby_default = WorkerSettings().standby_replicas
        for n, one_drain in enumerate(drains):
            standby = one_drain.settings.get("standby_replicas", standby_default)
            drained = one_drain.rate
            print(
                f"  drain {n + 1}, standby replicas {standby}: {drained:6.0f} articles/s "
                f"= {drained / baseline:.0%} of baseline, x{drained / two_rate:.2f} one worker; "
                f"partitions read again {one_drain.rereads}; {one_drain.load}"
            )
            print(f"    while draining: {one_drain.usage}")
        standbys = [d.rate for d in drains if d.settings]
        print(
            f"  standby replicas 1 against {standby_default} (medians of {len(standbys)} and "
            f"{len(defaults)} drains): x{statistics.median(standbys) / pool_rate:.2f}"
        )
    session = WorkerSettings().session_timeout_s
    waits = ", ".join(f"partition {p}: {s:.1f} s" for p, s in first_after.items())
    print(
        f"recovery after SIGKILL of one of two (session timeout {session:.0f} s), "
        f"kill -> first article sent after it classified: {waits}; "
        f"slowest {max(first_after.values(), default=float('nan')):.1f} s; "
        f"{lost} of {len(after_kill)} paced articles lost (expected 0); {load()}"
    )
    dead = sum(single.dead for single, _ in singles)
    return (ratio >= THROUGHPUT_GOAL and two_p99 <= P99_GOAL_MS and dead == 0
            and pool_ratio >= POOL_GOAL and lost == 0)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--paced", type=int, default=1000)
    parser.add_argument(
        "--recovery-s",
        type=float,
        default=40.0,
        help="seconds of paced articles in the recovery phase (kill after 5 s)",
    )
    parser.add_argument("--rounds", type=int, default=2,
                        help="single-worker rounds, each two stages then one step")  # fmt: skip
    parser.add_argument(
        "--compare-standby",
        action="store_true",
        help="drain with the pool five times, alternately with the default settings and with "
        "worker.standby_replicas = 1",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsmon-bench-") as tmp:
        # The worker it starts reads NEWSMON_KAFKA_BOOTSTRAP too (it overrides the file), so a
        # broker named there is the one both use (its CPU is then not measured).
        external = os.environ.get("NEWSMON_KAFKA_BOOTSTRAP")
        if external:
            met = asyncio.run(main_async(external, Path(tmp), args.articles, args.paced,
                                         args.recovery_s, None, args.rounds,
                                         args.compare_standby))  # fmt: skip
            return 0 if met else 1
        broker = LocalBroker(run_dir=Path(tmp) / "kafka")
        try:
            bootstrap = broker.start()
            state = broker.state()
            pid = state.pid if state else None
            met = asyncio.run(main_async(bootstrap, Path(tmp), args.articles, args.paced,
                                         args.recovery_s, pid, args.rounds,
                                         args.compare_standby))  # fmt: skip
        finally:
            broker.stop()
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
