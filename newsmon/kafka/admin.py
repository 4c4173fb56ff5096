"""Creating newsmon's topics at start-up, so producers never depend on broker auto-creation."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    replication_factor: int
    configs: Mapping[str, str] = field(default_factory=dict)


def compacted(name: str, partitions: int, replication_factor: int) -> TopicSpec:
    """A topic that keeps the latest value per key (resume state, registries)."""
    configs = {"cleanup.policy": "compact", "min.compaction.lag.ms": "60000"}
    return TopicSpec(name, partitions, replication_factor, configs)


async def ensure_topics(
    bootstrap: str, specs: Iterable[TopicSpec], *, attempts: int = 30, client_id: str = "newsmon"
) -> list[str]:
    """Create the topics that do not exist yet; return the names created.

    Retries the connection for a while because a broker that was just started may still be
    electing its controller; raises KafkaConnectionError when it never answers.
    """
    wanted = {spec.name: spec for spec in specs}
    for attempt in range(1, attempts + 1):
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id=client_id)
        try:
            await admin.start()
            existing = set(await admin.list_topics())
            missing = [spec for name, spec in wanted.items() if name not in existing]
            if missing:
                new = [
                    NewTopic(
                        name=spec.name,
                        num_partitions=spec.partitions,
                        replication_factor=spec.replication_factor,
                        topic_configs=dict(spec.configs),
                    )
                    for spec in missing
                ]
                # Another process may create them between our list and create: that is fine.
                with contextlib.suppress(TopicAlreadyExistsError):
                    await admin.create_topics(new)
                await _until_led(admin, [spec.name for spec in missing])
            return [spec.name for spec in missing]
        except KafkaConnectionError:
            if attempt == attempts:
                raise
            log.info("Kafka at %s not answering yet (attempt %d)", bootstrap, attempt)
            await asyncio.sleep(1.0)
        finally:
            await admin.close()
    return []


async def _until_led(admin: AIOKafkaAdminClient, names: list[str], timeout_s: float = 10.0) -> None:
    """Wait (at most `timeout_s`) until every partition of the new topics has a leader, so the
    clients that start next do not meet a partition still electing one (aiokafka logs each such
    fetch as an error)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while asyncio.get_running_loop().time() < deadline:
        described = await admin.describe_topics(names)
        if all(
            not topic.get("error_code")
            and topic.get("partitions")
            and all(p.get("leader", -1) >= 0 for p in topic["partitions"])
            for topic in described
        ):
            return
        await asyncio.sleep(0.1)
    log.info("topics %s still without a leader after %.0f s", ", ".join(names), timeout_s)
