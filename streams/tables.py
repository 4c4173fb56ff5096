"""The worker's durable state: faust Tables backed by compacted changelog topics.

- `dedupe`: the store of `streams.dedupe.index.DedupeIndex` (article id -> its fingerprint
  keys and story, one entry per article; the index rebuilds its lookups after each recovery).
- `stories`: story id -> `streams.stories.StoryState` as JSON (its articles, outlets, topics
  and the alerts it raised), so that a story alerts once per topic and kind even across restarts.
- `bursts`: the state of `streams.bursts.detector.BurstDetector`: per topic, a summary under
  the topic's name (new stories per minute, the bursts raised) and its new stories of the last
  baseline and window, by event time, in one bucket per hour (`<topic>@<hour>`).

The tables use the producer's partitioner (`use_partitioner=True`): a key always lands in the
same changelog partition, whichever raw partition the article came from, so a delete written by
the expiry timer (which runs outside any stream) tombstones the very record it removes. A worker
holds the state of the partitions it owns: in a pool of workers, near-duplicate grouping and
one alert per story hold within each worker's partitions (README, "Running several workers").
With the default `memory://` store each start replays the changelogs; they are compacted, so
that stays short.
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


def _table(app: faust.App, name: str, kafka: KafkaSettings, help_text: str) -> TableT[str, Any]:
    return app.Table(
        name,
        default=None,
        # key_type str and no value_type: faust then writes JSON keys and values.
        key_type=str,
        partitions=kafka.partitions,
        use_partitioner=True,
        help=help_text,
    )


def declare_tables(app: faust.App, kafka: KafkaSettings) -> Tables:
    """Declare the worker's tables on `app` (their changelogs are `<app_id>-<name>-changelog`)."""
    return Tables(
        dedupe=_table(app, "dedupe", kafka, "de-duplication fingerprints"),
        stories=_table(app, "stories", kafka, "stories and the topics they alerted"),
        bursts=_table(app, "bursts", kafka, "per topic: recent new stories and bursts"),
    )
