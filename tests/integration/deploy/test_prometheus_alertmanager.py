"""Operations proven in real tools: Debian's Prometheus scrapes a running connector, worker and
notifier, every dashboard panel's query returns data through Prometheus' HTTP API, and the
shipped alert rules fire on induced faults (a feed answering 500, a notifier sink's endpoint
answering 503 until its deliveries are dead-lettered, a killed worker and notifier) and reach
Debian's Alertmanager, which delivers them to a webhook receiver this test runs.

The notifier has one webhook sink, to a receiver of this test that verifies every signature
with `standardwebhooks`, and serves its live stream on a free port with one client connected.

Everything listens on 127.0.0.1 on free ports; the Kafka broker is the shared one
(kafka_bootstrap). The rules are the shipped deploy/prometheus/alerts.yml, rewritten for this
test only: every `for:` becomes 2 s and every range 20 s, so that faults show within seconds
(the shipped file is never changed; its real durations are unit-tested by promtool).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml
from aiohttp import web
from aiokafka import AIOKafkaProducer

from newsmon.broker.local import free_port
from newsmon.contract.topics import ALERTS
from newsmon.sample.server import sample_feed_bytes
from streams.notify import app as notify_app
from tests.support import dashboards
from tests.support.cli import newsmon_process
from tests.support.deploy_files import ALERTS_FILE, PROMETHEUS_CONFIG
from tests.support.feeds import FeedServer
from tests.support.receiver import SECRET, Receiver

pytestmark = [pytest.mark.kafka, pytest.mark.slow, pytest.mark.timeout(240)]

# Test-only timing of the rules (see the module docstring).
RULE_FOR = "2s"
RULE_RANGE = "[20s]"
FEED_FAULT_ALERTS = {"NewsmonFeedFetchErrorRatioHigh", "NewsmonFeedsDead"}
SINK_FAULT_ALERTS = {"NewsmonNotifyDeliveriesFailing", "NewsmonNotifyDeadLetters"}
PROCESS_FAULT_ALERTS = {"NewsmonWorkerDown", "NewsmonNotifierDown"}
# The notifier's one sink: retries fast and gives up after a few seconds, so that a failing
# endpoint both shows as failing and ends in a dead letter within the test.
SINK = "ops"
SECRET_ENV = "NEWSMON_OPS_TEST_WEBHOOK_SECRET"
SINK_GIVE_UP_S = 12.0
_RANGE = re.compile(r"\[\d+[smhdwy]\]")


def _with_new_items(body: bytes, host: str, count: int) -> bytes:
    """The sample feed with `count` extra neutral items in front, as a live feed grows."""
    items = "".join(
        f"<item><title>City council publishes minutes of meeting {n}</title>"
        f"<link>http://{host}/2026/council-minutes-{n}</link>"
        f"<pubDate>{format_datetime(datetime.now(UTC))}</pubDate>"
        f"<description>The council approved the budget for street lighting, item {n}.</description>"
        "</item>"
        for n in range(count)
    )
    return body.replace(b"<item>", items.encode() + b"<item>", 1)


# A story of its own that alerts, published once Prometheus scrapes the worker: the alert
# latency panel needs an alert that it sees happen.
LATE_NATO_ITEM = (
    "<item><title>NATO allies agree to station an air defence battalion on the Zorblat coast"
    "</title><link>http://{host}/2026/late-nato-air-defence</link><pubDate>{date}</pubDate>"
    "<description>NATO defence ministers agreed on Thursday that the alliance will station an "
    "air defence battalion on the Zorblat coast, the NATO secretary general said.</description>"
    "</item>"
)


async def _grow(feeds: FeedServer, path: str, host: str, extra: list[str]) -> None:
    """One new item a second, so that every rate and latency panel sees fresh work; `extra`
    items are put in front too once the test adds them."""
    base = feeds.bodies[path]
    for count in itertools.count(1):
        await asyncio.sleep(1.0)
        body = _with_new_items(base, host, count)
        feeds.bodies[path] = body.replace(b"<item>", "".join(extra).encode() + b"<item>", 1)


def _fail_every_attempt(attempt: int, webhook_id: str) -> tuple[int, dict[str, str]]:
    return 503, {}


def _binary(*names: str) -> str:
    """Path of the first of `names` on PATH; fails under CI (which installs it), else skips."""
    for name in names:
        path = shutil.which(name)
        if path is not None:
            return path
    reason = (
        f"{names[0]} not found: install Debian's prometheus and prometheus-alertmanager "
        "packages (apt-get install prometheus prometheus-alertmanager; .ci/run does)"
    )
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@contextlib.contextmanager
def _daemon(args: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server binary with output to `log`; SIGTERM (then SIGKILL) on exit."""
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def fast_rules(text: str) -> dict[str, Any]:
    """The alert rules with every `for:` and every range selector shortened."""
    rules = yaml.safe_load(text)
    for group in rules["groups"]:
        group["interval"] = "1s"
        for rule in group["rules"]:
            rule["expr"] = _RANGE.sub(RULE_RANGE, rule["expr"])
            if "for" in rule:
                rule["for"] = RULE_FOR
    return dict(rules)


