"""`newsmon run` as a user runs it: default configuration, alerts on the terminal, clean stop;
run again, the sample feed (at a new address) publishes its articles again, and no alert of the
first run is printed or written again."""

from __future__ import annotations

import asyncio
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from newsmon.contract.topics import ALERTS, ARTICLES_CLASSIFIED
from tests.support.kafka_io import collect_json as collect

pytestmark = [pytest.mark.kafka, pytest.mark.slow, pytest.mark.timeout(420)]
DEFAULT_TOPICS = {"nato", "sanctions", "foreign_business"}
SAMPLE_HOST = "sample.newsmon.invalid"  # where the sample feed's links point


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line.rstrip("\n"))


class Run:
    """One `newsmon run`; `lines` holds what it printed so far."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.queue: queue.Queue[str] = queue.Queue()
        self.lines: list[str] = []
        threading.Thread(target=_lines, args=(process.stdout, self.queue), daemon=True).start()

    def read_until(self, done: Callable[[list[str]], bool], timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while not done(self.lines) and time.monotonic() < deadline:
            self.drain(1.0)

    def drain(self, wait_s: float) -> None:
        try:
            self.lines.append(self.queue.get(timeout=wait_s))
        except queue.Empty:
            assert self.process.poll() is None, "newsmon run exited early:\n" + self.tail()
        while not self.queue.empty():
            self.lines.append(self.queue.get_nowait())

    def alert_lines(self) -> list[str]:
        return [line for line in self.lines if line.startswith("ALERT")]

    def tail(self) -> str:
        return "\n".join(self.lines[-60:])


@contextmanager
def newsmon_run(kafka_bootstrap: str) -> Iterator[Run]:
    env = {**os.environ, "NEWSMON_KAFKA_BOOTSTRAP": kafka_bootstrap, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "newsmon.cli.main", "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    run = Run(process)
    try:
        yield run
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            status = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        while not run.queue.empty():
            run.lines.append(run.queue.get_nowait())
    assert status == 0, run.tail()
    assert not any("Traceback" in line for line in run.lines), "\n".join(run.lines)


def alerted_topics(lines: list[str]) -> set[str]:
    return {line.split("]", 1)[1].split(":", 1)[0].strip() for line in lines if "]" in line}


def test_run_alerts_on_the_sample_feed_and_a_second_run_repeats_no_alert(
    own_broker: str,
) -> None:
    kafka_bootstrap = own_broker
    with newsmon_run(kafka_bootstrap) as first:
        first.read_until(lambda _: alerted_topics(first.alert_lines()) == DEFAULT_TOPICS, 150)
        assert alerted_topics(first.alert_lines()) == DEFAULT_TOPICS, first.tail()
        first.drain(3.0)
    printed = first.alert_lines()
    assert len(printed) == len(set(printed)), "an alert was printed twice:\n" + first.tail()
    # The default configuration runs a notifier and shows where its live stream is.
    assert any(
        line.startswith("newsmon: live alert stream at http://127.0.0.1:")
        and line.endswith("/v1/streams/alerts")
        for line in first.lines
    ), first.tail()
    alerts = asyncio.run(_topic(kafka_bootstrap, ALERTS, lambda found: False, 5.0))[ALERTS]
    # The sample feed's stories (with network, the public feeds alert too).
    alerted_stories = {
        str(a["story_id"])
        for a in alerts
        if a.get("kind", "new") == "new" and SAMPLE_HOST in str(a["url"])
    }
    assert alerted_stories

    with newsmon_run(kafka_bootstrap) as second:
        # The sample feed moved, so the connector publishes its articles again: each alerting
        # one must come back as a duplicate of itself, and raise nothing.
        def republished(found: dict[str, list[dict[str, Any]]]) -> bool:
            again = {
                str(v["article"]["id"])
                for v in found[ARTICLES_CLASSIFIED]
                if v.get("duplicate_of") == v["article"]["id"]
            }
            return alerted_stories <= again

        found = asyncio.run(_topic(kafka_bootstrap, ARTICLES_CLASSIFIED, republished, 150.0))
        assert republished(found), second.tail()
        second.drain(5.0)
    assert not set(second.alert_lines()) & set(printed), second.tail()
    after = asyncio.run(_topic(kafka_bootstrap, ALERTS, lambda found: False, 5.0))[ALERTS]
    before_ids, after_ids = Counter(a["id"] for a in alerts), Counter(a["id"] for a in after)
    assert all(after_ids[i] == n for i, n in before_ids.items()), "an alert was written again"


async def _topic(
    bootstrap: str, topic: str, done: Callable[[dict[str, list[dict[str, Any]]]], bool],
    timeout_s: float,
) -> dict[str, list[dict[str, Any]]]:  # fmt: skip
    return await collect(bootstrap, [topic], lambda _, value: True, done, timeout_s)
