"""What the notifier writes to Kafka: the delivery ledger and its dead letters.

The ledger (`newsmon.notify.deliveries`, compacted) has one record per sink and alert, keyed
`<sink>/<alert id>`, written once the endpoint acknowledged the alert (or it was dead-lettered)
and before the alert's offset is committed. A first failed attempt also writes one keyed
`<sink>/<alert id>/failing`, with the time of that attempt: the `give_up_after_s` clock runs
from it across restarts of the notifier, and of whichever instance takes the partition over.
A dead letter (`newsmon.notify.deadletter`, keyed by alert id) carries the alert, the sink,
the reason and when the notifier gave up.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from newsmon.contract.timefmt import format_utc, parse_utc

LEDGER_SCHEMA_VERSION = 1
DEADLETTER_SCHEMA_VERSION = 1
Settled = Literal["delivered", "dead_letter"]


def ledger_key(sink: str, alert_id: str) -> bytes:
    return f"{sink}/{alert_id}".encode()


def _ledger_json(sink: str, alert_id: str, outcome: str, **fields: str) -> bytes:
    """A ledger entry's value: the same head for every kind, then the kind's own fields."""
    head = {"schema_version": LEDGER_SCHEMA_VERSION, "sink": sink, "alert_id": alert_id}
    return json.dumps({**head, "outcome": outcome, **fields}, separators=(",", ":")).encode()


FAILING_SUFFIX = b"/failing"


def failing_key(sink: str, alert_id: str) -> bytes:
    return ledger_key(sink, alert_id) + FAILING_SUFFIX


@dataclass(frozen=True, slots=True)
class FailingEntry:
    """When a sink's first attempt at an alert failed (the start of its give-up clock)."""

    sink: str
    alert_id: str
    since: datetime

    def key(self) -> bytes:
        return failing_key(self.sink, self.alert_id)

    def to_json(self) -> bytes:
        return _ledger_json(self.sink, self.alert_id, "failing", since=format_utc(self.since))

    @classmethod
    def from_json(cls, raw: bytes) -> FailingEntry:
        data = json.loads(raw)
        return cls(str(data["sink"]), str(data["alert_id"]), parse_utc(data["since"]))


def delivery_id(sink: str, alert_ids: list[str] | tuple[str, ...]) -> str:
    """The stable id of one delivery (the `webhook-id`): the same sink and alerts, the same id.

    A delivery repeated after a crash therefore carries the id the receiver saw before, so it
    can recognise the repeat.
    """
    digest = hashlib.sha256("\n".join([sink, *sorted(alert_ids)]).encode()).hexdigest()
    return f"msg_{digest[:32]}"


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    sink: str
    alert_id: str
    outcome: Settled
    delivery_id: str
    at: datetime

    def key(self) -> bytes:
        return ledger_key(self.sink, self.alert_id)

    def to_json(self) -> bytes:
        return _ledger_json(
            self.sink, self.alert_id, self.outcome,
            delivery_id=self.delivery_id, at=format_utc(self.at),
        )  # fmt: skip

    @classmethod
    def from_json(cls, raw: bytes) -> LedgerEntry:
        data = json.loads(raw)
        return cls(
            sink=str(data["sink"]),
            alert_id=str(data["alert_id"]),
            outcome=data["outcome"],
            delivery_id=str(data["delivery_id"]),
            at=parse_utc(data["at"]),
        )


@dataclass(frozen=True, slots=True)
class NotifyDeadLetter:
    """An alert one sink gave up on, or an alerts-topic record nobody could read (sink "-")."""

    sink: str
    alert_id: str | None
    reason: str
    attempts: int
    failed_at: datetime
    alert: dict[str, Any] | None  # the alert as JSON; None when it could not be decoded
    source: dict[str, Any]  # topic, partition, offset of the alert record

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "schema_version": DEADLETTER_SCHEMA_VERSION,
                "sink": self.sink,
                "alert_id": self.alert_id,
                "reason": self.reason,
                "attempts": self.attempts,
                "failed_at": format_utc(self.failed_at),
                "alert": self.alert,
                "source": self.source,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
