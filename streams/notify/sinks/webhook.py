"""`WebhookSink`: POST the Alert JSON, signed as the Standard Webhooks specification says.

Headers: `webhook-id` (the delivery's stable id, the same on every retry and after a restart),
`webhook-timestamp` (this attempt's time, in seconds) and `webhook-signature`
(`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, computed by the `standardwebhooks` package).
A 2xx is an acknowledgement; redirects are not followed.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from datetime import UTC, datetime

import aiohttp
from standardwebhooks.webhooks import Webhook

from streams.notify.retry import parse_retry_after
from streams.notify.settings import WebhookSettings
from streams.notify.sinks.base import Delivery, DeliveryFailed, Sink, SinkSetupError

# A receiver that answers these may succeed later; any other 4xx will not.
_RETRYABLE_4XX = {408, 425, 429}


def webhook_signer(settings: WebhookSettings, field: str, env: Mapping[str, str]) -> Webhook:
    """The signer for this sink's secret from the environment; errors name the variable only."""
    secret = env.get(settings.secret_env, "")
    if not secret.strip():
        raise SinkSetupError(f"{field}.secret_env: environment variable {settings.secret_env} "
                             "is not set")  # fmt: skip
    try:
        return Webhook(secret.strip())
    except Exception:
        raise SinkSetupError(
            f"{field}.secret_env: environment variable {settings.secret_env} does not hold a "
            "whsec_<base64> secret"
        ) from None


class WebhookSink(Sink):
    def __init__(
        self, settings: WebhookSettings, field: str, env: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(settings, settings.name)
        self.webhook = settings
        self._signer = webhook_signer(settings, field, os.environ if env is None else env)
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.webhook.timeout_s),
                headers={"User-Agent": "newsmon-notify"},
            )
        return self._session

    def signed_headers(self, delivery_id: str, body: bytes, now: datetime) -> dict[str, str]:
        return {
            "content-type": "application/json",
            "webhook-id": delivery_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": self._signer.sign(delivery_id, now, body),
        }

    async def send(self, delivery: Delivery) -> None:
        (alert,) = delivery.alerts  # a webhook carries one alert per request
        body = alert.to_json()
        headers = self.signed_headers(delivery.id, body, datetime.now(UTC))
        try:
            async with self._client().post(
                self.webhook.url, data=body, headers=headers, allow_redirects=False
            ) as response:
                status = response.status
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                await response.read()
        except TimeoutError:
            raise DeliveryFailed("timeout") from None
        except aiohttp.ClientError as exc:
            # The class name only: aiohttp's messages may quote the URL, which can hold a token.
            raise DeliveryFailed(f"network error ({type(exc).__name__})") from None
        except asyncio.CancelledError:
            raise
        if 200 <= status < 300:
            return
        retryable = status >= 500 or status in _RETRYABLE_4XX
        raise DeliveryFailed(f"HTTP {status}", retryable=retryable, retry_after_s=retry_after)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
