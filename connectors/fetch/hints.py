"""What a publisher's response headers say about when to ask again.

Pure functions of header values and "now", so they are tested without a server.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# A Retry-After longer than a day is either a mistake or a ban; either way we cap the
# wait we report, and the scheduler's own max interval takes over.
MAX_RETRY_AFTER_S = 86_400.0
_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)\"?", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|[,\s])(?:no-store|no-cache)\b", re.IGNORECASE)


def http_date(value: str) -> datetime | None:
    """An RFC 9110 HTTP-date (or any RFC 2822 date) as an aware UTC datetime, else None."""
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # "-0000" means UTC by RFC 2822
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After value: delta-seconds or an HTTP-date.

    A date in the past means "now" (0.0); an unreadable value means None (no hint).
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return min(float(text), MAX_RETRY_AFTER_S)
    moment = http_date(text)
    if moment is None:
        return None
    return min(max((moment - now).total_seconds(), 0.0), MAX_RETRY_AFTER_S)


def min_interval_seconds(
    cache_control: str | None,
    expires: str | None,
    date: str | None,
    now: datetime,
) -> float | None:
    """The freshness lifetime the publisher declared: a lower bound on the poll interval.

    Cache-Control max-age wins over Expires (as in RFC 9111). Expires counts from the
    response's Date header when there is one, so a skewed local clock does not matter.
    no-store / no-cache / an unreadable or past Expires give None: no lower bound.
    """
    if cache_control:
        if _NO_CACHE.search(cache_control):
            return None
        match = _MAX_AGE.search(cache_control)
        if match:
            return float(match.group(1))
    if not expires:
        return None
    expires_at = http_date(expires)
    if expires_at is None:
        return None
    origin = (http_date(date) if date else None) or now
    remaining = (expires_at - origin).total_seconds()
    return remaining if remaining > 0 else None
