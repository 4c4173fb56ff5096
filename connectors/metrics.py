"""Every Prometheus metric of the connector, in one place.

Labels are bounded (outcome, state, kind: small fixed sets, never a URL) and every label value
is created at zero when the module is imported, so dashboards show flat lines, not gaps.
`serve(port)` exposes the default registry on /metrics with prometheus_client's own server.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

from connectors.state import FeedStatus

# Outcomes of a fetch: success kinds plus every FeedErrorKind value (kept in step with
# connectors/fetch/errors.py; an unknown kind is counted as "other" rather than as a new label).
FETCH_OUTCOMES: tuple[str, ...] = (
    "ok",
    "not_modified",
    "timeout",
    "dns",
    "connect",
    "tls",
    "http_4xx",
    "http_429",
    "http_5xx",
    "too_large",
    "not_a_feed",
    "parse_error",
    "blocked_address",
    "too_many_redirects",
    "bad_url",
    "protocol",
    "internal",
    "other",
)
# refused: not stored (not our feed, unreadable, Kafka slow, too busy); the hub retries.
WEBSUB_OUTCOMES: tuple[str, ...] = (
    "accepted",
    "bad_signature",
    "unknown_topic",
    "parse_error",
    "refused",
)

FETCHES = Counter("newsmon_connector_fetches_total", "Feed fetches by outcome", ["outcome"])
FETCH_BYTES = Counter("newsmon_connector_fetch_bytes_total", "Bytes received from feeds")
FETCH_SECONDS = Histogram(
    "newsmon_connector_fetch_duration_seconds",
    "Time to fetch one feed (HTTP only)",
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
PARSE_SECONDS = Histogram(
    "newsmon_connector_parse_duration_seconds",
    "Time to parse and normalise one feed body",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5),
)
FEEDS = Gauge("newsmon_connector_feeds", "Feeds owned by this connector, by state", ["state"])
PUBLISHED = Counter("newsmon_connector_articles_published_total", "Articles acknowledged by Kafka")
DUPLICATES = Counter(
    "newsmon_connector_duplicates_suppressed_total",
    "Entries not published again because the feed's state had already seen them",
)
PUBLISH_RETRIES = Counter(
    "newsmon_connector_publish_retries_total", "Batches sent again after a Kafka error"
)
RECORDS_REJECTED = Counter(
    "newsmon_connector_records_rejected_total",
    "Records Kafka refused for their size, skipped rather than retried for ever",
)
WEBSUB_DELIVERIES = Counter(
    "newsmon_connector_websub_deliveries_total", "Content pushed by WebSub hubs", ["outcome"]
)

# Looked up once: labels() takes a lock and builds a key at every call, once per fetch.
_FETCHES_BY_OUTCOME = {outcome: FETCHES.labels(outcome=outcome) for outcome in FETCH_OUTCOMES}
for _status in FeedStatus:
    FEEDS.labels(state=_status.value)
for _outcome in WEBSUB_OUTCOMES:
    WEBSUB_DELIVERIES.labels(outcome=_outcome)


def count_fetch(outcome: str) -> None:
    _FETCHES_BY_OUTCOME.get(outcome, _FETCHES_BY_OUTCOME["other"]).inc()


def set_feed_states(counts: dict[FeedStatus, int]) -> None:
    for status in FeedStatus:
        FEEDS.labels(state=status.value).set(counts.get(status, 0))


def serve(port: int, addr: str = "127.0.0.1") -> None:
    """Serve /metrics on `addr`:`port` in a daemon thread; port 0 disables it."""
    if port:
        start_http_server(port, addr=addr)
