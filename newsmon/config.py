"""The one configuration of newsmon: a YAML file, environment overrides, validated at start-up.

    kafka:      {bootstrap, partitions, replication_factor, client_id}
    connector:  {feeds: [{url, name}], min_interval_s, max_interval_s, contact, ...}
    worker:     {app_id, topics_file, web_port, ...}
    notify:     {webhooks, apprise, stream}   (unset: no notifier)

A bad value raises `ConfigError` whose message names the field (`connector.feeds.0.url`) and why.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from connectors.settings import ConnectorSettings
from newsmon.errors import NewsmonError
from newsmon.kafka.settings import KafkaSettings
from streams.notify.settings import NotifySettings
from streams.settings import WorkerSettings

_TRUE = {"1", "true", "yes", "on"}


class ConfigError(NewsmonError, ValueError):
    """The configuration is invalid; the message names every bad field."""


class Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    connector: ConnectorSettings = Field(default_factory=ConnectorSettings)
    worker: WorkerSettings = Field(default_factory=WorkerSettings)
    # Unset: no notifier. Set (even empty): `newsmon run` starts one, with its live stream.
    notify: NotifySettings | None = None


def _apply_environment(raw: dict[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    merged = {key: dict(value) if isinstance(value, dict) else value for key, value in raw.items()}
    if env.get("NEWSMON_KAFKA_BOOTSTRAP"):
        merged.setdefault("kafka", {})["bootstrap"] = env["NEWSMON_KAFKA_BOOTSTRAP"]
    if env.get("NEWSMON_LISTEN_HOST"):
        merged.setdefault("connector", {})["listen_host"] = env["NEWSMON_LISTEN_HOST"]
        merged.setdefault("worker", {})["web_host"] = env["NEWSMON_LISTEN_HOST"]
        if isinstance(merged.get("notify"), dict):
            stream = dict(merged["notify"].get("stream") or {})
            stream["host"] = env["NEWSMON_LISTEN_HOST"]
            merged["notify"] = {**merged["notify"], "stream": stream}
    if "NEWSMON_BLOCK_PRIVATE_ADDRESSES" in env:
        flag = env["NEWSMON_BLOCK_PRIVATE_ADDRESSES"].strip().lower() in _TRUE
        merged.setdefault("connector", {})["block_private_addresses"] = flag
    return merged


def _describe(error: ValidationError, source: str) -> str:
    lines = [f"invalid configuration in {source}:"]
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        lines.append(f"  {where}: {item['msg']}")
    return "\n".join(lines)


def parse_config(
    raw: Any, *, source: str = "configuration", env: Mapping[str, str] | None = None
) -> Config:
    """Validate a configuration mapping (as read from YAML) with environment overrides applied."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"invalid configuration in {source}: the top level must be a mapping")
    try:
        return Config.model_validate(_apply_environment(raw, os.environ if env is None else env))
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from None


def load_config(path: Path | None, env: Mapping[str, str] | None = None) -> Config:
    """Read and validate `path`; None gives the defaults (plus environment overrides)."""
    if path is None:
        return parse_config({}, env=env)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read configuration {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"configuration {path} is not valid YAML: {exc}") from None
    return parse_config(raw, source=str(path), env=env)