def _prometheus_config(targets: dict[str, str], alertmanager: str) -> dict[str, Any]:
    """The shipped prometheus.yml with local targets, 1 s intervals and our Alertmanager."""
    config = yaml.safe_load(PROMETHEUS_CONFIG.read_text())
    config["global"] = {"scrape_interval": "1s", "evaluation_interval": "1s"}
    config["rule_files"] = ["rules.yml"]
    config["alerting"] = {"alertmanagers": [{"static_configs": [{"targets": [alertmanager]}]}]}
    for job in config["scrape_configs"]:
        job["static_configs"] = [{"targets": [targets[job["job_name"]]]}]
    assert {job["job_name"] for job in config["scrape_configs"]} == set(targets)
    return dict(config)


def _alertmanager_config(webhook_url: str) -> dict[str, Any]:
    return {
        "route": {
            "receiver": "test-webhook",
            "group_by": ["alertname", "instance"],
            "group_wait": "1s",
            "group_interval": "1s",
            "repeat_interval": "1h",
        },
        "receivers": [{"name": "test-webhook", "webhook_configs": [{"url": webhook_url}]}],
    }


class WebhookReceiver:
    """Alertmanager's webhook target: keeps every firing alert it is sent."""

    def __init__(self) -> None:
        self.firing: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def _receive(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.firing.extend(a for a in payload["alerts"] if a["status"] == "firing")
        return web.Response(text="ok")

    def names(self) -> set[str]:
        return {alert["labels"]["alertname"] for alert in self.firing}

    async def __aenter__(self) -> WebhookReceiver:
        app = web.Application()
        app.router.add_post("/alerts", self._receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/alerts"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()


class PrometheusAPI:
    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        self.session = session
        self.base = base

    async def _get(self, path: str, params: dict[str, str]) -> Any:
        async with self.session.get(self.base + path, params=params) as response:
            body = await response.json()
            assert body["status"] == "success", body
            return body["data"]

    async def query(self, expr: str) -> list[dict[str, Any]]:
        data = await self._get("/api/v1/query", {"query": expr})
        assert data["resultType"] == "vector", (expr, data["resultType"])
        return list(data["result"])

    async def label_values(self, selector: str, label: str) -> list[str]:
        return list(await self._get(f"/api/v1/label/{label}/values", {"match[]": selector}))

    async def ready(self) -> bool:
        try:
            async with self.session.get(self.base + "/-/ready") as response:
                return response.status == 200
        except aiohttp.ClientError:
            return False


def _has_data(result: list[dict[str, Any]]) -> bool:
    """At least one series with a number (a quantile of no observations is NaN: no data)."""
    return any(math.isfinite(float(sample["value"][1])) for sample in result)


async def _until(
    condition: Callable[[], Awaitable[bool]], timeout_s: float, what: Callable[[], str]
) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not await condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {timeout_s:.0f} s: {what()}")
        await asyncio.sleep(0.5)


async def _panel_results(api: PrometheusAPI) -> dict[tuple[str, str], bool]:
    """(dashboard, panel) -> whether any of its queries returned data, with the instance
    variable resolved as Grafana would: its label_values() query, every value selected."""
    found: dict[tuple[str, str], bool] = {}
    for name, board in dashboards.dashboards().items():
        selector, label = dashboards.label_values_query(dashboards.variables(board)["instance"])
        instances = await api.label_values(selector, label)
        values = {"instance": dashboards.regex_of(instances)} if instances else None
        for panel in dashboards.data_panels(board):
            results = []
            for target in panel["targets"]:
                if values is None:
                    results.append(False)
                    continue
                expr = dashboards.substitute(target["expr"], values)
                results.append(_has_data(await api.query(expr)))
            found[(name, panel["title"])] = any(results)
    return found


async def _all_answer(session: aiohttp.ClientSession, urls: list[str]) -> bool:
    for url in urls:
        try:
            async with session.get(url) as response:
                if response.status != 200:
                    return False
        except aiohttp.ClientError:
            return False
    return True


def _logs(tmp_path: Path) -> str:
    return "\n".join(
        f"--- {p.name}\n{p.read_text(errors='replace')[-2500:]}" for p in tmp_path.glob("*.log")
    )


async def _stream_client(
    session: aiohttp.ClientSession, url: str, connected: asyncio.Event
) -> None:
    """A live-stream client: connects as soon as the notifier serves the stream (retrying while
    it starts), then stays connected, reading what comes, until the stream ends (the notifier
    is killed at the end of the test) or the task is cancelled."""
    while not connected.is_set():
        try:
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=None)) as response:
                if response.status != 200:
                    await asyncio.sleep(0.5)  # 503 while the notifier reaches Kafka
                    continue
                connected.set()
                with contextlib.suppress(aiohttp.ClientError):
                    async for _ in response.content:
                        pass
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.5)  # not listening yet


