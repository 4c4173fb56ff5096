"""Rendering deploy/k8s the way `kubectl apply -k` would.

`render(directory)` runs `kubectl kustomize` when kubectl is installed. Without it,
`build(directory)` reads the kustomization itself, supporting exactly the fields our
kustomizations use (anything else is an error, never silently ignored):

- `resources`: files (every YAML document in them) or directories holding a kustomization,
  built first, in the order listed;
- `patches`: `- path: FILE`, a strategic-merge patch naming its target by kind and
  metadata.name; mappings merge key by key, lists whose items all have a `name` (containers,
  env, ports, volumes) merge item by item on that name, any other value replaces the old one;
- `namespace`: set on every namespaced resource (everything but Namespace here);
- `images`: `name` -> `newName`/`newTag` on every container whose image is that name.

When kubectl is there, a test checks that both give the same resources, so the reading above
stays honest.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

KUSTOMIZATION = "kustomization.yaml"
_SUPPORTED = {"apiVersion", "kind", "resources", "patches", "namespace", "images"}
_CLUSTER_SCOPED = {"Namespace"}

Resource = dict[str, Any]


def kubectl() -> str | None:
    return shutil.which("kubectl")


def render(directory: Path) -> list[Resource]:
    """The kustomization in `directory` rendered, by kubectl when present, else by build()."""
    path = kubectl()
    if path is None:
        return build(directory)
    result = subprocess.run(
        [path, "kustomize", str(directory)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def load_documents(path: Path) -> list[Resource]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def key(resource: Resource) -> tuple[str, str]:
    return resource["kind"], resource["metadata"]["name"]


def build(directory: Path) -> list[Resource]:
    spec = yaml.safe_load((directory / KUSTOMIZATION).read_text())
    unsupported = set(spec) - _SUPPORTED
    if unsupported:
        raise ValueError(f"{directory / KUSTOMIZATION}: fields not read here: {unsupported}")
    resources: list[Resource] = []
    for entry in spec.get("resources", []):
        path = directory / entry
        resources += build(path) if path.is_dir() else load_documents(path)
    for patch_entry in spec.get("patches", []):
        if set(patch_entry) != {"path"}:
            raise ValueError(f"only `- path: FILE` patches are read here: {patch_entry}")
        for patch in load_documents(directory / patch_entry["path"]):
            matches = [r for r in resources if key(r) == key(patch)]
            if len(matches) != 1:
                raise ValueError(f"patch {key(patch)} matches {len(matches)} resources")
            merge(matches[0], patch)
    namespace = spec.get("namespace")
    if namespace:
        for resource in resources:
            if resource["kind"] not in _CLUSTER_SCOPED:
                resource["metadata"]["namespace"] = namespace
    for image in spec.get("images", []):
        new = image.get("newName", image["name"])
        if "newTag" in image:
            new += f":{image['newTag']}"
        for resource in resources:
            for container in _containers(resource):
                if container["image"].split(":", 1)[0] == image["name"]:
                    container["image"] = new
    return resources


def merge(target: dict[str, Any], patch: dict[str, Any]) -> None:
    """A strategic merge of `patch` into `target`, as far as the module docstring says."""
    for name, value in patch.items():
        old = target.get(name)
        if isinstance(old, dict) and isinstance(value, dict):
            merge(old, value)
        elif _named_items(old) and _named_items(value):
            by_name = {item["name"]: item for item in old}
            for item in value:
                if item["name"] in by_name:
                    merge(by_name[item["name"]], item)
                else:
                    old.append(item)
        else:
            target[name] = value


def _named_items(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(i, dict) and "name" in i for i in value)


def _containers(resource: Resource) -> list[dict[str, Any]]:
    spec = resource.get("spec", {}).get("template", {}).get("spec", {})
    return list(spec.get("containers", [])) + list(spec.get("initContainers", []))
