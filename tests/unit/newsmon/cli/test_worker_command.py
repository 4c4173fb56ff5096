"""`newsmon worker` refuses to start with a clear message, not a traceback."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

import streams.worker
from newsmon.broker.local import free_port
from newsmon.config import parse_config
from streams.app import create_app
from streams.compat.faust import CONSUMER_FETCH_MAX_WAIT_MS, seek_to_committed_or_beginning
from tests.support.cli import newsmon_env, run_newsmon


def run_worker(config: Path, timeout_s: float = 60.0) -> subprocess.CompletedProcess[str]:
    # The file's bootstrap must count: a NEWSMON_KAFKA_BOOTSTRAP of the test run would override it.
    return run_newsmon("worker", "--config", str(config), env=newsmon_env(), timeout=timeout_s)


def test_an_invalid_configuration_names_the_field_and_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("worker: {web_port: 0}\n")
    result = run_worker(config)
    assert result.returncode == 2
    assert "worker.web_port" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_configuration_without_kafka_says_how_to_get_one(tmp_path: Path) -> None:
    config = tmp_path / "nokafka.yaml"
    config.write_text("worker: {app_id: x}\n")
    result = run_newsmon(
        "worker", "--config", str(config), env={"PATH": "/usr/bin:/bin"}, timeout=60
    )
    assert result.returncode == 2
    assert "NEWSMON_KAFKA_BOOTSTRAP" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_kafka_is_reported_in_one_line_with_exit_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # In process with one connection attempt: the message and status are what is tested, not
    # the ten seconds of retries a real start gives a broker that is still coming up.
    monkeypatch.setattr(streams.worker, "CONNECT_ATTEMPTS", 1)
    config = parse_config({"kafka": {"bootstrap": f"127.0.0.1:{free_port()}"}, "worker": {}},
                          env={})  # fmt: skip
    stderr = io.StringIO()
    assert streams.worker.run_worker(config, stderr=stderr) == 1
    lines = stderr.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("newsmon worker: cannot reach Kafka at 127.0.0.1:")


def test_the_web_server_binds_the_configured_listen_host() -> None:
    config = parse_config({"kafka": {"bootstrap": "127.0.0.1:9"}, "worker": {}},
                          env={"NEWSMON_LISTEN_HOST": "0.0.0.0"})  # fmt: skip
    app = create_app(config)
    assert (app.conf.web_bind, app.conf.web_host) == ("0.0.0.0", "0.0.0.0")


async def test_the_kafka_consumer_faust_creates_waits_briefly_on_idle_partitions(
    faust_apps: list[Any],
) -> None:
    # faust builds its aiokafka consumer with a 1.5 s fetch wait, which stalls a lagging worker
    # about a second in every ~1.6 s (streams.compat.faust). Checked on
    # faust's own consumer classes, so that a faust upgrade renaming the hook fails here.
    app = create_app(parse_config({"kafka": {"bootstrap": "127.0.0.1:9"}, "worker": {}}, env={}))
    faust_apps.append(app)
    await app.on_start()  # what faust runs before it starts the consumer thread
    consumer: Any = app.consumer
    kafka_consumer = consumer._thread._create_worker_consumer(app.transport)
    try:
        assert kafka_consumer._fetch_max_wait_ms == CONSUMER_FETCH_MAX_WAIT_MS <= 50
    finally:
        await kafka_consumer.stop()


async def test_faust_seeks_partitions_without_a_committed_offset_through_our_rewind(
    faust_apps: list[Any],
) -> None:
    # After a rebalance faust drops what its fetcher read meanwhile and seeks to the committed
    # offsets; a partition without one must be rewound (streams.compat.faust). Checked on
    # faust's own classes: a faust upgrade that renames the hook fails here.
    app = create_app(parse_config({"kafka": {"bootstrap": "127.0.0.1:9"}, "worker": {}}, env={}))
    faust_apps.append(app)
    await app.on_start()
    thread: Any = app.consumer._thread  # type: ignore[attr-defined]
    calls: list[object] = []

    async def call_thread(method: object, *args: object) -> tuple[object, object]:
        calls.append(method)
        return {}, {}

    thread.call_thread = call_thread
    thread._ensure_consumer = lambda: "the aiokafka consumer"
    await app.consumer.seek_to_committed()
    assert calls == [seek_to_committed_or_beginning]


def test_without_a_data_dir_faust_keeps_its_files_in_the_temp_dir_not_the_working_dir(
    tmp_path: Path,
) -> None:
    app = create_app(parse_config({"kafka": {"bootstrap": "127.0.0.1:9"}, "worker": {}}, env={}))
    datadir = Path(app.conf.datadir)
    assert datadir.is_absolute()
    assert datadir.is_relative_to(tempfile.gettempdir())
    assert datadir.parent.is_dir()  # faust creates the last level only
    chosen = tmp_path / "not-yet" / "data"
    config = {"kafka": {"bootstrap": "127.0.0.1:9"}, "worker": {"data_dir": str(chosen)}}
    assert Path(create_app(parse_config(config, env={})).conf.datadir) == chosen
    assert chosen.parent.is_dir()


def test_standby_replicas_are_off_unless_configured() -> None:
    # With the memory:// store a standby copy does not shorten a takeover, and reading the
    # other workers' changelogs costs CPU per article (README, "Running several workers").
    default = create_app(parse_config({"kafka": {"bootstrap": "127.0.0.1:9"}, "worker": {}},
                                      env={}))  # fmt: skip
    assert default.conf.table_standby_replicas == 0
    assert default.conf.broker_session_timeout == 10.0
    config = {"kafka": {"bootstrap": "127.0.0.1:9"}, "worker": {"standby_replicas": 1}}
    assert create_app(parse_config(config, env={})).conf.table_standby_replicas == 1
