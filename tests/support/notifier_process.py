"""Running `newsmon notify` as a real process for crash and restart tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.support.cli import NewsmonProcess, newsmon_env
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


class NotifierProcess(NewsmonProcess):
    """`newsmon -v notify` with its output in `log` and the webhook secret in its environment."""

    def __init__(self, config: Path, log: Path) -> None:
        env = newsmon_env(NEWSMON_TEST_SECRET=SECRET)
        super().__init__("-v", "notify", "--config", str(config), log=log, env=env)
        self.config = config
