"""The schedule is pure: every test fixes the clock and the dice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from connectors.schedule import (
    RETRY_AFTER_CAP_S,
    Bounds,
    after_failure,
    after_success,
    backoff_s,
    is_due,
    rate_interval,
)
from connectors.state import DEAD_AFTER_FAILURES, FeedState, FeedStatus

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BOUNDS = Bounds(min_interval_s=60.0, max_interval_s=3600.0)


def middle() -> float:
    return 0.5  # jitter factor 1.0 on success; 0.9 on failure


def lowest() -> float:
    return 0.0


def highest() -> float:
    return 0.999999


def fresh() -> FeedState:
    return FeedState.initial("https://example.test/feed.xml")


def entries_every(minutes: float, count: int, newest_age_min: float = 0) -> list[datetime]:
    newest = NOW - timedelta(minutes=newest_age_min)
    return [newest - timedelta(minutes=minutes * i) for i in range(count)]


def test_a_feed_publishing_every_ten_minutes_is_polled_every_five() -> None:
    state = after_success(fresh(), NOW, BOUNDS, middle, published=entries_every(10, 12))
    assert state.interval_s == 300.0
    assert state.next_due == NOW + timedelta(seconds=300)


def test_a_busy_feed_is_never_polled_faster_than_the_minimum_interval() -> None:
    state = after_success(fresh(), NOW, BOUNDS, middle, published=entries_every(0.5, 12))
    assert state.interval_s == BOUNDS.min_interval_s


def test_a_feed_silent_for_days_drifts_to_the_maximum_interval() -> None:
    published = entries_every(10, 12, newest_age_min=3 * 24 * 60)
    state = after_success(fresh(), NOW, BOUNDS, middle, published=published)
    assert state.interval_s == BOUNDS.max_interval_s


def test_rate_needs_two_dated_entries() -> None:
    assert rate_interval([NOW], NOW) is None
    assert rate_interval([], NOW) is None


def test_without_dates_the_interval_grows_when_nothing_new_and_shrinks_when_something_is() -> None:
    quiet = after_success(fresh().evolve(interval_s=600.0), NOW, BOUNDS, middle, new_entries=0)
    assert quiet.interval_s == 900.0
    busy = after_success(fresh().evolve(interval_s=600.0), NOW, BOUNDS, middle, new_entries=3)
    assert busy.interval_s == 300.0


def test_cache_control_or_ttl_is_a_lower_bound() -> None:
    published = entries_every(1, 12)
    state = after_success(fresh(), NOW, BOUNDS, middle, published=published, publisher_min_s=1800)
    assert state.interval_s == 1800.0


def test_a_publisher_hint_above_the_maximum_is_capped_at_the_maximum() -> None:
    state = after_success(fresh(), NOW, BOUNDS, middle, publisher_min_s=86_400.0)
    assert state.interval_s == BOUNDS.max_interval_s


def test_success_jitter_stays_within_ten_percent() -> None:
    published = entries_every(10, 12)
    early = after_success(fresh(), NOW, BOUNDS, lowest, published=published)
    late = after_success(fresh(), NOW, BOUNDS, highest, published=published)
    assert early.next_due == NOW + timedelta(seconds=270)
    assert late.next_due is not None
    assert abs((late.next_due - NOW).total_seconds() - 330) < 0.01


def test_success_clears_failures_and_records_the_time() -> None:
    failing = fresh().evolve(failures=4, last_error="timeout")
    state = after_success(failing, NOW, BOUNDS, middle)
    assert (state.failures, state.last_error, state.last_success) == (0, None, NOW)
    assert state.status is FeedStatus.OK


def test_failures_back_off_exponentially_up_to_the_maximum() -> None:
    delays = [backoff_s(n, BOUNDS, lowest) for n in range(1, 10)]
    assert delays[:4] == [60.0, 120.0, 240.0, 480.0]
    assert delays[-1] == BOUNDS.max_interval_s
    assert delays == sorted(delays)


def test_backoff_jitter_lands_between_eighty_and_hundred_percent() -> None:
    assert backoff_s(3, BOUNDS, highest) > 0.8 * 240 - 0.01
    assert backoff_s(3, BOUNDS, highest) < 240 * 0.81


def test_retry_after_is_honoured_even_beyond_the_backoff() -> None:
    state = after_failure(fresh(), NOW, BOUNDS, lowest, error_kind="http_429", retry_after_s=7200)
    assert state.next_due == NOW + timedelta(seconds=7200)
    assert state.last_error == "http_429"


def test_an_absurd_retry_after_is_capped_at_a_day() -> None:
    state = after_failure(fresh(), NOW, BOUNDS, lowest, error_kind="http_5xx", retry_after_s=1e9)
    assert state.next_due == NOW + timedelta(seconds=RETRY_AFTER_CAP_S)


def test_a_long_dead_feed_is_still_retried_at_the_maximum_interval() -> None:
    state = fresh()
    for _ in range(DEAD_AFTER_FAILURES + 5):
        state = after_failure(state, NOW, BOUNDS, lowest, error_kind="dns")
    assert state.status is FeedStatus.DEAD
    assert state.next_due == NOW + timedelta(seconds=BOUNDS.max_interval_s)


def test_failure_keeps_the_interval_and_validators() -> None:
    before = fresh().evolve(interval_s=600.0, etag='"v1"', last_modified="Sun, 01 Mar 2026")
    after = after_failure(before, NOW, BOUNDS, middle, error_kind="timeout")
    kept = (after.interval_s, after.etag, after.last_modified)
    assert kept == (600.0, '"v1"', before.last_modified)


def test_a_new_feed_is_due_at_once_and_a_scheduled_one_only_when_its_time_comes() -> None:
    assert is_due(fresh(), NOW)
    later = fresh().evolve(next_due=NOW + timedelta(seconds=1))
    assert not is_due(later, NOW)
    assert is_due(later, NOW + timedelta(seconds=1))
