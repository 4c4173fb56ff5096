"""Timestamps on the wire: timezone-aware UTC, ISO 8601, millisecond precision, `Z` suffix."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

# The worker writes a story's state and record once per article, each with every article's
# time: the same moments are formatted and parsed again and again.
_CACHED = 8192


def utc_now() -> datetime:
    return datetime.now(UTC)


@lru_cache(maxsize=_CACHED)
def format_utc(moment: datetime) -> str:
    """Render an aware datetime as `2026-01-31T12:00:00.000Z`; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: every timestamp must carry a time zone")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@lru_cache(maxsize=_CACHED)
def parse_utc(text: str) -> datetime:
    """Parse an ISO 8601 timestamp that carries an offset and return it in UTC."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no time zone")
    return moment.astimezone(UTC)
