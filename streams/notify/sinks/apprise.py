"""`AppriseSink`: chat, push and e-mail through the Apprise library, one service per URL.

The URLs come only from the environment variable the configuration names. Each URL gets its own
Apprise object, so when one service of a sink fails, a retry goes only to the services that have
not acknowledged this delivery yet (remembered in memory per delivery id).
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Mapping

import apprise

from streams.notify.message import alert_body, alert_title, digest_body, digest_title
from streams.notify.settings import AppriseSettings
from streams.notify.sinks.base import Delivery, DeliveryFailed, Sink, SinkSetupError

_SEPARATORS = re.compile(r"[\s,]+")
_NOTIFY_TYPE = {
    "info": apprise.NotifyType.INFO,
    "warning": apprise.NotifyType.WARNING,
    "critical": apprise.NotifyType.FAILURE,
}


def apprise_targets(
    settings: AppriseSettings, field: str, env: Mapping[str, str]
) -> list[apprise.Apprise]:
    """One Apprise object per URL in the sink's variable; errors name the variable, never a URL."""
    urls = [u for u in _SEPARATORS.split(env.get(settings.urls_env, "")) if u]
    if not urls:
        raise SinkSetupError(f"{field}.urls_env: environment variable {settings.urls_env} "
                             "is not set or holds no URL")  # fmt: skip
    targets = []
    for number, url in enumerate(urls, start=1):
        target = apprise.Apprise()
        if not target.add(url):
            raise SinkSetupError(
                f"{field}.urls_env: URL number {number} in {settings.urls_env} is not one "
                "Apprise understands"
            )
        targets.append(target)
    return targets


class AppriseSink(Sink):
    def __init__(
        self, settings: AppriseSettings, field: str, env: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(settings, settings.name)
        self.apprise = settings
        self._targets = apprise_targets(settings, field, os.environ if env is None else env)
        # delivery id -> indexes of the targets that acknowledged it (this process only).
        self._done: dict[str, set[int]] = {}

    def render(self, delivery: Delivery) -> tuple[str, str]:
        """(title, body) of the message."""
        if len(delivery.alerts) == 1 and self.apprise.digest is None:
            (alert,) = delivery.alerts
            return alert_title(alert), alert_body(alert)
        return digest_title(delivery.alerts, self.apprise.digest or "digest"), digest_body(
            delivery.alerts
        )

    async def send(self, delivery: Delivery) -> None:
        title, body = self.render(delivery)
        worst = max(
            delivery.alerts, key=lambda a: ("info", "warning", "critical").index(a.severity)
        )
        done = self._done.setdefault(delivery.id, set())
        failed = 0
        for index, target in enumerate(self._targets):
            if index in done:
                continue
            try:
                result = await asyncio.wait_for(
                    target.async_notify(
                        body=body, title=title, notify_type=_NOTIFY_TYPE[worst.severity]
                    ),
                    timeout=self.apprise.timeout_s,
                )
                ok = bool(result)
            except TimeoutError:
                ok = False
            if ok:
                done.add(index)
            else:
                failed += 1
        if failed:
            raise DeliveryFailed(f"{failed} of {len(self._targets)} Apprise services failed")
        del self._done[delivery.id]

    def forget(self, delivery_id: str) -> None:
        self._done.pop(delivery_id, None)
