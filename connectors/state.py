"""`FeedState`: everything a connector must remember about one feed to resume after a restart.

A feed is a partition with resume state: where to fetch it (the URL, updated on a permanent
redirect), the validators for a conditional GET, the ids of entries already published, when
it is next due and how the last polls went. States are immutable; each poll returns a new one.

They travel as JSON on the compacted topic `newsmon.feeds.state` in two records (schema 2):
- under the feed's identity (the URL it was configured with, which never changes even when
  `url` does): everything but the seen ids, a few hundred bytes, written after every poll;
- under `seen_ids_key(feed)`: the seen ids, up to some 35 KB, written only when they changed.
Schema 1 was one record under the feed's identity with the seen ids inside; it still loads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from newsmon.contract.timefmt import format_utc, parse_utc

STATE_SCHEMA_VERSION = 2  # 1: one record per feed, seen ids included; 2: seen ids apart
# Feed identities start with http:// or https:// (FeedConfig refuses anything else), so no
# feed's key can ever start with this.
SEEN_IDS_KEY_PREFIX = "seen-ids:"
SEEN_IDS_LIMIT = 1000  # a feed rarely lists more than a few hundred entries at once
DEAD_AFTER_FAILURES = 10  # with backoff capped at max_interval_s: many hours of failures


class FeedStatus(StrEnum):
    """How a feed is doing, as `feeds status` and the feeds-by-state metric report it."""

    NEW = "new"  # never polled
    OK = "ok"
    FAILING = "failing"
    DEAD = "dead"  # still retried at the longest interval, never given up


@dataclass(frozen=True, slots=True)
class FeedState:
    feed: str  # identity: the configured URL, the Kafka key
    url: str  # where to fetch now (differs from `feed` after a permanent redirect)
    etag: str | None = None
    last_modified: str | None = None
    seen_ids: tuple[str, ...] = ()  # oldest first; at most SEEN_IDS_LIMIT or the feed's length
    next_due: datetime | None = None  # None: due at once
    interval_s: float | None = None  # current polling interval; None until the first poll
    failures: int = 0  # consecutive
    last_error: str | None = None  # a FeedErrorKind value
    last_success: datetime | None = None
    websub_hub: str | None = None  # as the feed's latest document advertised it
    websub_topic: str | None = None
    websub_expires: datetime | None = None

    @classmethod
    def initial(cls, feed: str) -> FeedState:
        return cls(feed=feed, url=feed)

    @property
    def status(self) -> FeedStatus:
        if self.failures >= DEAD_AFTER_FAILURES:
            return FeedStatus.DEAD
        if self.failures > 0:
            return FeedStatus.FAILING
        if self.last_success is None:
            return FeedStatus.NEW
        return FeedStatus.OK

    def is_seen(self, article_id: str) -> bool:
        return article_id in self.seen_ids

    def with_seen(self, ids: Iterable[str], *, current: Sequence[str] = ()) -> FeedState:
        """This state with `ids` (oldest first) added to the seen ids, dropping the oldest
        beyond SEEN_IDS_LIMIT.

        `current`: every id of the document just read, newest first as feeds list them. They
        are all kept (the limit grows to their number), as an id dropped while the feed still
        lists it would be published again on every poll.
        """
        listed = list(dict.fromkeys(current))
        keep = set(listed)
        merged = [i for i in dict.fromkeys((*self.seen_ids, *ids)) if i not in keep]
        merged += reversed(listed)  # oldest first: the newest are the last to be dropped
        limit = max(SEEN_IDS_LIMIT, len(listed))
        return replace(self, seen_ids=tuple(merged[-limit:]))

    def evolve(self, **changes: Any) -> FeedState:
        return replace(self, **changes)

    def key(self) -> bytes:
        return self.feed.encode("utf-8")

    def seen_ids_key(self) -> bytes:
        return seen_ids_key(self.feed)

    def record_json(self) -> bytes:
        """The record under `key()`: every field but the seen ids."""
        # Spelled out, in field order: asdict() would deep-copy the seen ids left out here, and
        # even a loop over fields() costs more than the encoding, at every save.
        data = {
            "feed": self.feed,
            "url": self.url,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "next_due": _time_or_none(self.next_due),
            "interval_s": self.interval_s,
            "failures": self.failures,
            "last_error": self.last_error,
            "last_success": _time_or_none(self.last_success),
            "websub_hub": self.websub_hub,
            "websub_topic": self.websub_topic,
            "websub_expires": _time_or_none(self.websub_expires),
            "schema_version": STATE_SCHEMA_VERSION,
        }
        return json.dumps(data, separators=(",", ":")).encode("utf-8")

    def seen_ids_json(self) -> bytes:
        """The record under `seen_ids_key()`."""
        # "feed" is there for people reading the topic, and so that a schema-1 connector
        # (after a downgrade) takes it for the state of a feed nobody polls, not for garbage.
        data = {
            "feed": self.feed,
            "seen_ids": list(self.seen_ids),
            "schema_version": STATE_SCHEMA_VERSION,
        }
        return json.dumps(data, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_records(
        cls, feed: str, record: bytes | None, seen_ids: tuple[str, ...] | None
    ) -> FeedState:
        """The state stored for `feed`: the record under its key (either schema) and the ids
        of its seen-ids record (`decode_seen_ids`); either may be missing. Raises ValueError
        when the record is not a state. Unknown fields are ignored, so that an older connector
        can read a newer state.

        A record of schema 1 carries its own seen ids. They win over the seen-ids record: that
        was written before a downgrade, the schema-1 record after it.
        """
        if record is None:
            state, carries_seen_ids = cls.initial(feed), False
        else:
            state, carries_seen_ids = _decode_record(record)
        if seen_ids is None or carries_seen_ids:
            return state
        return replace(state, seen_ids=seen_ids)


def seen_ids_key(feed: str) -> bytes:
    return (SEEN_IDS_KEY_PREFIX + feed).encode("utf-8")


def feed_of_seen_ids_key(key: str) -> str | None:
    """The feed whose seen ids are stored under `key`; None for any other key."""
    return key[len(SEEN_IDS_KEY_PREFIX) :] if key.startswith(SEEN_IDS_KEY_PREFIX) else None


def decode_seen_ids(raw: bytes | str) -> tuple[str, ...]:
    """The ids in a seen-ids record; raises ValueError on anything that is not one."""
    data = json.loads(raw)
    if not isinstance(data, dict) or not isinstance(data.get("seen_ids"), list):
        raise ValueError("not a seen-ids record")
    return tuple(str(i) for i in data["seen_ids"])


def _decode_record(raw: bytes | str) -> tuple[FeedState, bool]:
    """The state in a feed-key record, and whether it carried seen ids (schema 1)."""
    data = json.loads(raw)
    if not isinstance(data, dict) or not isinstance(data.get("feed"), str):
        raise ValueError("not a feed state")
    known = {name: data[name] for name in FeedState.__dataclass_fields__ if name in data}
    known["seen_ids"] = tuple(str(i) for i in known.get("seen_ids") or ())
    for name in ("next_due", "last_success", "websub_expires"):
        if known.get(name) is not None:
            known[name] = parse_utc(known[name])
    known.setdefault("url", data["feed"])
    return FeedState(**known), "seen_ids" in data


def _time_or_none(moment: datetime | None) -> str | None:
    return format_utc(moment) if moment is not None else None
