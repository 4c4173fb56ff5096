"""deploy/k8s: the kustomize base and the example overlay, rendered as `kubectl apply -k` would
(tests/support/kustomize.py), validated against the Kubernetes API schemas that
kubernetes-validate bundles (no network), and checked for what makes them work together: the
processes' ports, probes and scrape annotations agree with the configuration they mount,
Services and the ServiceMonitor select the pods, secrets come from Secrets only, and the
configuration's Kafka bootstrap is the Strimzi cluster's. Custom resources (ServiceMonitor,
Strimzi's Kafka and KafkaNodePool) have no schema in kubernetes-validate: their required
structure is checked here instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from newsmon.config import Config, parse_config
from tests.support import kustomize
from tests.support.deploy_files import K8S_DIR, PROMETHEUS_CONFIG
from tests.support.kustomize import Resource

BASE = K8S_DIR / "base"
OVERLAY = K8S_DIR / "overlays" / "example"
# Oldest Kubernetes release the manifests are meant for, and the newest the package knows.
KUBERNETES_VERSIONS = ("1.29.0", kubernetes_validate.latest_version())
CUSTOM_KINDS = {"ServiceMonitor", "Kafka", "KafkaNodePool"}
CONFIG_PATH = "/etc/newsmon/newsmon.yaml"
COMMANDS = {
    "newsmon-connector": ["newsmon", "connector", "--config", CONFIG_PATH],
    "newsmon-worker": ["newsmon", "worker", "--config", CONFIG_PATH],
    "newsmon-notifier": ["newsmon", "notify", "--config", CONFIG_PATH],
}


def _yaml_files() -> list[Path]:
    return sorted(K8S_DIR.rglob("*.yaml"))


@pytest.fixture(scope="module", params=["base", "overlay"])
def rendered(request: pytest.FixtureRequest) -> list[Resource]:
    return kustomize.render(BASE if request.param == "base" else OVERLAY)


@pytest.fixture(scope="module")
def overlay() -> list[Resource]:
    return kustomize.render(OVERLAY)


def _one(resources: list[Resource], kind: str, name: str | None = None) -> Resource:
    found = [r for r in resources if r["kind"] == kind and name in (None, r["metadata"]["name"])]
    assert len(found) == 1, (kind, name, [kustomize.key(r) for r in found])
    return found[0]


def _all(resources: list[Resource], kind: str) -> list[Resource]:
    return [r for r in resources if r["kind"] == kind]


def _container(deployment: Resource) -> dict[str, Any]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return dict(container)


def _env(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in container.get("env", [])}


def _port(container: dict[str, Any], name: str) -> int:
    (port,) = [p["containerPort"] for p in container["ports"] if p["name"] == name]
    return int(port)


def _config(resources: list[Resource], deployment: Resource) -> Config:
    """The configuration the deployment's container reads, with its environment applied."""
    container = _container(deployment)
    (mount,) = [m for m in container["volumeMounts"] if CONFIG_PATH.startswith(m["mountPath"])]
    volumes = {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}
    config_map = _one(resources, "ConfigMap", volumes[mount["name"]]["configMap"]["name"])
    text = config_map["data"][CONFIG_PATH.removeprefix(mount["mountPath"]).lstrip("/")]
    env = {name: item["value"] for name, item in _env(container).items() if "value" in item}
    return parse_config(yaml.safe_load(text), source=config_map["metadata"]["name"], env=env)


def _deployments(resources: list[Resource]) -> Iterator[tuple[str, Resource]]:
    for deployment in _all(resources, "Deployment"):
        yield deployment["metadata"]["name"], deployment


