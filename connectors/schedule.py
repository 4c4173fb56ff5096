"""When to poll a feed next: pure functions of its state, the poll's outcome, a clock and dice.

Success: the interval follows the feed's observed publishing rate (half the average gap between
its recent entries, so a new entry waits on average a quarter of a gap), bounded below by
`min_interval_s` and by what the publisher asked for (Cache-Control/Expires, RSS `<ttl>`), and
above by `max_interval_s`. Without dated entries it halves after a poll that found something
new and grows by half after one that did not.

Failure: exponential backoff from `min_interval_s`, capped at `max_interval_s`, with jitter so
that feeds failing together do not retry together; a Retry-After is honoured (up to a day).
A feed is never given up: once dead it is retried at about `max_interval_s` for ever.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from connectors.state import FeedState

Random = Callable[[], float]  # uniform in [0, 1), e.g. random.random

RETRY_AFTER_CAP_S = 86_400.0  # a publisher may ask for a day of silence, not a month
_RATE_SAMPLE = 20  # newest dated entries used to estimate the publishing rate
_SUCCESS_JITTER = 0.1  # +-10 %: spreads feeds that were added together
_FAILURE_JITTER = 0.2  # backoff lands in [80 %, 100 %] of its nominal value
_GROW = 1.5
_SHRINK = 0.5


@dataclass(frozen=True, slots=True)
class Bounds:
    """The interval limits of ConnectorSettings, in seconds."""

    min_interval_s: float
    max_interval_s: float

    def clamp(self, seconds: float) -> float:
        return min(self.max_interval_s, max(self.min_interval_s, seconds))


def rate_interval(published: Sequence[datetime], now: datetime) -> float | None:
    """Half the average gap between the newest dated entries; None with fewer than two.

    A feed that has gone quiet for longer than its usual gap is treated as publishing at
    most once per silence, so quiet feeds drift towards the longest interval.
    """
    newest = sorted(published, reverse=True)[:_RATE_SAMPLE]
    if len(newest) < 2:
        return None
    gap = (newest[0] - newest[-1]).total_seconds() / (len(newest) - 1)
    silence = (now - newest[0]).total_seconds()
    return max(gap, silence) / 2


def after_success(
    state: FeedState,
    now: datetime,
    bounds: Bounds,
    rng: Random,
    *,
    published: Sequence[datetime] = (),
    new_entries: int = 0,
    publisher_min_s: float | None = None,
) -> FeedState:
    """The state after a successful poll (200 or 304), with its next due time.

    `published`: dates of the feed's entries (only those the feed really gave);
    `publisher_min_s`: the larger of the HTTP cache lifetime and the RSS ttl, if any.
    """
    target = rate_interval(published, now)
    if target is None:
        previous = state.interval_s if state.interval_s is not None else bounds.min_interval_s
        target = previous * (_SHRINK if new_entries else _GROW)
    interval = bounds.clamp(target)
    if publisher_min_s is not None:
        interval = max(interval, min(publisher_min_s, bounds.max_interval_s))
    delay = interval * (1 + _SUCCESS_JITTER * (2 * rng() - 1))
    return state.evolve(
        interval_s=interval,
        next_due=now + timedelta(seconds=delay),
        failures=0,
        last_error=None,
        last_success=now,
    )


def backoff_s(failures: int, bounds: Bounds, rng: Random) -> float:
    """Delay before retry number `failures` (1 = first failure), jittered, never above max."""
    nominal = bounds.min_interval_s * 2.0 ** min(failures - 1, 32)
    capped = min(nominal, bounds.max_interval_s)
    return capped * (1 - _FAILURE_JITTER * rng())


def after_failure(
    state: FeedState,
    now: datetime,
    bounds: Bounds,
    rng: Random,
    *,
    error_kind: str,
    retry_after_s: float | None = None,
) -> FeedState:
    """The state after a failed poll: one more failure, the error kind, a backed-off due time.

    The interval and validators are kept, so recovery resumes where the feed left off.
    """
    failures = state.failures + 1
    delay = backoff_s(failures, bounds, rng)
    if retry_after_s is not None and retry_after_s > 0:
        delay = max(delay, min(retry_after_s, RETRY_AFTER_CAP_S))
    return state.evolve(
        failures=failures,
        last_error=error_kind,
        next_due=now + timedelta(seconds=delay),
    )


def is_due(state: FeedState, now: datetime) -> bool:
    return state.next_due is None or state.next_due <= now
