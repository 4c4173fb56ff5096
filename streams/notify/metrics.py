"""Every Prometheus metric of the notifier, in one place.

Labels are bounded: the sink's configured name and a small fixed set of outcomes, never a URL
or an alert id. `init_sinks` creates every label value at zero, so dashboards show flat lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import Counter, Histogram, start_http_server

# delivered: acknowledged by the endpoint; duplicate: already acknowledged before (the ledger or
# a replayed alert with the same id), not sent again; dead_letter: given up, in the dead-letter
# topic; filtered: the sink's topics/kinds/min_severity exclude the alert.
OUTCOMES: tuple[str, ...] = ("delivered", "duplicate", "dead_letter", "filtered")

DELIVERIES = Counter(
    "newsmon_notify_deliveries_total",
    "Alerts settled per sink, by outcome",
    ["sink", "outcome"],
)
DELIVERY_SECONDS = Histogram(
    "newsmon_notify_delivery_seconds",
    "From the alert's created_at to the endpoint's acknowledgement",
    ["sink"],
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600),
)
RETRIES = Counter(
    "newsmon_notify_retries_total", "Delivery attempts that failed and were retried", ["sink"]
)
DEAD_LETTERS = Counter(
    "newsmon_notify_dead_letters_total",
    "Deliveries given up and written to the dead-letter topic (undecodable alerts: sink '-')",
    ["sink"],
)
UNDECODABLE_SINK = "-"


def init_sinks(names: Iterable[str]) -> None:
    """Create every label value of these sinks at zero."""
    for name in names:
        for outcome in OUTCOMES:
            DELIVERIES.labels(name, outcome)
        DELIVERY_SECONDS.labels(name)
        RETRIES.labels(name)
        DEAD_LETTERS.labels(name)
    DEAD_LETTERS.labels(UNDECODABLE_SINK)


def serve(port: int, host: str = "127.0.0.1") -> None:
    """Serve the default registry on http://host:port/metrics (0: not at all)."""
    if port:
        start_http_server(port, addr=host)
