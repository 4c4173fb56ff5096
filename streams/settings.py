"""Settings of the stream worker, validated at start-up."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class WorkerSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    app_id: str = Field(
        default="newsmon-worker",
        min_length=1,
        description="faust app id and consumer group. Workers with the same app id form one "
        "group and decide as one worker would: they share the raw topic's partitions (stage 1), "
        "one of them holds the story state (stage 2) and the others keep standby copies",
    )
    topics_file: Path | None = Field(
        default=None, description="YAML file of topic definitions; unset: the packaged defaults"
    )
    web_host: str = Field(
        default="127.0.0.1",
        description="address /metrics binds; 0.0.0.0 in a container (env NEWSMON_LISTEN_HOST)",
    )
    web_port: int = Field(default=6066, ge=1, le=65535, description="serves /metrics")
    data_dir: Path | None = Field(
        default=None, description="faust data directory; unset: a temp dir"
    )
    session_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="how soon a dead worker's partitions move (Kafka's minimum is 6 s); a "
        "takeover after a SIGKILL waits this long, then for the rebalance and the replay of "
        "the dead worker's tables",
    )
    standby_replicas: int = Field(
        default=0,
        ge=0,
        description="faust's table_standby_replicas: how many other workers keep reading each "
        "table partition's changelog. With the memory:// table store a standby copy does not "
        "shorten a takeover (faust drops its entries at the next recovery and replays the "
        "changelog anyway), while reading every changelog record of the other workers cost a "
        "pool of two 40-80% more CPU per article (bench/bench_worker.py): off by default",
    )
    commit_interval_s: float = Field(default=1.0, gt=0)
    dedupe_ttl_s: float = Field(
        default=7 * 24 * 3600.0, gt=0, description="how long fingerprints are remembered"
    )
    topic_prefix: str = Field(
        default="",
        pattern=r"^[A-Za-z0-9._-]*$",
        description="for tests and isolated runs only: put before every topic name the WORKER "
        "reads and writes. The connectors do not use it (they always publish to the unprefixed "
        "newsmon.articles.raw), so a worker with a prefix consumes only what a test produces",
    )
    expire_interval_s: float = Field(
        default=60.0, gt=0, description="how often expired fingerprints and stories are dropped"
    )
