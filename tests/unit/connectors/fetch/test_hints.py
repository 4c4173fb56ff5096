"""Header hints: Retry-After in both forms, Cache-Control max-age and Expires."""

from __future__ import annotations

from datetime import UTC, datetime

from connectors.fetch.hints import min_interval_seconds, retry_after_seconds

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def test_retry_after_in_seconds() -> None:
    assert retry_after_seconds("90", NOW) == 90.0


def test_retry_after_as_http_date_counts_from_now() -> None:
    assert retry_after_seconds("Tue, 03 Mar 2026 12:05:00 GMT", NOW) == 300.0


def test_retry_after_in_the_past_means_now_and_garbage_means_no_hint() -> None:
    assert retry_after_seconds("Tue, 03 Mar 2026 11:00:00 GMT", NOW) == 0.0
    assert retry_after_seconds("soon", NOW) is None
    assert retry_after_seconds(None, NOW) is None


def test_max_age_wins_over_expires() -> None:
    assert min_interval_seconds("max-age=600", "Tue, 03 Mar 2026 13:00:00 GMT", None, NOW) == 600.0


def test_expires_counts_from_the_response_date_not_our_clock() -> None:
    value = min_interval_seconds(
        None, "Tue, 03 Mar 2026 10:30:00 GMT", "Tue, 03 Mar 2026 10:00:00 GMT", NOW
    )
    assert value == 1800.0


def test_no_cache_and_past_expires_give_no_lower_bound() -> None:
    assert min_interval_seconds("no-cache, max-age=600", None, None, NOW) is None
    assert min_interval_seconds(None, "Tue, 03 Mar 2026 11:00:00 GMT", None, NOW) is None
    assert min_interval_seconds(None, "0", None, NOW) is None
