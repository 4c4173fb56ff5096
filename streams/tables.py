"""The worker's durable state: faust Tables backed by compacted changelog topics.

- `dedupe`: the store of `streams.dedupe.index.DedupeIndex` (article id -> its fingerprint
  keys and story, one entry per article; the index rebuilds its lookups after each recovery).
- `stories`: story id -> `streams.stories.StoryState` as JSON (its articles, outlets, topics
  and the alerts it raised), so that a story alerts once per topic and kind even across restarts.
- `bursts`: the state of `streams.bursts.detector.BurstDetector`: per topic, a summary under
  the topic's name (new stories per minute, the bursts raised) and its new stories of the last
  baseline and window, by event time, in one bucket per hour (`<topic>@<hour>`).

Every table uses the producer's partitioner (`use_partitioner=True`), so a delete written by
the expiry timer (which runs outside any stream) tombstones the very record it removes.

The tables hold ONE partition, co-partitioned with the single-partition enriched topic that
stage 2 reads (faust assigns a table's partition N with its agent's source partition N): the
worker that owns stage 2 holds the whole state, so near-duplicates are recognised and a story
alerts once whichever worker read each copy from the raw topic; the group's other workers keep
standby copies (`table_standby_replicas`) and one of them takes over. (The names differ from
the earlier per-raw-partition tables `dedupe`, `stories` and `bursts`, whose changelogs had
`kafka.partitions` partitions: an upgraded worker starts with fresh state.) With the default
`memory://` store each start replays the changelogs; they are compacted, so that stays short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import faust
from faust.types import TableT

from newsmon.kafka.settings import KafkaSettings


@dataclass(frozen=True, slots=True)
class Tables:
    dedupe: TableT[str, Any]
    stories: TableT[str, Any]
    bursts: TableT[str, Any]


STATE_PARTITIONS = 1  # see the module's docstring; equal to the enriched topic's


def _table(app: faust.App, name: str, help_text: str) -> TableT[str, Any]:
    return app.Table(
        name,
        default=None,
        # key_type str and no value_type: faust then writes JSON keys and values.
        key_type=str,
        partitions=STATE_PARTITIONS,
        use_partitioner=True,
        help=help_text,
    )


def declare_tables(app: faust.App, kafka: KafkaSettings) -> Tables:
    """Declare the worker's tables on `app` (their changelogs are `<app_id>-<name>-changelog`;
    their replication is `kafka.replication_factor`, faust's `topic_replication_factor`)."""
    return Tables(
        dedupe=_table(app, "dedupe1", "de-duplication fingerprints"),
        stories=_table(app, "stories1", "stories and the topics they alerted"),
        bursts=_table(app, "bursts1", "per topic: recent new stories and bursts"),
    )
