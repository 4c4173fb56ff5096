"""`newsmon worker` as a child process with a configuration of its own, for integration tests."""

from __future__ import annotations

import signal
import subprocess
import threading
from pathlib import Path
from typing import IO

import yaml

from newsmon.broker.local import free_port
from newsmon.cli.commands.worker import worker_argv


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


class WorkerProcess:
    """Starts the worker; collects its stdout lines; stops it with the signal asked for."""

    def __init__(self, config: Path, log: Path, *, verbose: bool = False) -> None:
        self.config = config
        self.log = log
        self.verbose = verbose  # INFO logs (faust's rebalances and recovery) in `log`
        self.lines: list[str] = []
        self._process: subprocess.Popen[str] | None = None
        self._log_file: IO[str] | None = None
        self._reader: threading.Thread | None = None

    @property
    def web_port(self) -> int:
        return int(yaml.safe_load(self.config.read_text())["worker"]["web_port"])

    def start(self) -> WorkerProcess:
        self._log_file = self.log.open("a")
        argv = worker_argv(self.config)
        if self.verbose:
            argv.insert(argv.index("worker"), "-v")
        self._process = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=self._log_file,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            self.lines.append(line.rstrip("\n"))

    def log_tail(self, lines: int = 80) -> str:
        """The end of the log, for a failing test's message."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout_s: float = 30.0) -> int:
        """Send `sig`, wait for the exit and return the exit status."""
        assert self._process is not None
        if self._process.poll() is None:
            self._process.send_signal(sig)
        try:
            code = self._process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self._process.kill()
            code = self._process.wait()
        if self._reader is not None:
            self._reader.join(timeout=5)
        if self._log_file is not None:
            self._log_file.close()
        return code

    def __enter__(self) -> WorkerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        if self._process is not None and self._process.poll() is None:
            self.stop(signal.SIGKILL)
