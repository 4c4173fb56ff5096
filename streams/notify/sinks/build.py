"""Every configured sink, built from the settings and the environment (which holds the secrets)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from streams.notify.settings import NotifySettings
from streams.notify.sinks.apprise import AppriseSink
from streams.notify.sinks.base import Sink
from streams.notify.sinks.webhook import WebhookSink


def build_sinks(settings: NotifySettings, env: Mapping[str, str] | None = None) -> list[Sink]:
    """Raises SinkSetupError naming the field (`notify.webhooks.0.secret_env`), never a secret."""
    env = os.environ if env is None else env
    sinks: list[Sink] = []
    for index, webhook in enumerate(settings.webhooks):
        sinks.append(WebhookSink(webhook, f"notify.webhooks.{index}", env))
    for index, target in enumerate(settings.apprise):
        sinks.append(AppriseSink(target, f"notify.apprise.{index}", env))
    return sinks
