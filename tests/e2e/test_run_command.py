"""`newsmon run` as a user runs it: default configuration, alerts on the terminal, clean stop."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import time

import pytest

from tests.support.cli import NewsmonProcess

pytestmark = [pytest.mark.kafka, pytest.mark.slow, pytest.mark.timeout(240)]


def test_run_with_defaults_alerts_on_the_sample_feed_and_stops_cleanly(
    kafka_bootstrap: str,
) -> None:
    env = {**os.environ, "NEWSMON_KAFKA_BOOTSTRAP": kafka_bootstrap, "PYTHONUNBUFFERED": "1"}
    process = NewsmonProcess("run", env=env, keep_lines=True, new_session=True).start()
    lines = process.line_queue
    seen: list[str] = []
    alerted: set[str] = set()
    try:
        deadline = time.monotonic() + 150
        while alerted != {"nato", "sanctions", "foreign_business"} and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                assert process.poll() is None, "newsmon run exited early:\n" + "\n".join(seen)
                continue
            seen.append(line)
            if line.startswith("ALERT"):
                alerted.add(line.split("]", 1)[1].split(":", 1)[0].strip())
        assert alerted == {"nato", "sanctions", "foreign_business"}, "\n".join(seen[-60:])
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            status = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert status == 0
    assert not any("Traceback" in line for line in seen), "\n".join(seen)
    # The default configuration runs a notifier and shows where its live stream is.
    assert any(
        line.startswith("newsmon: live alert stream at http://127.0.0.1:")
        and line.endswith("/v1/streams/alerts")
        for line in seen
    ), "\n".join(seen)
