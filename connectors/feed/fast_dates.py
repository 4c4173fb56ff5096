"""Feed dates as feedparser reads them, with the two common forms parsed without it.

feedparser's date parser tries a dozen formats in Python, ~10 us a date; nearly every feed
writes RFC 822 ("Tue, 03 Mar 2026 10:30:00 +0000") or W3C-DTF ("2026-03-03T10:30:00Z").
Those two exact forms are read here; every other string goes to feedparser, so the result
(a UTC struct_time, or None) is the same either way.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

from connectors.compat.feedparser import private

_parse_date = private("feedparser.datetimes", "_parse_date")

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_RFC822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) "
    r"(\d{2}):(\d{2}):(\d{2}) (?:([+-])(\d{2})(\d{2})|GMT|UTC)"
)
_W3DTF = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:Z|([+-])(\d{2}):(\d{2}))")


def _utc(
    parts: list[int], sign: str | None, hours: str | None, minutes: str | None
) -> time.struct_time:
    year, month, day, hour, minute, second = parts
    moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    if sign:
        offset = timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
        moment = moment - offset if sign == "+" else moment + offset
    return moment.utctimetuple()


def parse_date(value: str) -> time.struct_time | None:
    """The UTC time a feed date string means, exactly as feedparser's `_parse_date` says."""
    try:
        match = _RFC822.fullmatch(value)
        if match and match.group(2).lower() in _MONTHS:
            day, month, year, hh, mm, ss, sign, oh, om = match.groups()
            parts = [int(year), _MONTHS[month.lower()], int(day), int(hh), int(mm), int(ss)]
            return _utc(parts, sign, oh, om)
        match = _W3DTF.fullmatch(value)
        if match:
            *fields, sign, oh, om = match.groups()
            return _utc([int(f) for f in fields], sign, oh, om)
    except (ValueError, OverflowError):
        pass  # out-of-range fields: let feedparser decide what it makes of them
    result: time.struct_time | None = _parse_date(value)
    return result
