"""Structural checks of deploy/docker-compose.yml and deploy/Dockerfile (no Docker engine here).

When a compose implementation is installed (`docker compose` or `docker-compose`), the file is
also validated by it; otherwise that one test skips.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsmon.config import load_config, parse_config
from tests.support.deploy_files import (
    COMPOSE_FILE,
    DEPLOY,
    DOCKERFILE,
    EXAMPLE_CONFIG,
    PROMETHEUS_CONFIG,
    REPO,
    uncommented,
)

# Each newsmon service and the `newsmon` command it runs.
COMMANDS = {"connector": "connector", "worker": "worker", "notifier": "notify"}
NEWSMON_SERVICES = tuple(COMMANDS)
OBSERVABILITY = ("prometheus", "grafana")
_DEFAULTED = re.compile(r"\$\{\w+:-([^}]*)\}")


def _compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def _services() -> dict[str, Any]:
    return _compose()["services"]


def _kafka_env() -> dict[str, str]:
    return {key: str(value) for key, value in _services()["kafka"]["environment"].items()}


def _mount(volume: str) -> tuple[str, str]:
    """'source:target[:mode]' with ${VAR:-default} replaced by its default -> (source, target)."""
    source, target = _DEFAULTED.sub(r"\1", volume).split(":")[:2]
    return source, target


def _host_path(volume: str) -> Path | None:
    """The host side of a bind mount, resolved beside the compose file; None for named volumes."""
    source, _ = _mount(volume)
    if not source.startswith((".", "/")):
        return None
    return (COMPOSE_FILE.parent / source).resolve()


def _listeners(value: str) -> dict[str, str]:
    """'NAME://host:port,...' -> {NAME: 'host:port'}."""
    pairs = (item.split("://", 1) for item in value.split(","))
    return {name: address for name, address in pairs}


def test_compose_defines_kafka_connector_worker_and_observability_services() -> None:
    assert set(_services()) == {"kafka", *NEWSMON_SERVICES, *OBSERVABILITY}


def test_kafka_is_the_official_image_pinned_to_a_4_1_release() -> None:
    assert re.fullmatch(r"apache/kafka:4\.1\.\d+", _services()["kafka"]["image"])


def test_kafka_runs_as_a_single_kraft_node() -> None:
    env = _kafka_env()
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    node_id = env["KAFKA_NODE_ID"]
    voter_id, voter_address = env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split("@")
    assert voter_id == node_id
    listeners = _listeners(env["KAFKA_LISTENERS"])
    controller = env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    assert voter_address.split(":")[1] == listeners[controller].split(":")[1]
    assert len(base64.urlsafe_b64decode(env["CLUSTER_ID"] + "==")) == 16, "CLUSTER_ID is a Uuid"


def test_every_kafka_listener_has_a_protocol_and_advertised_ones_exist() -> None:
    env = _kafka_env()
    listeners = _listeners(env["KAFKA_LISTENERS"])
    protocols = dict(
        item.split(":") for item in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
    )
    assert set(listeners) <= set(protocols)
    advertised = _listeners(env["KAFKA_ADVERTISED_LISTENERS"])
    assert set(advertised) <= set(listeners)
    assert env["KAFKA_CONTROLLER_LISTENER_NAMES"] not in advertised
    assert env["KAFKA_INTER_BROKER_LISTENER_NAME"] in advertised


def test_internal_topics_have_one_replica_on_one_broker() -> None:
    env = _kafka_env()
    for key in (
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR",
    ):
        assert env[key] == "1", key


def test_kafka_has_a_healthcheck_against_the_listener_the_services_use() -> None:
    kafka = _services()["kafka"]
    command = " ".join(kafka["healthcheck"]["test"])
    bootstrap = _services()["connector"]["environment"]["NEWSMON_KAFKA_BOOTSTRAP"]
    assert f"--bootstrap-server {bootstrap}" in command
    assert kafka["healthcheck"]["retries"] >= 3


def test_services_reach_kafka_on_an_advertised_listener() -> None:
    advertised = set(_listeners(_kafka_env()["KAFKA_ADVERTISED_LISTENERS"]).values())
    for name in NEWSMON_SERVICES:
        assert _services()[name]["environment"]["NEWSMON_KAFKA_BOOTSTRAP"] in advertised


@pytest.mark.parametrize("name", NEWSMON_SERVICES)
def test_newsmon_service_is_built_from_the_dockerfile_and_runs_its_command(name: str) -> None:
    service = _services()[name]
    context = (COMPOSE_FILE.parent / service["build"]["context"]).resolve()
    assert context == REPO
    assert (context / service["build"]["dockerfile"]).resolve() == DOCKERFILE
    assert service["command"] == [COMMANDS[name], "--config", "/config/newsmon.yaml"]
    assert service["depends_on"]["kafka"]["condition"] == "service_healthy"
    mounts = {_mount(volume)[1]: _host_path(volume) for volume in service["volumes"]}
    assert mounts["/config/newsmon.yaml"] == EXAMPLE_CONFIG


def test_worker_keeps_its_data_dir_on_a_volume() -> None:
    data_dir = str(load_config(EXAMPLE_CONFIG, env={}).worker.data_dir)
    volumes = _services()["worker"]["volumes"]
    named = [_mount(v)[0] for v in volumes if _mount(v)[1] == data_dir and _host_path(v) is None]
    assert named, f"no named volume on {data_dir}"
    assert named[0] in _compose()["volumes"]
    # Created in the image so the fresh volume is owned by the unprivileged user, not root.
    assert re.search(rf"install -d -o (\w+) -g \1 {re.escape(data_dir)}\b", DOCKERFILE.read_text())


@pytest.mark.parametrize("name", OBSERVABILITY)
def test_observability_services_are_optional_and_pinned(name: str) -> None:
    service = _services()[name]
    assert service["profiles"] == ["observability"]
    image, _, tag = service["image"].partition(":")
    assert image in {"prom/prometheus", "grafana/grafana"}
    assert tag and tag != "latest"
    for volume in service["volumes"]:
        path = _host_path(volume)
        assert path is None or path.exists(), volume


def test_published_ports_bind_loopback_only() -> None:
    for name, service in _services().items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} on every interface"


def test_prometheus_scrapes_the_ports_the_services_expose() -> None:
    config = load_config(EXAMPLE_CONFIG, env={})
    scrape = yaml.safe_load(PROMETHEUS_CONFIG.read_text())["scrape_configs"]
    targets = {job["job_name"]: job["static_configs"][0]["targets"] for job in scrape}
    expected = {
        "newsmon-connector": ("connector", config.connector.metrics_port),
        "newsmon-worker": ("worker", config.worker.web_port),
        "newsmon-notifier": ("notifier", config.notify.metrics_port if config.notify else None),
    }
    assert set(targets) == {*expected, "prometheus"}
    for job, (service, port) in expected.items():
        assert targets[job] == [f"{service}:{port}"]
        assert str(port) in _services()[service]["expose"]


def test_dockerfile_installs_the_project_on_python_3_11_slim_with_newsmon_as_entrypoint() -> None:
    text = DOCKERFILE.read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.MULTILINE)
    # The image installs the wheel `pip wheel .` builds, as users do, not the source tree.
    assert re.search(r"^RUN pip wheel \. --no-deps --wheel-dir (\S+)$", text, re.MULTILINE)
    assert re.search(r"^RUN pip install /tmp/wheels/newsmon-\*\.whl\b", text, re.MULTILINE)
    assert 'ENTRYPOINT ["newsmon"]' in text
    assert re.search(r"^USER (?!root)\w+", text, re.MULTILINE), "run as an unprivileged user"
    for line in re.findall(r"^COPY (?!--from=)(.+) \S+$", text, re.MULTILINE):
        for source in line.split():
            assert (REPO / source).exists(), f"COPY source {source} is missing"


def _compose_cli() -> list[str] | None:
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_a_compose_implementation_accepts_the_file() -> None:
    cli = _compose_cli()
    if cli is None:
        pytest.skip("neither `docker compose` nor docker-compose is installed")
    result = subprocess.run(
        [*cli, "-f", str(COMPOSE_FILE), "--profile", "observability", "config", "--quiet"],
        capture_output=True,
        text=True,
        cwd=DEPLOY,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", NEWSMON_SERVICES)
def test_the_newsmon_cli_accepts_the_service_command(name: str) -> None:
    from newsmon.cli.main import build_parser

    args = build_parser().parse_args(_services()[name]["command"])
    assert args.command == COMMANDS[name]
    assert callable(args.handler)
    assert str(args.config) == "/config/newsmon.yaml"


def test_the_image_exposes_every_port_a_newsmon_service_serves() -> None:
    exposed = set()
    for line in re.findall(r"^EXPOSE (.+)$", DOCKERFILE.read_text(), re.MULTILINE):
        exposed |= set(line.split())
    for name in NEWSMON_SERVICES:
        service = _services()[name]
        ports = {str(port) for port in service.get("expose", [])}
        ports |= {str(port).rsplit(":", 1)[1] for port in service.get("ports", [])}
        assert ports <= exposed, f"{name}: {ports - exposed} not in the Dockerfile's EXPOSE"


def test_notifier_publishes_the_configured_stream_port_on_loopback() -> None:
    config = load_config(EXAMPLE_CONFIG, env={})
    assert config.notify is not None, "the example configures the notifier"
    port = config.notify.stream.port
    assert port, "the example serves the live stream"
    assert f"127.0.0.1:{port}:{port}" in _services()["notifier"]["ports"]


def test_notifier_secrets_are_passed_through_from_the_shell_never_written() -> None:
    # The sinks the example shows in comments name these variables; compose must pass each
    # through (a name without a value), so uncommenting a sink is all a user has to do.
    examples = parse_config(yaml.safe_load(uncommented(EXAMPLE_CONFIG.read_text())))
    notify = examples.notify
    assert notify is not None and notify.webhooks and notify.apprise and notify.stream.token_env
    names = {sink.secret_env for sink in notify.webhooks}
    names |= {sink.urls_env for sink in notify.apprise} | {notify.stream.token_env}
    environment = _services()["notifier"]["environment"]
    for name in names:
        assert name in environment, f"{name} is not passed to the notifier"
        assert environment[name] is None, f"{name} has a value written in the compose file"
    for service in ("connector", "worker"):
        assert not names & set(_services()[service]["environment"]), service
