"""Several `newsmon worker` processes in one group against the real broker: failover.

Articles flow steadily while workers are killed (SIGKILL), join or leave the group; every
article must come out classified (at least once). A lost article is reported with its raw
partition and offset, and the test fails with the workers' log tails."""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer

from newsmon.config import load_config
from newsmon.contract import Article
from newsmon.kafka.admin import ensure_topics
from streams.channels import TopicNames, topic_specs
from streams.classify.definitions import load_topics
from tests.support.articles import article
from tests.support.kafka_io import ArticleIdsRead, article_ids, collect, has_articles
from tests.support.loss_trail import loss_trail
from tests.support.metrics import metric_total, scrape
from tests.support.worker_process import WorkerProcess, member_config, write_config

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

# Enough for each rebalance to find the workers mid-backlog (see BATCH): 6,000 added only
# CPU time, which two test processes share with their brokers and workers on two cores.
ARTICLES = 4000
PARTITIONS = 3
# Articles are sent in batches far faster than the workers classify them, so that each
# worker holds a backlog (full fetch and stream buffers) whenever the group rebalances.
BATCH = 500
PAUSE_S = 0.05
# Bounded waits, generous for a loaded machine: a run that only times out is reported as such,
# never as lost articles (the assertion counts missing ids explicitly).
FIRST_OUTPUTS_TIMEOUT_S = 120.0
ALL_OUTPUTS_TIMEOUT_S = 300.0
# How long to look for the one member holding the story stage (`_kill_by_stage`).
STAGE_POLLS = 40
STAGE_POLL_S = 0.25


@dataclass
class Pool:
    """Workers of one consumer group, each with its own copy of the configuration."""

    config: Path
    tmp_path: Path
    workers: dict[str, WorkerProcess] = field(default_factory=dict)

    def start(self, member: str) -> WorkerProcess:
        worker = WorkerProcess(member_config(self.config, member),
                               self.tmp_path / f"{member}.log", verbose=True)  # fmt: skip
        self.workers[member] = worker.start()
        return worker

    def stop(self, member: str, sig: signal.Signals) -> None:
        self.workers[member].stop(sig)

    def stop_all(self) -> None:
        for worker in self.workers.values():
            worker.stop(signal.SIGTERM)

    def kill_all(self) -> None:
        """Whatever still runs after the test (e.g. it failed early) is killed."""
        for worker in self.workers.values():
            worker.__exit__()

    def log_tails(self, lines: int) -> str:
        for worker in self.workers.values():
            worker.dump_tasks(wait_s=1.0)  # where each one waits, in its log
        return "\n".join(f"--- {member}\n{worker.log_tail(lines)}"
                         for member, worker in self.workers.items())  # fmt: skip


# An action run once the article at its index was sent (and flushed).
Action = Callable[[Pool], Awaitable[None]]


@dataclass
class Setup:
    bootstrap: str
    group: str
    names: TopicNames
    pool: Pool
    articles: list[Article]


@pytest.fixture
def pools() -> Iterator[list[Pool]]:
    made: list[Pool] = []
    yield made
    for pool in made:
        pool.kill_all()


async def _setup(kafka_bootstrap: str, unique_name: str, tmp_path: Path, count: int,
                 pools: list[Pool]) -> Setup:  # fmt: skip
    config_path = write_config(tmp_path / "newsmon.yaml", kafka_bootstrap, unique_name,
                               partitions=PARTITIONS)  # fmt: skip
    config = load_config(config_path, env={})
    names = TopicNames(config.worker.topic_prefix, load_topics(None).names)
    await ensure_topics(kafka_bootstrap, topic_specs(names, config.kafka))
    site = f"{unique_name}.example"
    articles = [
        article(f"https://{site}/item/{n}", f"Harbour report number {n}",
                f"The harbour master logged {n} ships and {n * 7 % 13} ferries today.")
        for n in range(count)
    ]  # fmt: skip
    pool = Pool(config_path, tmp_path)
    pools.append(pool)
    return Setup(kafka_bootstrap, config.worker.app_id, names, pool, articles)