async def _produce_alert(bootstrap: str) -> str:
    """One harmless alert of a fresh id on newsmon.alerts, as the worker writes them."""
    alert = notify_app.test_alert()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(ALERTS, alert.to_json(), key=alert.key())
    finally:
        await producer.stop()
    return alert.id


async def test_dashboards_have_data_and_alerts_reach_alertmanager(
    kafka_bootstrap: str, unique_name: str, tmp_path: Path
) -> None:
    prometheus = _binary("prometheus")
    alertmanager = _binary("prometheus-alertmanager", "alertmanager")
    # The sample feed with links on a host of this test's own, so its article ids are new.
    host = f"ops-{unique_name}.invalid"
    body = sample_feed_bytes().replace(b"sample.newsmon.invalid", host.encode())
    feeds = FeedServer(bodies={"feed.xml": body})
    await feeds.start()
    late_items: list[str] = []
    growing = asyncio.create_task(_grow(feeds, "feed.xml", host, late_items))
    receiver = Receiver().start()
    ports = [free_port() for _ in range(6)]
    connector_port, worker_port, notify_port, stream_port, prometheus_port, alertmanager_port = (
        ports
    )
    config = tmp_path / "newsmon.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                # Our own client id, so our connector's group on newsmon.feeds is ours alone.
                "kafka": {"bootstrap": kafka_bootstrap, "client_id": f"ops-{unique_name}"},
                "connector": {
                    "feeds": [{"url": feeds.url("feed.xml")}],
                    # Poll (and, once failing, retry) every second or so: faults show at once.
                    "min_interval_s": 0.5,
                    "max_interval_s": 1.0,
                    "per_host_spacing_s": 0.0,
                    "metrics_port": connector_port,
                },
                "worker": {"app_id": f"ops-{unique_name}", "web_port": worker_port},
                "notify": {
                    "app_id": f"ops-notify-{unique_name}",
                    "metrics_port": notify_port,
                    "webhooks": [
                        {
                            "name": SINK,
                            "url": receiver.url,
                            "secret_env": SECRET_ENV,
                            "give_up_after_s": SINK_GIVE_UP_S,
                            "retry_initial_s": 0.2,
                            "retry_max_s": 1.0,
                        }
                    ],
                    "stream": {"port": stream_port, "keepalive_s": 1.0},
                },
            }
        )
    )
    (tmp_path / "rules.yml").write_text(yaml.safe_dump(fast_rules(ALERTS_FILE.read_text())))
    (tmp_path / "prometheus.yml").write_text(
        yaml.safe_dump(
            _prometheus_config(
                {
                    "newsmon-connector": f"127.0.0.1:{connector_port}",
                    "newsmon-worker": f"127.0.0.1:{worker_port}",
                    "newsmon-notifier": f"127.0.0.1:{notify_port}",
                    "prometheus": f"127.0.0.1:{prometheus_port}",
                },
                f"127.0.0.1:{alertmanager_port}",
            )
        )
    )
    stream: asyncio.Task[None] | None = None
    try:
        async with WebhookReceiver() as webhook, aiohttp.ClientSession() as session:
            (tmp_path / "alertmanager.yml").write_text(
                yaml.safe_dump(_alertmanager_config(webhook.url))
            )
            with (
                _daemon(
                    [
                        alertmanager,
                        f"--config.file={tmp_path / 'alertmanager.yml'}",
                        f"--storage.path={tmp_path / 'alertmanager-data'}",
                        f"--web.listen-address=127.0.0.1:{alertmanager_port}",
                        "--cluster.listen-address=",  # no gossip port: one instance
                    ],
                    tmp_path / "alertmanager.log",
                ),
                newsmon_process(
                    "worker", "--config", str(config), log=tmp_path / "worker.log"
                ) as worker,
                newsmon_process("connector", "--config", str(config), log=tmp_path / "c.log"),
                newsmon_process(
                    "notify",
                    "--config",
                    str(config),
                    log=tmp_path / "notifier.log",
                    env={SECRET_ENV: SECRET},
                ) as notifier,
            ):
                # Prometheus starts once every process serves /metrics, as it would find a
                # running deployment: a target still starting would count as down.
                endpoints = [
                    f"http://127.0.0.1:{port}/metrics"
                    for port in (connector_port, worker_port, notify_port)
                ]
                await _until(
                    lambda: _all_answer(session, endpoints),
                    90,
                    lambda: "connector, worker and notifier /metrics\n" + _logs(tmp_path),
                )
                # One client on the live stream, so the stream-clients panel shows one.
                connected = asyncio.Event()
                stream = asyncio.create_task(
                    _stream_client(
                        session, f"http://127.0.0.1:{stream_port}/v1/streams/alerts", connected
                    )
                )
                await _until(
                    _connected(connected, stream),
                    60,
                    lambda: "a live-stream client connected\n" + _logs(tmp_path),
                )
                with _daemon(
                    [
                        prometheus,
                        f"--config.file={tmp_path / 'prometheus.yml'}",
                        f"--storage.tsdb.path={tmp_path / 'prometheus-data'}",
                        f"--web.listen-address=127.0.0.1:{prometheus_port}",
                        "--rules.alert.resend-delay=1s",
                    ],
                    tmp_path / "prometheus.log",
                ):
                    api = PrometheusAPI(session, f"http://127.0.0.1:{prometheus_port}")
                    processes = Processes(worker, notifier, kafka_bootstrap, host, late_items)
                    await _check(api, webhook, feeds, receiver, processes, tmp_path)
    finally:
        if stream is not None:
            stream.cancel()
            with contextlib.suppress(asyncio.CancelledError, aiohttp.ClientError):
                await stream
        growing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await growing
        await feeds.stop()
        receiver.stop()


