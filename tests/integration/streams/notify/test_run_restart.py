"""`newsmon run` supervises the notifier: a SIGKILLed notifier child is restarted, and a
restart of `newsmon run` itself neither repeats an acknowledged delivery nor loses one."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import pytest
import yaml

from newsmon.broker.local import free_port
from streams.notify.topics import NotifyTopics
from tests.support.cli import NewsmonProcess, newsmon_env
from tests.support.notify_env import make_alert, produce
from tests.support.receiver import SECRET, Receiver

pytestmark = [pytest.mark.kafka, pytest.mark.slow, pytest.mark.timeout(300)]


def _notifier_children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and b"notify" in argv:
            found.append(int(entry.name))
    return found


def _wait(receiver: Receiver, count: int, log: Path, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while len(receiver.acknowledged_ids()) < count:
        if time.monotonic() > deadline:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
            raise AssertionError(f"{len(receiver.acknowledged_ids())} of {count}; run log:\n{tail}")
        time.sleep(0.1)


def test_newsmon_run_restarts_a_killed_notifier_and_a_restart_of_run_loses_and_repeats_nothing(
    kafka_bootstrap: str, unique_name: str, receiver: Receiver, topics: NotifyTopics,
    tmp_path: Path,
) -> None:  # fmt: skip
    receiver.delay_s = 0.1
    alerts = [make_alert(n) for n in range(40)]
    asyncio.run(produce(kafka_bootstrap, topics.alerts, alerts))
    config = tmp_path / "run.yaml"
    config.write_text(yaml.safe_dump({
        "kafka": {"bootstrap": kafka_bootstrap, "partitions": 2},
        "connector": {"feeds": [], "metrics_port": free_port()},
        "worker": {"app_id": f"worker-{unique_name}", "web_port": free_port(),
                   "topic_prefix": f"t{unique_name}."},
        "notify": {"app_id": f"notify-{unique_name}", "topic_prefix": f"t{unique_name}.",
                   "metrics_port": free_port(), "stream": {"port": 0}, "commit_interval_s": 0.2,
                   "webhooks": [{"name": "ops", "url": receiver.url,
                                 "secret_env": "NEWSMON_TEST_SECRET", "retry_initial_s": 0.2}]},
    }))  # fmt: skip
    env = newsmon_env(NEWSMON_TEST_SECRET=SECRET, PYTHONUNBUFFERED="1")
    log = tmp_path / "run.log"

    def start() -> NewsmonProcess:
        return NewsmonProcess(
            "run", "--config", str(config), log=log, env=env, new_session=True
        ).start()

    run = start()
    try:
        _wait(receiver, 8, log)
        [child] = _notifier_children(run.pid)
        os.kill(child, signal.SIGKILL)
        _wait(receiver, 20, log)  # the launcher started a new notifier
        assert "notify exited with status -9" in log.read_text()
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=90) == 0
        assert len(receiver.acknowledged_ids()) < 40, "the restart came too late to matter"
        run = start()
        _wait(receiver, 40, log)
        time.sleep(2.0)
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=90) == 0
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    acknowledged = receiver.acknowledged_ids()
    assert set(acknowledged) == {a.id for a in alerts}
    # Only the delivery in flight at the SIGKILL may repeat; the graceful restart repeats none.
    assert sum(n - 1 for n in acknowledged.values()) <= 1, acknowledged
    assert receiver.bad_signatures == 0