async def _run(setup: Setup, actions: Mapping[int, Action]) -> None:
    """Send every article in steady batches, running each action after its index; then wait
    until every article was classified and fail naming what is missing."""
    producer = AIOKafkaProducer(bootstrap_servers=setup.bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        for n, item in enumerate(setup.articles):
            await producer.send(setup.names.raw, value=item.to_json(), key=item.key())
            if n in actions:
                await producer.flush()
                await actions[n](setup.pool)
            if n % BATCH == BATCH - 1:
                await producer.flush()
                await asyncio.sleep(PAUSE_S)
        await producer.flush()
    finally:
        await producer.stop()
    wanted = {a.id for a in setup.articles}
    classified = await collect(setup.bootstrap, setup.names.classified, until=has_articles(wanted),
                               timeout_s=ALL_OUTPUTS_TIMEOUT_S)  # fmt: skip
    setup.pool.stop_all()
    missing = wanted - article_ids(classified)
    if missing:
        where = await _raw_positions(setup, missing)
        trail = await loss_trail(setup.bootstrap, setup.group, setup.names, missing)
        pytest.fail(f"{len(missing)} of {len(wanted)} articles lost; raw partition -> offsets: "
                    f"{where}\n{trail}\n{setup.pool.log_tails(120)}")  # fmt: skip


def _wait_for_outputs(setup: Setup, upto: int) -> Action:
    """Wait until the first `upto` articles are classified: every worker started so far has
    joined and worked before the next action."""

    async def wait(pool: Pool) -> None:
        first = {a.id for a in setup.articles[:upto]}
        records = await collect(setup.bootstrap, setup.names.classified, until=has_articles(first),
                                timeout_s=FIRST_OUTPUTS_TIMEOUT_S)  # fmt: skip
        missing = first - article_ids(records)
        if missing:
            where = await _raw_positions(setup, missing)
            trail = await loss_trail(setup.bootstrap, setup.group, setup.names, missing)
            pytest.fail(f"{len(missing)} of the first {upto} articles not classified within "
                        f"{FIRST_OUTPUTS_TIMEOUT_S:.0f} s; raw partition -> offsets: {where}\n"
                        f"{trail}\n{pool.log_tails(120)}")  # fmt: skip

    return wait


def _classified(setup: Setup, count: int) -> Action:
    """Wait until any `count` articles are classified (the workers are mid-backlog)."""

    async def wait(pool: Pool) -> None:
        ids_read = ArticleIdsRead()
        await collect(setup.bootstrap, setup.names.classified, timeout_s=FIRST_OUTPUTS_TIMEOUT_S,
                      until=lambda records: len(ids_read(records)) >= count)  # fmt: skip

    return wait


def _then(*actions: Action) -> Action:
    async def run_all(pool: Pool) -> None:
        for action in actions:
            await action(pool)

    return run_all


def _kill(member: str) -> Action:
    async def kill(pool: Pool) -> None:
        pool.stop(member, signal.SIGKILL)

    return kill


def _kill_by_stage(story_stage: bool) -> Action:
    """SIGKILL the member that holds the story stage (`story_stage`), or one that does not
    (their /metrics say which): each failover path is taken in every run, not by chance. The
    story stage's is the hardest: its partition and tables are taken over."""

    async def kill(pool: Pool) -> None:
        running = {member: worker for member, worker in pool.workers.items()
                   if worker.poll() is None}  # fmt: skip
        for _ in range(STAGE_POLLS):  # a rebalance under way may show none, or two
            holders = [member for member, worker in running.items()
                       if _holds_story_stage(worker)]  # fmt: skip
            if len(holders) == 1:
                break
            await asyncio.sleep(STAGE_POLL_S)
        assert len(holders) == 1, f"the story stage is held by {holders}"
        others = sorted(set(running) - set(holders))
        pool.stop(holders[0] if story_stage else others[0], signal.SIGKILL)

    return kill


def _holds_story_stage(worker: WorkerProcess) -> bool:
    url = f"http://127.0.0.1:{worker.web_port}/metrics"
    return metric_total(scrape(url), "newsmon_worker_story_stage") == 1.0


def _start(member: str) -> Action:
    async def start(pool: Pool) -> None:
        pool.start(member)

    return start


def _stop(member: str) -> Action:
    async def stop(pool: Pool) -> None:
        pool.stop(member, signal.SIGTERM)

    return stop


@pytest.mark.timeout(600)
async def test_no_article_is_lost_when_the_raw_stage_of_two_workers_is_killed_mid_stream(
    kafka_bootstrap: str, unique_name: str, tmp_path: Path, pools: list[Pool]
) -> None:
    """The survivor, holding the story stage, takes the raw partitions too."""
    setup = await _setup(kafka_bootstrap, unique_name, tmp_path, ARTICLES, pools)
    setup.pool.start("first")
    setup.pool.start("second")
    await _run(setup, {
        ARTICLES // 4: _wait_for_outputs(setup, ARTICLES // 4),
        ARTICLES // 2: _kill_by_stage(story_stage=False),
    })  # fmt: skip


@pytest.mark.timeout(600)
async def test_no_article_is_lost_when_the_story_stage_of_three_workers_is_killed_mid_stream(
    kafka_bootstrap: str, unique_name: str, tmp_path: Path, pools: list[Pool]
) -> None:
    """One of the two others takes the story stage over and gives its raw partitions away."""
    setup = await _setup(kafka_bootstrap, unique_name, tmp_path, ARTICLES, pools)
    for member in ("first", "second", "third"):
        setup.pool.start(member)
    await _run(setup, {
        ARTICLES // 4: _wait_for_outputs(setup, ARTICLES // 4),
        ARTICLES // 2: _kill_by_stage(story_stage=True),
    })  # fmt: skip


@pytest.mark.timeout(600)
async def test_no_article_is_lost_when_a_worker_joins_and_leaves_while_articles_flow(
    kafka_bootstrap: str, unique_name: str, tmp_path: Path, pools: list[Pool]
) -> None:
    """Two rebalances under load: a third worker joins, then stops cleanly (SIGTERM)."""
    setup = await _setup(kafka_bootstrap, unique_name, tmp_path, ARTICLES, pools)
    setup.pool.start("first")
    setup.pool.start("second")
    await _run(setup, {
        ARTICLES // 5: _then(_wait_for_outputs(setup, ARTICLES // 5), _start("third")),
        ARTICLES // 2: _then(_wait_for_outputs(setup, ARTICLES // 2), _stop("third")),
    })  # fmt: skip


@pytest.mark.timeout(600)
async def test_no_article_is_lost_when_a_worker_is_killed_while_two_drain_a_backlog(
    kafka_bootstrap: str, unique_name: str, tmp_path: Path, pools: list[Pool]
) -> None:
    """Every article is on the raw topic before the workers start: both join while the
    first already works through the backlog, and one dies with its buffers full."""
    setup = await _setup(kafka_bootstrap, unique_name, tmp_path, ARTICLES, pools)

    async def start_pool(pool: Pool) -> None:
        pool.start("first")
        pool.start("second")

    await _run(setup, {
        ARTICLES - 1: _then(start_pool, _classified(setup, ARTICLES // 4), _kill("second")),
    })  # fmt: skip


async def _raw_positions(setup: Setup, missing: set[str]) -> dict[int, list[int]]:
    """Where the missing articles are on the raw topic, for the failure message."""
    raw = await collect(setup.bootstrap, setup.names.raw, timeout_s=30.0,
                        until=lambda records: len(records) >= len(setup.articles))  # fmt: skip
    where: dict[int, list[int]] = {}
    for record in raw:
        if json.loads(record.value)["id"] in missing:
            where.setdefault(record.partition, []).append(record.offset)
    return {partition: sorted(offsets) for partition, offsets in sorted(where.items())}
