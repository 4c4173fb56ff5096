"""The one way tests run `newsmon` as a subprocess: this interpreter, `-m newsmon.cli.main`.

`run_newsmon` runs a command to its end and returns what it printed; `NewsmonProcess` starts a
long-running one (worker, connector, notifier, `run`) with its output in a log file or, line by
line, in `lines`, and stops it with the signal asked for.
"""

from __future__ import annotations

import asyncio
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def newsmon_argv(*args: str) -> list[str]:
    """The command line of `newsmon ARGS` with this interpreter (the checkout under test)."""
    return [sys.executable, "-m", "newsmon.cli.main", *args]


def newsmon_env(**extra: str) -> dict[str, str]:
    """This environment without NEWSMON_KAFKA_BOOTSTRAP, plus `extra`.

    Without it a configuration file's bootstrap counts: the test run's variable would override it.
    """
    env = {k: v for k, v in os.environ.items() if k != "NEWSMON_KAFKA_BOOTSTRAP"}
    env.update(extra)
    return env


def run_newsmon(
    *args: str,
    env: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float = 60.0,
) -> subprocess.CompletedProcess[str]:
    """Run `newsmon ARGS` to its end; stdout and stderr captured as text (env None: inherited)."""
    return subprocess.run(
        newsmon_argv(*args),
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )


async def run_newsmon_async(
    *args: str, env: dict[str, str] | None = None, timeout: float = 90.0
) -> tuple[int, str, str]:
    """`run_newsmon` for async tests: (exit status, stdout, stderr)."""
    process = await asyncio.create_subprocess_exec(
        *newsmon_argv(*args),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=timeout)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


class NewsmonProcess:
    """`newsmon ARGS` as a child process.

    Output: with `keep_lines`, stdout is read line by line into `lines` (and `line_queue`) and
    stderr goes to `log` (or into stdout when `log` is None); otherwise both go to `log`.
    `truncate` starts `log` afresh instead of appending. `env` None inherits this environment.
    `new_session` puts the child (and its own children) in a session of their own.
    """

    def __init__(
        self,
        *args: str,
        log: Path | None = None,
        env: dict[str, str] | None = None,
        keep_lines: bool = False,
        truncate: bool = False,
        new_session: bool = False,
    ) -> None:
        self.argv = newsmon_argv(*args)
        self.log = log
        self.env = env
        self.keep_lines = keep_lines
        self.truncate = truncate
        self.new_session = new_session
        self.lines: list[str] = []
        self.line_queue: queue.Queue[str] = queue.Queue()
        self.process: subprocess.Popen[str] | None = None
        self._log_file: IO[str] | None = None
        self._reader: threading.Thread | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> NewsmonProcess:
        if self.log is not None:
            self._log_file = self.log.open("w" if self.truncate else "a")
        out: IO[str] | int | None = subprocess.PIPE if self.keep_lines else self._log_file
        err: IO[str] | int | None = (
            self._log_file if self.keep_lines and self._log_file else subprocess.STDOUT
        )
        self.process = subprocess.Popen(
            self.argv,
            stdout=out,
            stderr=err,
            text=True,
            env=self.env,
            start_new_session=self.new_session,
        )
        if self.keep_lines:
            self._reader = threading.Thread(target=self._read, daemon=True)
            self._reader.start()
        elif self._log_file is not None:
            self._log_file.close()  # the child holds its own copy
            self._log_file = None
        return self

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            self.line_queue.put(line.rstrip("\n"))

    def poll(self) -> int | None:
        assert self.process is not None
        return self.process.poll()

    def send_signal(self, sig: signal.Signals) -> None:
        assert self.process is not None
        self.process.send_signal(sig)

    def wait(self, timeout: float | None = None) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout_s: float = 30.0) -> int:
        """Send `sig` (when still running), wait for the exit (SIGKILL after `timeout_s`)."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self._close()
        return code

    def kill(self, timeout_s: float = 10.0) -> None:
        """SIGKILL, whatever its state, and wait for it."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=timeout_s)

    def terminate(self, timeout_s: float = 30.0) -> int:
        """SIGTERM, whatever its state; the exit status (TimeoutExpired after `timeout_s`)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout_s)

    def ensure_stopped(self) -> None:
        """SIGKILL when still running (for clean-up after a failure)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._close()

    def _close(self) -> None:
        if self._reader is not None:
            self._reader.join(timeout=5)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def tail(self, lines: int = 40) -> str:
        """The end of the log, for a failing test's message."""
        assert self.log is not None
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def __enter__(self) -> NewsmonProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.ensure_stopped()


@contextmanager
def newsmon_process(
    *args: str, log: Path, env: dict[str, str] | None = None
) -> Iterator[NewsmonProcess]:
    """Run `newsmon ARGS` with output to `log`; SIGTERM (then SIGKILL) on exit."""
    process = NewsmonProcess(
        *args,
        log=log,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        truncate=True,
        new_session=True,
    ).start()
    try:
        yield process
    finally:
        process.stop(signal.SIGTERM, timeout_s=20)
