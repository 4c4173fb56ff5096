"""Back-off between delivery attempts: exponential with full jitter, honouring Retry-After."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_MAX_RETRY_AFTER_S = 24 * 3600.0


def backoff_s(attempt: int, initial_s: float, max_s: float, rng: random.Random) -> float:
    """The pause after failed attempt number `attempt` (1-based): up to initial*2^(n-1), capped.

    Jitter (a uniform draw in the upper half) keeps many notifiers from retrying in step.
    """
    ceiling = min(max_s, initial_s * 2 ** min(attempt - 1, 30))
    return rng.uniform(ceiling / 2, ceiling)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent
    or unreadable. Capped at a day so a hostile value cannot park a sink for ever."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), _MAX_RETRY_AFTER_S)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), _MAX_RETRY_AFTER_S)
