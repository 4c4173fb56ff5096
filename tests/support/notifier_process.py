"""Running `newsmon notify` as a real process for crash and restart tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.support.receiver import SECRET


def write_config(path: Path, bootstrap: str, prefix: str, group: str, url: str,
                 **webhook: Any) -> Path:  # fmt: skip
    config = {
        "kafka": {"bootstrap": bootstrap, "partitions": 2},
        "notify": {
            "app_id": group, "topic_prefix": prefix, "metrics_port": 0, "stream": {"port": 0},
            "commit_interval_s": 0.2,
            "webhooks": [{"name": "ops", "url": url, "secret_env": "NEWSMON_TEST_SECRET",
                          "retry_initial_s": 0.2, "retry_max_s": 1.0, **webhook}],
        },
    }  # fmt: skip
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


class NotifierProcess:
    def __init__(self, config: Path, log: Path) -> None:
        self.config = config
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if k != "NEWSMON_KAFKA_BOOTSTRAP"}
        env["NEWSMON_TEST_SECRET"] = SECRET
        argv = [sys.executable, "-m", "newsmon.cli.main", "-v", "notify", "--config",
                str(self.config)]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)

    def ensure_stopped(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
