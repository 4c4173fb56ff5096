"""A takeover in a pool of two `newsmon worker` processes against the real broker: the
survivor carries on with the killed worker's de-duplication state.

With `worker.standby_replicas` = 0 (the default) no worker reads another's table changelogs
while they run; at a takeover the survivor rebuilds the killed worker's table partitions from
their changelogs. An article published again after the takeover must still be recognised as
a duplicate, whichever of the two workers had classified it."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from newsmon.config import load_config
from newsmon.contract import Article
from newsmon.kafka.admin import ensure_topics
from streams.channels import TopicNames, topic_specs
from streams.classify.definitions import load_topics
from tests.support.articles import article
from tests.support.kafka_io import Record, collect, produce
from tests.support.worker_process import WorkerProcess, member_config, write_config

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

PARTITIONS = 2
ORIGINALS = 12


async def until_stable(bootstrap: str, group: str, members: int, timeout_s: float = 120) -> None:
    """Until the group has `members` members and no rebalance in progress."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            # DescribeGroups: (error_code, group_id, state, protocol_type, protocol, members...)
            found = [g for r in await admin.describe_consumer_groups([group])
                     for g in r.groups if g[1] == group]  # fmt: skip
            if found and found[0][2] == "Stable" and len(found[0][5]) == members:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"group {group} did not settle with {members} members")
            await asyncio.sleep(0.5)
    finally:
        await admin.close()


def copies_of(records: list[Record], feed: str) -> dict[str, dict[str, object]]:
    """Classified records of articles from `feed`, by article id."""
    values = [json.loads(r.value) for r in records]
    return {v["article"]["id"]: v for v in values if v["article"]["feed"] == feed}


@pytest.fixture
def workers() -> Iterator[list[WorkerProcess]]:
    started: list[WorkerProcess] = []
    yield started
    for worker in started:
        worker.__exit__()


@pytest.mark.timeout(400)
async def test_the_survivor_of_a_sigkill_recognises_copies_of_what_the_killed_worker_read(
    kafka_bootstrap: str, unique_name: str, tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    config_path = write_config(tmp_path / "newsmon.yaml", kafka_bootstrap, unique_name,
                               partitions=PARTITIONS)  # fmt: skip
    config = load_config(config_path, env={})
    assert config.worker.standby_replicas == 0  # the default this test is about
    names = TopicNames(config.worker.topic_prefix, load_topics(None).names)
    await ensure_topics(kafka_bootstrap, topic_specs(names, config.kafka))
    for member in ("a", "b"):
        worker = WorkerProcess(member_config(config_path, member), tmp_path / f"{member}.log",
                               verbose=True)  # fmt: skip
        workers.append(worker.start())
    await until_stable(kafka_bootstrap, config.worker.app_id, 2)

    site = f"{unique_name}.example"
    # Distinct texts on distinct links: with two partitions and a dozen keys, both workers
    # classify some of them.
    originals: list[Article] = [
        article(f"https://{site}/report/{n}", f"Port authority bulletin {n}",
                f"Bulletin {n}: the port counted {n * 11 % 17} tankers and {n} tugs this week.")
        for n in range(ORIGINALS)
    ]  # fmt: skip
    await produce(kafka_bootstrap, names.raw, [(a.key(), a.to_json()) for a in originals])
    wanted = {a.id for a in originals}
    await collect(kafka_bootstrap, names.classified, timeout_s=120,
                  until=lambda rs: wanted <= set(copies_of(rs, "test-feed")))  # fmt: skip
    # Let the table changelog records and the offsets reach the broker before the SIGKILL.
    await asyncio.sleep(2.0)
    workers[1].stop(signal.SIGKILL)

    # Each link published again by another feed: an exact duplicate of its original, on
    # whichever partition its key maps to (the killed worker's, for some of them).
    again = [replace(a, feed="other-feed") for a in originals]
    await produce(kafka_bootstrap, names.raw, [(a.key(), a.to_json()) for a in again])
    classified = await collect(
        kafka_bootstrap, names.classified, timeout_s=180,
        until=lambda rs: wanted <= set(copies_of(rs, "other-feed")),
    )  # fmt: skip
    found = copies_of(classified, "other-feed")
    assert wanted <= set(found), (
        f"{len(wanted - set(found))} copies not classified\n{workers[0].log_tail(120)}"
    )
    verdicts = {article_id: found[article_id]["duplicate_of"] for article_id in wanted}
    assert verdicts == {article_id: article_id for article_id in wanted}, (
        f"copies not recognised after the takeover: "
        f"{[i for i, v in verdicts.items() if v != i]}\n{workers[0].log_tail(120)}"
    )
