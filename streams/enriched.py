"""The internal record between the worker's two stages, on `newsmon.articles.enriched`.

Stage 1 (`streams.agents.enrich`) writes one per decodable raw article, keyed like the raw
record: the cleaned article, its fingerprint (content hash and LSH band keys), its topic
matches with their exact scores (the alert rules compare them unrounded) and themes, and the
raw record's partition and offset. Stage 2 (`streams.agents.classify`) de-duplicates with the
fingerprint and decides stories and alerts; it hands the RAW position to the de-duplication
index, which is what tells a replay after a crash from the same article published again
(`streams.dedupe.index`): the enriched record's own offset differs for each stage-1 replay.

The value is one compact JSON array (orjson), its fields by position:

    [version, article, content_hash, band_keys, topics, themes, partition, offset, keyless]

`article` is the Article's wire object, `topics` a list of `[name, score, evidence]` with
evidence `[term, field, start, end, weight]`, `keyless` true when the raw record had no key
(the enriched record is then keyed by b""). The raw topic's name is not carried: it is the
worker's own (`TopicNames.raw`). The encoding is deterministic (no clock, fixed order), so a
stage-1 replay writes the very bytes it wrote the first time. Not a public contract: the
version changes whenever the layout does, and stage 2 dead-letters a record of another one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from newsmon.contract import Article, ContractError
from newsmon.contract.records import Evidence, TopicMatch
from streams.dedupe.fingerprint import Fingerprint
from streams.dedupe.index import Position
from streams.pipeline import Enriched, dedupe_text

VERSION = 2  # 1: the first two-stage layout (an object with named fields), never released
_FIELDS = 9


@dataclass(frozen=True, slots=True)
class EnrichedRecord:
    """`enriched` (with its fingerprint) of the raw record at `position` (partition, offset).

    `wire` is the article's wire object as decoded, so that stage 2 can write the article
    again without encoding it field by field (`Article.to_dict` gives the same object)."""

    enriched: Enriched
    position: Position
    keyless: bool
    wire: dict[str, Any]

    @staticmethod
    def encode(enriched: Enriched, position: Position, keyless: bool) -> bytes:
        """The record's bytes; raises ValueError when `enriched` has no fingerprint."""
        print_ = enriched.fingerprint
        if print_ is None:
            raise ValueError("an enriched record needs the article's fingerprint")
        topics = [
            [m.name, m.score, [[e.term, e.field, e.start, e.end, e.weight] for e in m.evidence]]
            for m in enriched.topics
        ]
        return orjson.dumps([
            VERSION, enriched.article.to_dict(), print_.content_hash, print_.band_keys, topics,
            enriched.themes, position[0], position[1], keyless,
        ])  # fmt: skip

    @classmethod
    def decode(cls, value: bytes) -> EnrichedRecord:
        """Decode what `encode` wrote; raises ContractError naming what is wrong."""
        try:
            data = orjson.loads(value)
        except orjson.JSONDecodeError as exc:
            raise ContractError(f"not JSON: {exc}") from exc
        if not isinstance(data, list) or len(data) != _FIELDS or data[0] != VERSION:
            raise ContractError(f"an enriched record must be a list of {_FIELDS} fields, the "
                                f"first {VERSION} (its layout version)")  # fmt: skip
        try:
            wire = data[1]
            if not isinstance(wire, dict):
                raise TypeError("the article must be an object")
            article = Article.from_dict(wire)
            print_ = Fingerprint(_str(data[2]), tuple(map(_str, data[3])))
            topics = tuple(
                TopicMatch(_str(name), float(score), _evidence(found))
                for name, score, found in data[4]
            )
            themes = tuple(map(_str, data[5]))
            position = (_int(data[6]), _int(data[7]))
            keyless = data[8] is True
        except (TypeError, ValueError) as exc:
            raise ContractError(f"malformed enriched record: {type(exc).__name__}: {exc}") from exc
        # The index's text is derived, not carried: it follows from the cleaned fields.
        enriched = Enriched(article, dedupe_text(article), print_, topics, themes)
        return cls(enriched, position, keyless, wire)


def _evidence(found: Any) -> tuple[Evidence, ...]:
    return tuple(Evidence(_str(t), f, _int(s), _int(e), float(w)) for t, f, s, e, w in found)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value
