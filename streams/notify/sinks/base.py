"""The one role every sink plays: send one delivery and return once the endpoint acknowledged it.

Retrying, the ledger, dead letters and metrics live in `streams.notify.runner`, the same for
every sink; a sink only talks to its endpoint and says how an attempt failed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from newsmon.contract.alert import Alert
from newsmon.errors import NewsmonError
from streams.notify.settings import SinkSettings


class SinkSetupError(NewsmonError, ValueError):
    """A sink cannot start (its secret is missing or malformed); names the field, not the value."""


class DeliveryFailed(NewsmonError):
    """An attempt was not acknowledged.

    `reason` is safe to log and to put in a dead letter: it never holds a URL or a secret.
    `retryable` False means another attempt cannot succeed (a 4xx other than 408/429).
    `retry_after_s` is the endpoint's own Retry-After, when it gave one.
    """

    def __init__(
        self, reason: str, *, retryable: bool = True, retry_after_s: float | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after_s = retry_after_s


@dataclass(frozen=True, slots=True)
class Delivery:
    """What one send carries: one alert, or a digest's alerts, under a stable id."""

    id: str
    alerts: tuple[Alert, ...]


class Sink(ABC):
    """An endpoint alerts are delivered to, named by its configuration."""

    def __init__(self, settings: SinkSettings, name: str) -> None:
        self.settings = settings
        self.name = name

    @abstractmethod
    async def send(self, delivery: Delivery) -> None:
        """Deliver; return once acknowledged, raise DeliveryFailed otherwise."""

    def forget(self, delivery_id: str) -> None:  # noqa: B027 - optional hook
        """Drop what the sink remembers of a delivery that was given up; the default has none."""

    async def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections; the default has none."""
