"""The topics one notifier reads and writes (prefixed for tests and isolated runs)."""

from __future__ import annotations

from dataclasses import dataclass

from newsmon.contract.topics import ALERTS, NOTIFY_DEADLETTER, NOTIFY_DELIVERIES
from newsmon.kafka.admin import TopicSpec, compacted


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
            compacted(self.deliveries, partitions, replication_factor),
            TopicSpec(self.deadletter, partitions, replication_factor),
        ]
