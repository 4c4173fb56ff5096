"""`DedupeIndex`: decides whether an article repeats one already seen, and which story it joins.

The state lives in a plain key-value store so that the CLI can use a dict and the worker a
faust Table (only `[]`, `[]=`, `del`, `get`, `in` and key iteration are used; every value is
a small JSON list `[article_id, story_id, seen_at]`). Keys:

    u:<canonical url hash>  g:<guid hash>  c:<content hash>   exact duplicates
    b:<band>:<lsh key>                                        near duplicates (same story)

Each observation writes at most 3 + NUM_BANDS small entries. `expire(now)` drops entries older
than `ttl_s`, which bounds memory by the article rate times the TTL.

Verdicts: an exact duplicate gets `duplicate_of` = the first article's id and joins its story;
a near duplicate (shares an LSH band with a recent article) joins that article's story; anything
else starts a story named by its own id. Observing the same article id again (a replay after a
crash) is idempotent: it is not reported as a duplicate of itself.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from streams.dedupe.fingerprint import fingerprint

DEFAULT_TTL_S = 7 * 24 * 3600.0


@dataclass(frozen=True, slots=True)
class DedupeVerdict:
    duplicate_of: str | None
    story_id: str


def _short_hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


class DedupeIndex:
    def __init__(
        self, store: MutableMapping[str, Any] | None = None, ttl_s: float = DEFAULT_TTL_S
    ) -> None:
        self.store: MutableMapping[str, Any] = {} if store is None else store
        self.ttl_s = ttl_s

    def observe(
        self, article_id: str, canonical_url: str, guid: str | None, text: str, now: float
    ) -> DedupeVerdict:
        """Record an article (`text`: cleaned title and body) and return its verdict.

        `now` is seconds since the epoch; entries older than the TTL are ignored even before
        `expire` removes them.
        """
        print_ = fingerprint(text)
        exact_keys = []
        if canonical_url:
            exact_keys.append("u:" + _short_hash(canonical_url))
        if guid and guid.strip():
            exact_keys.append("g:" + _short_hash(guid.strip()))
        if text.strip():
            exact_keys.append("c:" + print_.content_hash)
        band_keys = ["b:" + key for key in print_.band_keys]

        original = self._first_live(exact_keys, article_id, now)
        if original is not None:
            duplicate_of, story_id = original
            # Refresh nothing: the original keeps its entries; the copy adds none, so a flood
            # of copies costs no store writes.
            return DedupeVerdict(duplicate_of, story_id)

        story_id = self._nearest_story(band_keys, article_id, now) or article_id
        entry = [article_id, story_id, now]
        for key in exact_keys:
            current = self.store.get(key)
            if current is None or not self._live(current, now) or current[0] == article_id:
                self.store[key] = entry
        for key in band_keys:
            self.store[key] = entry
        return DedupeVerdict(None, story_id)

    def expire(self, now: float) -> int:
        """Delete entries older than the TTL; returns how many were deleted."""
        stale = [key for key in list(self.store) if not self._live(self.store[key], now)]
        for key in stale:
            del self.store[key]
        return len(stale)

    def _live(self, entry: Any, now: float) -> bool:
        return bool(now - float(entry[2]) <= self.ttl_s)

    def _first_live(self, keys: list[str], article_id: str, now: float) -> tuple[str, str] | None:
        for key in keys:
            entry = self.store.get(key)
            if entry is not None and self._live(entry, now) and entry[0] != article_id:
                return str(entry[0]), str(entry[1])
        return None

    def _nearest_story(self, keys: list[str], article_id: str, now: float) -> str | None:
        votes: Counter[str] = Counter()
        own_story: str | None = None
        for key in keys:
            entry = self.store.get(key)
            if entry is None or not self._live(entry, now):
                continue
            if entry[0] == article_id:
                own_story = str(entry[1])
                continue
            votes[str(entry[1])] += 1
        if own_story is not None:
            return own_story
        return votes.most_common(1)[0][0] if votes else None
