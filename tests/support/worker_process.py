"""`newsmon worker` as a child process with a configuration of its own, for integration tests."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import yaml

from newsmon.broker.local import free_port
from tests.support.cli import NewsmonProcess


def write_config(path: Path, bootstrap: str, name: str, *, partitions: int = 2) -> Path:
    """A configuration isolating one test: its own app id (group, changelogs) and topic prefix."""
    config = {
        "kafka": {"bootstrap": bootstrap, "partitions": partitions},
        "worker": {
            "app_id": f"test-worker-{name}",
            "topic_prefix": f"t-{name}.",
            "web_port": free_port(),
            "session_timeout_s": 6.0,  # the broker's minimum: a killed worker is replaced sooner
            "commit_interval_s": 0.5,
        },
    }
    path.write_text(yaml.safe_dump(config))
    return path


def member_config(path: Path, member: str) -> Path:
    """A copy of the configuration at `path` for one more worker of the same group on this
    machine: same app id and topics, its own /metrics port and faust data directory (two
    workers on one port: the second fails to start)."""
    config = yaml.safe_load(path.read_text())
    config["worker"]["web_port"] = free_port()
    config["worker"]["data_dir"] = str(path.parent / f"{member}-data")
    copy = path.with_name(f"{path.stem}-{member}{path.suffix}")
    copy.write_text(yaml.safe_dump(config))
    return copy


class WorkerProcess(NewsmonProcess):
    """Starts the worker; collects its stdout lines; stops it with the signal asked for."""

    def __init__(self, config: Path, log: Path, *, verbose: bool = False) -> None:
        # verbose: INFO logs (faust's rebalances and recovery) in `log`
        args = ("-v", "worker") if verbose else ("worker",)
        super().__init__(*args, "--config", str(config), log=log, keep_lines=True)
        self.config = config
        self.verbose = verbose

    @property
    def web_port(self) -> int:
        return int(yaml.safe_load(self.config.read_text())["worker"]["web_port"])

    def log_tail(self, lines: int = 80) -> str:
        """The end of the log, for a failing test's message."""
        return self.tail(lines)

    def dump_tasks(self, wait_s: float = 3.0) -> None:
        """Make the running worker write the stack of every thread and asyncio task (mode's
        SIGUSR1 handler) and where every async generator waits (SIGUSR2) to its log, for a
        test that found it idle."""
        if self.poll() is None:
            self.send_signal(signal.SIGUSR1)
            self.send_signal(signal.SIGUSR2)
            time.sleep(wait_s)

    def start(self) -> WorkerProcess:
        super().start()
        return self

    def __enter__(self) -> WorkerProcess:
        return self.start()
