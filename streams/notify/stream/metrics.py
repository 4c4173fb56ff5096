"""Prometheus metrics of the live stream (SSE), in the registry the notifier passes in.

Labels are bounded: `stream` is `alerts` or a configured topic name, `reason` one of the
fixed values below; every label value starts at zero so dashboards show flat lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

from prometheus_client import CollectorRegistry, Counter, Gauge

# client: the client went away; slow: its buffer filled (it stopped reading);
# stalled: one write waited longer than the send timeout; shutdown: the server stopped;
# error: Kafka failed under the connection (the client reconnects with its Last-Event-ID).
DisconnectReason = Literal["client", "slow", "stalled", "shutdown", "error"]
DISCONNECT_REASONS: tuple[str, ...] = get_args(DisconnectReason)
# Requests answered with an error status instead of a stream.
RefusalReason = Literal["unauthorized", "unknown_topic", "bad_request", "unavailable"]
REFUSAL_REASONS: tuple[str, ...] = get_args(RefusalReason)


class StreamMetrics:
    """Counters and gauges of one SSE server; `registry` is where they are registered."""

    def __init__(self, streams: Iterable[str], registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry(auto_describe=True)
        names = tuple(streams)
        self.clients = Gauge(
            "newsmon_stream_clients",
            "Clients connected to the live stream, by stream (alerts or a topic name)",
            ["stream"],
            registry=self.registry,
        )
        self.events = Counter(
            "newsmon_stream_events",
            "Records sent to stream clients, by stream",
            ["stream"],
            registry=self.registry,
        )
        self.disconnects = Counter(
            "newsmon_stream_disconnects",
            "Stream connections ended, by reason (client, slow, stalled, shutdown, error)",
            ["reason"],
            registry=self.registry,
        )
        self.refused = Counter(
            "newsmon_stream_refused",
            "Stream requests answered with an error status, by reason",
            ["reason"],
            registry=self.registry,
        )
        self.skipped = Counter(
            "newsmon_stream_records_skipped",
            "Records not sent because they are not UTF-8 text (or are tombstones); logged",
            ["stream"],
            registry=self.registry,
        )
        for name in names:
            self.clients.labels(name)
            self.events.labels(name)
            self.skipped.labels(name)
        for reason in DISCONNECT_REASONS:
            self.disconnects.labels(reason)
        for reason in REFUSAL_REASONS:
            self.refused.labels(reason)
