"""`newsmon run`: one command that brings up a broker, the connector and the worker.

The connector and the worker run as child processes (`newsmon connector`, `newsmon worker`)
exactly as an operator would run them separately; this module only supervises them: it
relays their output, restarts a child that dies, and stops everything on SIGINT/SIGTERM.
Alert lines come from the alerts topic itself (`newsmon.alert_follower`), not from the
worker's stdout, so each alert id is printed once across restarts of either.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from types import FrameType
from typing import IO, Any

import yaml
from aiokafka.errors import KafkaError

from newsmon.alert_follower import AlertFollower, end_offsets
from newsmon.broker.local import LocalBroker, free_port
from newsmon.config import Config, load_config, parse_config
from newsmon.contract.topics import ALERTS
from newsmon.recent_alerts import recent_alerts
from newsmon.sample.server import SampleFeedServer

log = logging.getLogger(__name__)

# Real public feeds for the default configuration. Without network each fails with a
# per-feed error line (dns/connect) and is retried with back-off; nothing crashes.
PUBLIC_FEEDS: tuple[tuple[str, str], ...] = (
    ("BBC News - World", "https://feeds.bbci.co.uk/news/world/rss.xml"),
    ("The Guardian - World", "https://www.theguardian.com/world/rss"),
    ("Deutsche Welle - World", "https://rss.dw.com/rdf/rss-en-world"),
    ("NATO - News", "https://www.nato.int/cps/rss/en/natohq/rssFeed.xsl/rssFeed.xml"),
)
_TERMINAL_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_RESTART_DELAY_S = 3.0
_STATUS_EVERY_S = 30.0
# What the status line reports: (label, metric name) summed over all label values.
_STATUS_METRICS = (
    ("fetches", "newsmon_connector_fetches_total"),
    ("published", "newsmon_connector_articles_published_total"),
    ("processed", "newsmon_worker_articles_consumed_total"),
    ("alerts", "newsmon_worker_alerts_total"),
    ("dead letters", "newsmon_worker_dead_letters_total"),
)
_STOP_GRACE_S = 20.0


def default_config(sample_feed_url: str) -> dict[str, Any]:
    """The offline-capable default: our sample feed on 127.0.0.1 plus real public feeds."""
    feeds = [{"name": "newsmon sample wire", "url": sample_feed_url}]
    feeds += [{"name": name, "url": url} for name, url in PUBLIC_FEEDS]
    # A notifier with no sinks: `make run` shows the live stream's URL (on a free port).
    notify = {"stream": {"port": free_port()}, "metrics_port": free_port()}
    return {"connector": {"feeds": feeds, "min_interval_s": 30.0}, "notify": notify}


def _with_feeds(raw: dict[str, Any], extra_feeds: Sequence[str]) -> dict[str, Any]:
    connector = dict(raw.get("connector") or {})
    connector["feeds"] = list(connector.get("feeds") or []) + [{"url": u} for u in extra_feeds]
    return {**raw, "connector": connector}


def _metric_sums(urls: Sequence[str]) -> dict[str, float]:
    """Sum every sample of each metric family served at `urls`; unreachable ones are skipped."""
    sums: dict[str, float] = {}
    for url in urls:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                text = response.read().decode("utf-8", "replace")
        except OSError:
            continue
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            name, _, value = line.rpartition(" ")
            family = name.split("{", 1)[0]
            try:
                sums[family] = sums.get(family, 0.0) + float(value)
            except ValueError:
                continue
    return sums


def status_line(urls: Sequence[str]) -> str:
    sums = _metric_sums(urls)
    parts = [f"{label} {sums.get(name, 0.0):.0f}" for label, name in _STATUS_METRICS]
    return "newsmon: " + " · ".join(parts)


def _relay(stream: IO[str], prefix: str, out: IO[str], drop_alerts: bool = False) -> None:
    for line in stream:
        # Terminal control sequences (a library hiding the cursor) mean nothing in a relay.
        text = _TERMINAL_CONTROL.sub("", line).rstrip()
        if not text or (drop_alerts and text.startswith("ALERT")):
            continue  # alert lines: printed from the alerts topic, once per id
        # Alerts are what the user came for: print them bare; everything else is labelled.
        out.write(f"{text}\n" if text.startswith("ALERT") else f"[{prefix}] {text}\n")
        out.flush()


def _print_line(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Child:
    """One supervised `newsmon <command>` process."""

    def __init__(
        self, name: str, argv: list[str], env: dict[str, str], *, drop_alerts: bool = False
    ) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.drop_alerts = drop_alerts
        self.process: subprocess.Popen[str] | None = None
        self.restarts = 0

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            self.argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env=self.env,
            start_new_session=True,  # Ctrl-C reaches the launcher, which stops children in order
        )
        assert self.process.stdout is not None
        threading.Thread(
            target=_relay,
            args=(self.process.stdout, self.name, sys.stdout, self.drop_alerts),
            daemon=True,
        ).start()

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=_STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            log.warning("%s did not stop within %.0fs: killing it", self.name, _STOP_GRACE_S)
            self.process.kill()
            self.process.wait()


class Launcher:
    def __init__(self, config_path: Path | None, extra_feeds: Sequence[str]) -> None:
        self.config_path = config_path
        self.extra_feeds = list(extra_feeds)
        self._stop = threading.Event()

    def _request_stop(self, signum: int, frame: FrameType | None) -> None:
        self._stop.set()

    def _effective_config(self, stack: ExitStack) -> Config:
        if self.config_path is None:
            sample = stack.enter_context(SampleFeedServer())
            raw = default_config(sample.url)
            print(f"newsmon: default configuration; sample feed at {sample.url}", flush=True)
        else:
            load_config(self.config_path)  # fail early, naming the file and field
            raw = yaml.safe_load(self.config_path.read_text(encoding="utf-8")) or {}
        raw = _with_feeds(raw, self.extra_feeds)
        raw.setdefault("worker", {})
        raw.setdefault("connector", {})
        if self.config_path is None:
            # Free ports, so a demo never collides with a service already running here.
            raw["worker"].setdefault("web_port", free_port())
            raw["connector"].setdefault("metrics_port", free_port())
        return parse_config(raw, source=str(self.config_path or "default configuration"))

    def _bootstrap(self, config: Config, stack: ExitStack) -> str:
        if config.kafka.bootstrap:
            return config.kafka.bootstrap
        broker = LocalBroker()
        print(f"newsmon: starting a local Kafka broker (data in {broker.run_dir})", flush=True)
        bootstrap = broker.start()
        if broker.launched:  # a broker that was already running is left running
            stack.callback(broker.stop)
        print(f"newsmon: Kafka at {bootstrap}", flush=True)
        return bootstrap

    def run(self) -> int:
        signal.signal(signal.SIGINT, self._request_stop)
        signal.signal(signal.SIGTERM, self._request_stop)
        with ExitStack() as stack:
            config = self._effective_config(stack)
            bootstrap = self._bootstrap(config, stack)
            settings = config.model_dump(mode="json")
            settings["kafka"]["bootstrap"] = bootstrap
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="newsmon-")))
            config_file = workdir / "newsmon.yaml"
            config_file.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
            alerts_topic = config.worker.topic_prefix + ALERTS
            earlier = asyncio.run(recent_alerts(bootstrap, topic=alerts_topic))
            if earlier:
                print("newsmon: latest alerts so far:", flush=True)
                for line in earlier:
                    print(f"  {line}", flush=True)
            # Taken before the worker starts: every alert already there was printed before.
            try:
                known = asyncio.run(end_offsets(bootstrap, alerts_topic))
            except (KafkaError, OSError) as exc:
                known = {}
                print(f"newsmon: could not read {alerts_topic} ({exc}); alerts already on it "
                      "may be printed again", flush=True)  # fmt: skip
            follower = AlertFollower(bootstrap, alerts_topic, known, _print_line)
            follower.start()
            stack.callback(follower.stop)
            env = {**os.environ, "NEWSMON_KAFKA_BOOTSTRAP": bootstrap, "PYTHONUNBUFFERED": "1"}
            base = [sys.executable, "-m", "newsmon.cli.main"]
            children = [
                Child(
                    "worker", [*base, "worker", "--config", str(config_file)], env, drop_alerts=True
                ),
                Child("connector", [*base, "connector", "--config", str(config_file)], env),
            ]
            if config.notify is not None:
                notify_argv = [*base, "notify", "--config", str(config_file)]
                children.append(Child("notify", notify_argv, env))
                if config.notify.stream.port:
                    print(
                        "newsmon: live alert stream at "
                        f"http://127.0.0.1:{config.notify.stream.port}/v1/streams/alerts",
                        flush=True,
                    )
            for child in children:
                child.start()
            print(
                f"newsmon: monitoring {len(config.connector.feeds)} feeds; "
                f"metrics at http://127.0.0.1:{config.connector.metrics_port}/metrics (connector) "
                f"and http://127.0.0.1:{config.worker.web_port}/metrics (worker); Ctrl-C stops",
                flush=True,
            )
            metrics_urls = [
                f"http://127.0.0.1:{config.connector.metrics_port}/metrics",
                f"http://127.0.0.1:{config.worker.web_port}/metrics",
            ]
            try:
                self._supervise(children, metrics_urls)
            finally:
                print("newsmon: stopping", flush=True)
                for child in reversed(children):
                    child.stop()
        return 0

    def _supervise(self, children: list[Child], metrics_urls: list[str]) -> None:
        next_status = time.monotonic() + _STATUS_EVERY_S
        while not self._stop.wait(0.5):
            if time.monotonic() >= next_status:
                print(status_line(metrics_urls), flush=True)
                next_status = time.monotonic() + _STATUS_EVERY_S
            for child in children:
                status = child.exited()
                if status is None:
                    continue
                # A crashed stage is restarted, never left dead: the service keeps running.
                child.restarts += 1
                print(
                    f"newsmon: {child.name} exited with status {status}; "
                    f"restarting in {_RESTART_DELAY_S:.0f}s (restart {child.restarts})",
                    flush=True,
                )
                if self._stop.wait(_RESTART_DELAY_S):
                    return
                child.start()