def _connected(
    connected: asyncio.Event, client: asyncio.Task[None]
) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        if client.done() and not connected.is_set():
            client.result()  # raises what ended the client before it connected
        return connected.is_set()

    return check


@dataclass(frozen=True)
class Processes:
    """The newsmon processes the faults act on, and what identifies this test's data."""

    worker: subprocess.Popen[bytes]
    notifier: subprocess.Popen[bytes]
    kafka_bootstrap: str
    host: str  # the feed's links, so the alerts of this test's articles are recognised
    late_items: list[str]  # items the feed puts in front from the next second on


async def _check(
    api: PrometheusAPI,
    webhook: WebhookReceiver,
    feeds: FeedServer,
    receiver: Receiver,
    processes: Processes,
    tmp_path: Path,
) -> None:
    await _until(api.ready, 30, lambda: "Prometheus ready\n" + _logs(tmp_path))

    # The notifier delivered an alert raised on this test's articles, signed as the Standard
    # Webhooks specification says (the receiver verifies every request).
    async def ours_delivered() -> bool:
        return any(
            processes.host in str((r.body or {}).get("url", "")) for r in receiver.acknowledged()
        )

    await _until(ours_delivered, 90, lambda: "an alert of this test delivered\n" + _logs(tmp_path))

    # Those were delivered before Prometheus' first scrape; the delivery-time panel needs one
    # it sees happen: one more alert arrives once Prometheus has scraped the notifier. Likewise
    # the worker's alert latency panel, so the worker must have been scraped too: a worker
    # scraped first after the late story alerted shows a histogram that never moves (seen
    # when two test processes shared the machine).
    async def notifier_and_worker_scraped() -> bool:
        up = await api.query('up{job=~"newsmon-notifier|newsmon-worker"} == 1')
        return len(up) == 2

    await _until(
        notifier_and_worker_scraped, 30, lambda: "notifier and worker scraped\n" + _logs(tmp_path)
    )
    # The worker's alert latency panel: a story of its own that alerts now.
    date = format_datetime(datetime.now(UTC))
    processes.late_items.append(LATE_NATO_ITEM.format(host=processes.host, date=date))
    later = await _produce_alert(processes.kafka_bootstrap)
    await _until(
        _acknowledged(receiver, later), 30, lambda: "a later alert delivered\n" + _logs(tmp_path)
    )
    assert receiver.bad_signatures == 0

    # Every panel returns data once the pipeline has run.
    results: dict[tuple[str, str], bool] = {}

    async def panels_have_data() -> bool:
        nonlocal results
        results = await _panel_results(api)
        return all(results.values())

    await _until(
        panels_have_data,
        90,
        lambda: (
            "panels without data: "
            + repr(sorted(k for k, ok in results.items() if not ok))
            + "\n"
            + _logs(tmp_path)
        ),
    )

    # The stream-clients panel counts the one client this test keeps connected.
    async def one_stream_client() -> bool:
        result = await api.query('sum(newsmon_stream_clients{job="newsmon-notifier"})')
        return bool(result) and float(result[0]["value"][1]) == 1.0

    await _until(one_stream_client, 30, lambda: "newsmon_stream_clients == 1\n" + _logs(tmp_path))

    # A healthy pipeline raised none of the alerts the faults below must raise.
    faults = FEED_FAULT_ALERTS | SINK_FAULT_ALERTS | PROCESS_FAULT_ALERTS
    assert not webhook.names() & faults, webhook.firing

    # Fault 1: the feed answers 500 on every poll. Fault 2, meanwhile: the notifier's endpoint
    # answers 503 to every attempt, while an alert arrives; it is retried, then dead-lettered.
    feeds.status["feed.xml"] = 500
    receiver.plan = _fail_every_attempt
    refused = await _produce_alert(processes.kafka_bootstrap)
    await _until(
        lambda: _got(webhook, FEED_FAULT_ALERTS | SINK_FAULT_ALERTS),
        60,
        lambda: (
            f"feed and sink fault alerts; received {sorted(webhook.names())}\n" + _logs(tmp_path)
        ),
    )
    attempts = [r for r in receiver.requests if r.alert_id == refused]
    assert len(attempts) > 1 and {r.status for r in attempts} == {503}
    assert receiver.bad_signatures == 0
    sink_alerts = [a for a in webhook.firing if a["labels"]["alertname"] in SINK_FAULT_ALERTS]
    assert {a["labels"]["sink"] for a in sink_alerts} == {SINK}
    assert {a["labels"]["job"] for a in sink_alerts} == {"newsmon-notifier"}

    # Fault 3: the worker and the notifier die.
    for process in (processes.worker, processes.notifier):
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    await _until(
        lambda: _got(webhook, PROCESS_FAULT_ALERTS),
        30,
        lambda: f"process fault alerts; received {sorted(webhook.names())}\n{_logs(tmp_path)}",
    )
    for name, job, what in (
        ("NewsmonWorkerDown", "newsmon-worker", "worker"),
        ("NewsmonNotifierDown", "newsmon-notifier", "notifier"),
    ):
        down = [a for a in webhook.firing if a["labels"]["alertname"] == name]
        assert down[0]["labels"]["job"] == job
        assert down[0]["labels"]["severity"] == "critical"
        assert down[0]["annotations"]["summary"].startswith(f"newsmon {what} 127.0.0.1:")


def _acknowledged(receiver: Receiver, alert_id: str) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return alert_id in receiver.acknowledged_ids()

    return check


async def _got(webhook: WebhookReceiver, names: set[str]) -> bool:
    return names <= webhook.names()
