"""Where articles a worker test found missing got lost, for the failure message.

For each missing article: its raw position, and every enriched record made from it (stage 1
did its part) with that record's offset; with the group's committed offsets beside them, the
message tells which stage passed the article over and whether a commit went past it."""

from __future__ import annotations

import json

import orjson

from streams.channels import TopicNames
from tests.support.kafka_io import Record, collect, committed_offsets


async def _everything(bootstrap: str, topic: str) -> list[Record]:
    """What `topic` holds now (read until nothing new came for 2 s)."""
    return await collect(bootstrap, topic, until=lambda records: True, settle_s=2.0,
                         timeout_s=30.0)  # fmt: skip


async def loss_trail(bootstrap: str, group: str, names: TopicNames, missing: set[str]) -> str:
    """A few lines: per missing article id, the raw position and the enriched offsets made
    from it; then the group's committed offsets on the raw and enriched topics."""
    raw_of: dict[str, tuple[int, int]] = {}
    for record in await _everything(bootstrap, names.raw):
        article_id = json.loads(record.value).get("id")
        if article_id in missing:
            raw_of[article_id] = (record.partition, record.offset)
    enriched_at: dict[tuple[int, int], list[int]] = {}
    for record in await _everything(bootstrap, names.enriched):
        fields = orjson.loads(record.value)
        enriched_at.setdefault((fields[-3], fields[-2]), []).append(record.offset)
    lines = []
    for article_id in sorted(missing, key=lambda a: raw_of.get(a, (-1, -1)))[:20]:
        position = raw_of.get(article_id)
        made = enriched_at.get(position, []) if position else []
        lines.append(f"  {article_id}: raw {position}, enriched offsets {made or 'none'}")
    if len(missing) > 20:
        lines.append(f"  ... and {len(missing) - 20} more")
    committed = await committed_offsets(bootstrap, group)
    mine = {tp: offset for tp, offset in committed.items()
            if tp[0] in (names.raw, names.enriched)}  # fmt: skip
    lines.append(f"  committed: {dict(sorted(mine.items()))}")
    return "lost articles, where:\n" + "\n".join(lines)
