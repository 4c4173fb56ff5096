"""The topics one notifier reads and writes (prefixed for tests and isolated runs)."""

from __future__ import annotations

from dataclasses import dataclass

from newsmon.contract.topics import ALERTS, NOTIFY_DEADLETTER, NOTIFY_DELIVERIES
from newsmon.kafka.admin import TopicSpec, compacted

# Ledger entries outlive the alerts they settle (newsmon.alerts keeps 7 days): an alert that can
# no longer be replayed needs no entry, so the ledger is compacted and also expires after this.
LEDGER_RETENTION_MS = 14 * 24 * 3600 * 1000


@dataclass(frozen=True, slots=True)
class NotifyTopics:
    alerts: str
    deliveries: str
    deadletter: str

    @classmethod
    def with_prefix(cls, prefix: str = "") -> NotifyTopics:
        return cls(prefix + ALERTS, prefix + NOTIFY_DELIVERIES, prefix + NOTIFY_DEADLETTER)

    def specs(self, partitions: int, replication_factor: int) -> list[TopicSpec]:
        return [
            TopicSpec(self.alerts, partitions, replication_factor),
            self._ledger(partitions, replication_factor),
            TopicSpec(self.deadletter, partitions, replication_factor),
        ]

    def _ledger(self, partitions: int, replication_factor: int) -> TopicSpec:
        spec = compacted(self.deliveries, partitions, replication_factor)
        configs = {**spec.configs, "cleanup.policy": "compact,delete",
                   "retention.ms": str(LEDGER_RETENTION_MS)}  # fmt: skip
        return TopicSpec(spec.name, partitions, replication_factor, configs)
