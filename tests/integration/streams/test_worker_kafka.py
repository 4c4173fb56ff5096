"""`newsmon worker` as a process against the real broker, checked by independent clients.

Each test isolates itself with its own app id and topic prefix (`worker.topic_prefix`).
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import signal
import subprocess
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from newsmon.config import load_config
from newsmon.kafka.admin import ensure_topics
from streams.channels import TopicNames, topic_specs
from streams.classify.definitions import load_topics
from tests.support.articles import article, nato_story, quiet_article
from tests.support.kafka_io import Record, collect, produce
from tests.support.worker_process import WorkerProcess, write_config

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


@dataclass
class Setup:
    bootstrap: str
    config: Path
    names: TopicNames
    tmp_path: Path
    site: str

    def worker(self, *, verbose: bool = False) -> WorkerProcess:
        return WorkerProcess(self.config, self.tmp_path / "worker.log", verbose=verbose)


@pytest.fixture
async def setup(kafka_bootstrap: str, unique_name: str, tmp_path: Path) -> Iterator[Setup]:
    config_path = write_config(tmp_path / "newsmon.yaml", kafka_bootstrap, unique_name)
    config = load_config(config_path, env={})
    names = TopicNames(config.worker.topic_prefix, load_topics(None).names)
    # Created here too, so that our producer never races the worker into auto-creation.
    await ensure_topics(kafka_bootstrap, topic_specs(names, config.kafka))
    yield Setup(kafka_bootstrap, config_path, names, tmp_path, f"{unique_name}.example")


def ids_of(records: list[Record], field: str = "article") -> list[str]:
    return [json.loads(r.value)[field]["id"] for r in records]


def classified_by_id(records: list[Record]) -> dict[str, dict[str, object]]:
    return {json.loads(r.value)["article"]["id"]: json.loads(r.value) for r in records}


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return str(response.read().decode())


async def test_worker_routes_articles_and_dead_letters_a_poison_record_without_stopping(
    setup: Setup,
) -> None:
    nato = nato_story(setup.site)[0]
    quiet = quiet_article(setup.site)
    poison = b"\xff\xfe this is not JSON"
    with setup.worker() as worker:
        # The poison shares the quiet article's key, hence its partition: the record after
        # it on the same partition must still be processed.
        await produce(setup.bootstrap, setup.names.raw,
                      [(nato.key(), nato.to_json()), (quiet.key(), poison),
                       (quiet.key(), quiet.to_json())])  # fmt: skip
        classified = await collect(setup.bootstrap, setup.names.classified,
                                   until=lambda rs: len(rs) >= 2)  # fmt: skip
        nato_topic = await collect(setup.bootstrap, setup.names.per_topic("nato"),
                                   until=lambda rs: len(rs) >= 1, settle_s=1.0)  # fmt: skip
        dead = await collect(setup.bootstrap, setup.names.deadletter,
                             until=lambda rs: len(rs) >= 1)  # fmt: skip
        metrics = scrape(worker.web_port)
        assert worker.stop(signal.SIGTERM) == 0

    assert sorted(ids_of(classified)) == sorted([nato.id, quiet.id])
    assert [r.key for r in classified if r.key == nato.key()] == [nato.key()]
    assert ids_of(nato_topic) == [nato.id]
    by_id = classified_by_id(classified)
    assert [t["name"] for t in by_id[nato.id]["topics"]] == ["nato"]  # type: ignore[union-attr]
    assert by_id[quiet.id]["topics"] == []

    [letter_record] = dead
    letter = json.loads(letter_record.value)
    assert letter["error_kind"] == "decode"
    assert letter["topic"] == setup.names.raw
    assert base64.b64decode(letter["payload"]) == poison
    assert letter_record.key == quiet.key()
    quiet_record = next(r for r in classified if r.key == quiet.key())
    assert quiet_record.value is not None
    assert "__faust" not in quiet_record.value.decode()
    assert letter["partition"] in (0, 1)

    assert "newsmon_worker_articles_consumed_total 3.0" in metrics
    assert 'newsmon_worker_dead_letters_total{kind="decode"} 1.0' in metrics
    assert 'newsmon_worker_articles_classified_total{topic="nato"} 1.0' in metrics
    if shutil.which("promtool"):
        check = subprocess.run(["promtool", "check", "metrics"], input=metrics.encode(),
                               capture_output=True, check=False)  # fmt: skip
        assert check.returncode == 0, check.stdout + check.stderr


async def test_three_articles_of_one_story_share_its_id_and_alert_once(setup: Setup) -> None:
    story = nato_story(setup.site)
    with setup.worker() as worker:
        await produce(setup.bootstrap, setup.names.raw, [(a.key(), a.to_json()) for a in story])
        classified = await collect(setup.bootstrap, setup.names.classified,
                                   until=lambda rs: len(rs) >= 3)  # fmt: skip
        alerts = await collect(setup.bootstrap, setup.names.alerts,
                               until=lambda rs: len(rs) >= 1, settle_s=2.0)  # fmt: skip
        assert worker.stop(signal.SIGTERM) == 0

    by_id = classified_by_id(classified)
    [story_id] = {by_id[a.id]["story_id"] for a in story}
    # The articles sit on different partitions, so which one opens the story is not fixed.
    [first] = [a for a in story if a.id == story_id]
    [alert_record] = alerts
    alert = json.loads(alert_record.value)
    assert alert["topic"] == "nato"
    assert alert["story_id"] == story_id
    assert alert["article_ids"] == [story_id]
    assert [line for line in worker.lines if line.startswith("ALERT")] == [
        f"ALERT [warning] nato: {first.title} ({first.url})"
    ]


@pytest.mark.parametrize("first_stop", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
async def test_a_duplicate_is_recognised_after_the_worker_restarts(
    setup: Setup, first_stop: signal.Signals
) -> None:
    original = nato_story(setup.site)[0]
    copies = [article(f"https://mirror{n}.{setup.site}/copy", original.title, original.summary)
              for n in (1, 2)]  # fmt: skip

    def republished_records(records: list[Record]) -> list[dict[str, Any]]:
        found = [json.loads(r.value) for r in records if r.key == original.key()]
        return [v for v in found if v["article"]["feed"] == "other-feed"]

    def has(article_id: str) -> object:
        return lambda records: article_id in ids_of(records)

    worker = setup.worker(verbose=True).start()
    await produce(setup.bootstrap, setup.names.raw, [(original.key(), original.to_json())])
    await collect(setup.bootstrap, setup.names.classified, until=has(original.id))
    alerts = await collect(setup.bootstrap, setup.names.alerts, until=lambda rs: len(rs) >= 1)
    assert len(alerts) == 1
    # Let the table's changelog records and the offsets reach the broker before a SIGKILL.
    await asyncio.sleep(1.5)
    worker.stop(first_stop)

    with setup.worker(verbose=True) as restarted:
        # A copy, and the original link itself published again (another feed): the position
        # the restarted worker recovered tells the latter from a replay.
        republished = replace(original, feed="other-feed")
        await produce(setup.bootstrap, setup.names.raw,
                      [(copies[0].key(), copies[0].to_json()),
                       (original.key(), republished.to_json())])  # fmt: skip
        # Usually some 6 s (the session timeout). A worker killed while its group rebalances
        # is dropped only after the rebalance timeout (faust's 60 s): wait beyond that.
        classified = await collect(
            setup.bootstrap, setup.names.classified, timeout_s=90,
            until=lambda rs: copies[0].id in ids_of(rs) and bool(republished_records(rs)),
        )  # fmt: skip
        if copies[0].id not in ids_of(classified):
            # Seen once in many runs under load: the restarted worker idled for the whole wait.
            # Where it waits goes to its log (the path is in the failure message).
            restarted.dump_tasks()
        alerts = await collect(setup.bootstrap, setup.names.alerts, until=lambda rs: True,
                               settle_s=2.0)  # fmt: skip
        restarted.stop(signal.SIGTERM)

    assert copies[0].id in ids_of(classified), f"{restarted.log_tail()}\n(log: {restarted.log})"
    copy = classified_by_id(classified)[copies[0].id]
    assert copy["duplicate_of"] == original.id
    assert copy["story_id"] == original.id
    # (The restarted worker may also replay the original itself: that one is no duplicate.)
    # At least once: a record read twice (after the restart's rebalance) gives the same verdict.
    again = republished_records(classified)
    assert again
    assert {(v["duplicate_of"], v["story_id"]) for v in again} == {(original.id, original.id)}
    assert len(alerts) == 1, "the story alerted before the restart; it must not alert again"
    copy_on_topic = await collect(setup.bootstrap, setup.names.per_topic("nato"),
                                  until=lambda rs: True, settle_s=1.0)  # fmt: skip
    assert copies[0].id not in ids_of(copy_on_topic)
