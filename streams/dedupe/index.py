"""`DedupeIndex`: decides whether an article repeats one already seen, and which story it joins.

Durable state is ONE store entry per recorded article, so that the worker's faust Table writes
one changelog record per article instead of one per fingerprint key:

    a:<article id> -> [story_id, seen_at, [exact keys...], [band keys...], version, position]

(`version`: the `FINGERPRINT_VERSION` the band keys were made with; band keys of another
version are not indexed, since they could never match. A record without it predates the
field and is taken as current. `position`: `[partition, offset]` of the raw record the
article was first seen at, or null when the caller gave none.)
(a small JSON list; only `[]`, `[]=`, `del`, `get` and `items()` of the store are used, so the
CLI passes a dict and the worker a faust Table). Lookups go through an in-memory inverted index
derived from the store: fingerprint key -> the article that owns it. The keys are

    u:<canonical url hash>  g:<guid hash>  c:<content hash>   exact duplicates
    b:<band>:<lsh key>                                        near duplicates (same story)

An exact key belongs to the FIRST live article that had it, a band key to the LATEST. The
derived index is rebuilt from the store by `reindex()`, which the owner calls whenever the store
changed behind the index's back (the worker: after each table recovery); it is also built
lazily on first use. `expire(now)` drops articles older than `ttl_s` from both, which bounds
memory by the article rate times the TTL. It never scans the store: the index keeps its
articles in the order they were seen, so a pass reads only what it drops (`expire_gradually`
does it in slices, yielding to the event loop). Entries of an earlier store layout (one per
fingerprint key) or unreadable ones, which nothing reads, are dropped by the next pass.

Verdicts: an exact duplicate gets `duplicate_of` = the first article's id and joins its story;
a near duplicate (shares an LSH band with a recent article) joins the story most of its bands
point to; anything else starts a story named by its own id.

The same article id observed again is one of two things, told apart by the raw record's
position (the raw topic is keyed by article id, so one id always lands on one partition):

- the SAME position: a replay after a crash (the record is read again because its offset was
  not committed). It gets the verdict it got the first time, so the worker redoes exactly what
  it did then (an alerting article re-emits its alert, with the same id);
- another position: the article was published again (through another feed, a moved feed,
  lost connector state). It is an exact duplicate of itself (`duplicate_of` = its own id) and
  joins its story, so it never alerts again.

Without a position (the CLI; entries written before positions were kept) an id seen again
counts as a replay: an alert repeated is better than an alert lost.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import deque
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from streams.dedupe.fingerprint import FINGERPRINT_VERSION, Fingerprint, fingerprint

DEFAULT_TTL_S = 7 * 24 * 3600.0
_ARTICLE = "a:"
_SLICE = 500  # entries dropped between two yields to the event loop


Position = tuple[int, int]  # (partition, offset) of a raw record


@dataclass(frozen=True, slots=True)
class DedupeVerdict:
    duplicate_of: str | None
    story_id: str


class _Owner(NamedTuple):
    """The article that holds a fingerprint key in the derived index."""

    article_id: str
    story_id: str
    seen_at: float


def _short_hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


class DedupeIndex:
    def __init__(
        self, store: MutableMapping[str, Any] | None = None, ttl_s: float = DEFAULT_TTL_S
    ) -> None:
        self.store: MutableMapping[str, Any] = {} if store is None else store
        self.ttl_s = ttl_s
        self._exact: dict[str, _Owner] = {}
        self._bands: dict[str, _Owner] = {}
        self._by_age: deque[tuple[float, str]] = deque()  # (seen_at, article id), oldest first
        self._unreadable: list[str] = []  # store keys nothing reads; dropped by `expire`
        self._indexed = False

    def observe(
        self,
        article_id: str,
        canonical_url: str,
        guid: str | None,
        text: str,
        now: float,
        position: Position | None = None,
        print_: Fingerprint | None = None,
    ) -> DedupeVerdict:
        """Record an article (`text`: cleaned title and body) and return its verdict.

        `now` is seconds since the epoch; entries older than the TTL are ignored even before
        `expire` removes them. `position` is where the raw record sits (see the module's
        docstring: it tells a replay from a re-publication). `print_` is `fingerprint(text)`
        when the caller made it already (in another process, say); otherwise the index makes
        it, and only for an article it has not recorded yet. A new article costs one store
        write; a copy costs none.
        """
        if not self._indexed:
            self.reindex()
        recorded = self.store.get(_ARTICLE + article_id)
        if recorded is not None and self._live(float(recorded[1]), now):
            story_id = str(recorded[0])
            if is_replay(recorded_position(recorded), position):
                return DedupeVerdict(None, story_id)
            return DedupeVerdict(article_id, story_id)  # published again: a duplicate

        if print_ is None:
            print_ = fingerprint(text)
        exact_keys = []
        if canonical_url:
            exact_keys.append("u:" + _short_hash(canonical_url))
        if guid and guid.strip():
            exact_keys.append("g:" + _short_hash(guid.strip()))
        if text.strip():
            exact_keys.append("c:" + print_.content_hash)
        band_keys = ["b:" + key for key in print_.band_keys]

        for key in exact_keys:
            owner = self._exact.get(key)
            if owner is not None and self._live(owner.seen_at, now):
                # The original keeps its entry; the copy adds none, so a flood of copies costs
                # no store writes.
                return DedupeVerdict(owner.article_id, owner.story_id)

        story_id = self._nearest_story(band_keys, now) or article_id
        self.store[_ARTICLE + article_id] = [
            story_id, now, exact_keys, band_keys, FINGERPRINT_VERSION,
            None if position is None else list(position),
        ]  # fmt: skip
        self._index(_Owner(article_id, story_id, now), exact_keys, band_keys)
        self._by_age.append((now, article_id))
        return DedupeVerdict(None, story_id)

    def expire(self, now: float, limit: int | None = None) -> int:
        """Delete articles older than the TTL (at most `limit`, if given) from the store and
        the index, and the entries nothing reads; returns how many store entries went.

        Reads only the entries it deletes (oldest first). A clock that went back may leave an
        article behind a younger one; it then goes once that one has expired."""
        if not self._indexed:
            self.reindex()
        dropped = 0
        while self._unreadable and (limit is None or dropped < limit):
            self.store.pop(self._unreadable.pop(), None)
            dropped += 1
        while self._by_age and (limit is None or dropped < limit):
            seen_at, article_id = self._by_age[0]
            if self._live(seen_at, now):
                break
            self._by_age.popleft()
            if self._forget(article_id, now):
                dropped += 1
        return dropped

    async def expire_gradually(self, now: float) -> int:
        """`expire(now)` in slices, yielding to the event loop between them."""
        dropped = 0
        while True:
            done = self.expire(now, limit=_SLICE)
            dropped += done
            if done < _SLICE:
                return dropped
            await asyncio.sleep(0)

    def _forget(self, article_id: str, now: float) -> bool:
        """Delete the article's record if it is still there and stale."""
        key = _ARTICLE + article_id
        value = self.store.get(key)
        if value is None or self._live(float(value[1]), now):
            return False  # gone already, or recorded again since (a later queue entry)
        del self.store[key]
        for index, keys in ((self._exact, value[2]), (self._bands, value[3])):
            for fingerprint_key in keys:
                owner = index.get(fingerprint_key)
                if owner is not None and owner.article_id == article_id:
                    del index[fingerprint_key]
        return True

    def reindex(self) -> None:
        """Rebuild the in-memory index from the store (after the store was replaced/recovered).

        Articles are replayed oldest first so that exact keys go to the first article and band
        keys to the latest, as when they were observed live. Entries that are not a readable
        article record are set aside for the next `expire`."""
        self._exact.clear()
        self._bands.clear()
        self._unreadable = []
        records: list[tuple[float, str, Any]] = []
        for key, value in list(self.store.items()):
            if key.startswith(_ARTICLE) and _readable(value):
                records.append((float(value[1]), key[len(_ARTICLE) :], value))
            else:
                self._unreadable.append(key)
        records.sort(key=lambda record: record[0])
        for seen_at, article_id, value in records:
            current = len(value) < 5 or value[4] == FINGERPRINT_VERSION
            band_keys = value[3] if current else []
            self._index(_Owner(article_id, str(value[0]), seen_at), value[2], band_keys)
        self._by_age = deque((seen_at, article_id) for seen_at, article_id, _ in records)
        self._indexed = True

    def _index(self, owner: _Owner, exact_keys: list[str], band_keys: list[str]) -> None:
        for key in exact_keys:
            current = self._exact.get(key)
            if current is None or current.seen_at < owner.seen_at - self.ttl_s:
                self._exact[key] = owner
        for key in band_keys:
            self._bands[key] = owner

    def _live(self, seen_at: float, now: float) -> bool:
        return now - seen_at <= self.ttl_s

    def _nearest_story(self, keys: list[str], now: float) -> str | None:
        """The story most of the live band keys point to; on a tie, the first one met (as
        `Counter.most_common` chose: a plain dict and `max` cost a third of a Counter)."""
        votes: dict[str, int] = {}
        bands = self._bands
        for key in keys:
            owner = bands.get(key)
            if owner is not None and now - owner.seen_at <= self.ttl_s:
                votes[owner.story_id] = votes.get(owner.story_id, 0) + 1
        if not votes:
            return None
        if len(votes) == 1:
            return next(iter(votes))
        return max(votes, key=votes.__getitem__)  # the first of the largest, in vote order


def recorded_position(value: Any) -> Position | None:
    """The `[partition, offset]` an article record keeps, or None (none kept, or unreadable)."""
    if not isinstance(value, list) or len(value) < 6:
        return None
    position = value[5]
    if (
        isinstance(position, list)
        and len(position) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in position)
    ):
        return (position[0], position[1])
    return None


def is_replay(recorded: Position | None, current: Position | None) -> bool:
    """Whether an article id seen again at `current` is a re-read of the record it was first
    seen at (`recorded`), rather than the article published again. Unknown on either side
    counts as a replay, so that nothing the first reading did (an alert) is lost."""
    return recorded is None or current is None or recorded == current


def _readable(value: Any) -> bool:
    """An article record: [story_id, seen_at, [exact keys], [band keys]] (+ version, position)."""
    return (
        isinstance(value, list)
        and len(value) in (4, 5, 6)
        and isinstance(value[1], int | float)
        and isinstance(value[2], list)
        and isinstance(value[3], list)
    )
