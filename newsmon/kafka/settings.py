"""Settings of newsmon's Kafka clients, shared by every service; validated at start-up."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class KafkaSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    bootstrap: str | None = Field(
        default=None,
        description="host:port[,host:port] of an existing cluster (env NEWSMON_KAFKA_BOOTSTRAP); "
        "unset: `newsmon run` starts a local broker",
    )
    partitions: int = Field(default=3, ge=1, description="partitions of the topics newsmon creates")
    replication_factor: int = Field(
        default=1, ge=1, description="replication of every topic newsmon creates, changelogs too"
    )
    client_id: str = Field(default="newsmon", min_length=1)