# --- schemas --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(K8S_DIR)))
def test_every_file_parses_and_each_resource_has_a_kind_and_name(path: Path) -> None:
    for resource in kustomize.load_documents(path):
        assert resource["apiVersion"] and resource["kind"], path
        if resource["kind"] != "Kustomization":
            assert resource["metadata"]["name"], path


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_rendered_resources_validate_against_the_kubernetes_api_schemas(
    rendered: list[Resource], version: str
) -> None:
    for resource in rendered:
        if resource["kind"] in CUSTOM_KINDS:
            continue
        try:
            kubernetes_validate.validate(resource, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{kustomize.key(resource)} on Kubernetes {version}: {exc.message}")


def test_the_only_kinds_without_a_bundled_schema_are_the_known_custom_resources(
    rendered: list[Resource],
) -> None:
    for resource in rendered:
        if resource["kind"] in CUSTOM_KINDS:
            with pytest.raises(kubernetes_validate.SchemaNotFoundError):
                kubernetes_validate.validate(resource, KUBERNETES_VERSIONS[-1], strict=True)


def test_the_documented_kustomize_reading_matches_kubectl() -> None:
    if kustomize.kubectl() is None:
        pytest.skip(
            "kubectl is not installed: the manifests are rendered by tests/support/kustomize.py"
        )
    for directory in (BASE, OVERLAY):
        ours = sorted(kustomize.build(directory), key=kustomize.key)
        theirs = sorted(kustomize.render(directory), key=kustomize.key)
        assert ours == theirs, directory


# --- workloads ------------------------------------------------------------------------------


def test_base_runs_a_connector_a_pool_of_two_workers_and_a_notifier() -> None:
    base = kustomize.render(BASE)
    replicas = {name: d["spec"]["replicas"] for name, d in _deployments(base)}
    assert replicas == {"newsmon-connector": 1, "newsmon-worker": 2, "newsmon-notifier": 1}


def test_each_deployment_runs_its_newsmon_command(rendered: list[Resource]) -> None:
    commands = {name: _container(d)["command"] for name, d in _deployments(rendered)}
    assert commands == COMMANDS


def test_every_process_reads_a_valid_configuration(rendered: list[Resource]) -> None:
    for _, deployment in _deployments(rendered):
        config = _config(rendered, deployment)
        assert config.notify is not None  # the notifier is part of the deployment


def test_metrics_ports_probes_and_scrape_annotations_agree_with_the_configuration(
    rendered: list[Resource],
) -> None:
    for name, deployment in _deployments(rendered):
        config = _config(rendered, deployment)
        expected = {
            "newsmon-connector": config.connector.metrics_port,
            "newsmon-worker": config.worker.web_port,
            "newsmon-notifier": config.notify.metrics_port if config.notify else None,
        }[name]
        container = _container(deployment)
        assert _port(container, "metrics") == expected, name
        for probe in ("readinessProbe", "livenessProbe"):
            assert container[probe]["httpGet"] == {"path": "/metrics", "port": "metrics"}, name
        if "startupProbe" in container:
            assert container["startupProbe"]["httpGet"]["path"] == "/metrics"
        annotations = deployment["spec"]["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true"
        assert annotations["prometheus.io/port"] == str(expected)
        assert annotations["prometheus.io/path"] == "/metrics"
        # /metrics must answer the kubelet and Prometheus, not only the pod's loopback.
        assert _env(container)["NEWSMON_LISTEN_HOST"]["value"] == "0.0.0.0"


def test_notifier_exposes_the_configured_stream_port(rendered: list[Resource]) -> None:
    notifier = _one(rendered, "Deployment", "newsmon-notifier")
    config = _config(rendered, notifier)
    assert config.notify is not None
    assert _port(_container(notifier), "stream") == config.notify.stream.port
    service = _one(rendered, "Service", "newsmon-notifier")
    assert {"name": "stream", "port": config.notify.stream.port, "targetPort": "stream"} in (
        service["spec"]["ports"]
    )


def test_every_secret_the_notifier_names_comes_from_a_secret_reference(
    rendered: list[Resource],
) -> None:
    notifier = _one(rendered, "Deployment", "newsmon-notifier")
    config = _config(rendered, notifier)
    assert config.notify is not None
    names = [sink.secret_env for sink in config.notify.webhooks]
    names += [sink.urls_env for sink in config.notify.apprise]
    names += [config.notify.stream.token_env] if config.notify.stream.token_env else []
    assert names, "the example configuration shows at least one secret"
    env = _env(_container(notifier))
    for name in names:
        assert "value" not in env[name], f"{name} is written into the manifest"
        reference = env[name]["valueFrom"]["secretKeyRef"]
        assert reference["name"] and reference["key"], name
    # The manifests never carry secret values themselves.
    assert not _all(rendered, "Secret")


def test_the_worker_data_dir_is_a_writable_volume_and_roots_are_read_only(
    rendered: list[Resource],
) -> None:
    worker = _one(rendered, "Deployment", "newsmon-worker")
    data_dir = str(_config(rendered, worker).worker.data_dir)
    mounts = {m["mountPath"]: m for m in _container(worker)["volumeMounts"]}
    assert data_dir in mounts and not mounts[data_dir].get("readOnly")
    for name, deployment in _deployments(rendered):
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert _container(deployment)["securityContext"]["readOnlyRootFilesystem"] is True, name


def test_each_deployment_has_a_service_selecting_its_pods_by_the_prometheus_job_name(
    rendered: list[Resource],
) -> None:
    jobs = {
        job["job_name"] for job in yaml.safe_load(PROMETHEUS_CONFIG.read_text())["scrape_configs"]
    }
    for name, deployment in _deployments(rendered):
        # Under a ServiceMonitor the job label is the Service name: the one the alert rules use.
        service = _one(rendered, "Service", name)
        assert name in jobs, name
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= pod_labels.items(), name
        assert deployment["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
        metrics = [p for p in service["spec"]["ports"] if p["name"] == "metrics"]
        assert metrics and metrics[0]["targetPort"] == "metrics", name


# --- the example overlay ----------------------------------------------------------------------


def test_overlay_puts_every_namespaced_resource_in_its_namespace(overlay: list[Resource]) -> None:
    namespace = _one(overlay, "Namespace")["metadata"]["name"]
    for resource in overlay:
        if resource["kind"] != "Namespace":
            assert resource["metadata"]["namespace"] == namespace, kustomize.key(resource)


def test_overlay_pins_a_tagged_image(overlay: list[Resource]) -> None:
    for name, deployment in _deployments(overlay):
        image = _container(deployment)["image"]
        assert ":" in image and not image.endswith(":latest"), name


def test_service_monitor_scrapes_the_metrics_port_of_every_newsmon_service(
    overlay: list[Resource],
) -> None:
    monitor = _one(overlay, "ServiceMonitor")
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    selector = monitor["spec"]["selector"]["matchLabels"]
    selected = [
        s for s in _all(overlay, "Service") if selector.items() <= s["metadata"]["labels"].items()
    ]
    assert {s["metadata"]["name"] for s in selected} == set(COMMANDS)
    assert monitor["spec"]["endpoints"]
    for endpoint in monitor["spec"]["endpoints"]:
        assert endpoint["path"] == "/metrics"
        for service in selected:
            assert endpoint["port"] in {p["name"] for p in service["spec"]["ports"]}


def test_strimzi_kafka_has_the_structure_strimzi_requires(overlay: list[Resource]) -> None:
    kafka = _one(overlay, "Kafka")
    assert kafka["apiVersion"] in {"kafka.strimzi.io/v1beta2", "kafka.strimzi.io/v1"}
    listeners = kafka["spec"]["kafka"]["listeners"]
    assert listeners
    for listener in listeners:
        assert set(listener) >= {"name", "port", "type", "tls"}
        assert listener["name"].isalnum() and listener["name"].islower()
        assert len(listener["name"]) <= 11
        assert listener["type"] in {"internal", "cluster-ip", "route", "loadbalancer", "nodeport",
                                    "ingress"}  # fmt: skip
        assert isinstance(listener["tls"], bool) and isinstance(listener["port"], int)
    pools = [
        pool
        for pool in _all(overlay, "KafkaNodePool")
        if pool["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
    ]
    assert pools, "a KRaft cluster needs node pools labelled with its name"
    roles = {role for pool in pools for role in pool["spec"]["roles"]}
    assert roles == {"controller", "broker"}
    for pool in pools:
        assert pool["apiVersion"] == kafka["apiVersion"]
        assert pool["spec"]["replicas"] >= 1
        assert pool["spec"]["storage"]["type"] in {"jbod", "persistent-claim", "ephemeral"}


def test_kafka_replication_fits_the_brokers_and_newsmon_uses_its_bootstrap(
    overlay: list[Resource],
) -> None:
    kafka = _one(overlay, "Kafka")
    brokers = sum(
        pool["spec"]["replicas"]
        for pool in _all(overlay, "KafkaNodePool")
        if "broker" in pool["spec"]["roles"]
    )
    settings = kafka["spec"]["kafka"]["config"]
    for name in ("offsets.topic.replication.factor", "default.replication.factor",
                 "transaction.state.log.replication.factor"):  # fmt: skip
        assert settings[name] <= brokers, name
    assert settings["min.insync.replicas"] < settings["default.replication.factor"]
    assert settings["auto.create.topics.enable"] is False  # newsmon creates its topics

    plain = [
        x for x in kafka["spec"]["kafka"]["listeners"] if x["type"] == "internal" and not x["tls"]
    ]
    bootstraps = {f"{kafka['metadata']['name']}-kafka-bootstrap:{x['port']}" for x in plain}
    for name, deployment in _deployments(overlay):
        config = _config(overlay, deployment)
        assert config.kafka.bootstrap in bootstraps, name
        assert config.kafka.replication_factor <= brokers
