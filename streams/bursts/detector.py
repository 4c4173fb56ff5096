"""`BurstDetector`: one `burst` alert when a topic's new stories surge above its own baseline.

The rule, per topic, all by EVENT time (an article's `published_at`, capped at its
`fetched_at` because a publication date in the future is a feed's clock error; never the
wall clock, so a replay decides exactly as the first pass did):

- A story counts once per topic, at the first of its articles labelled with the topic.
- When a story is counted at time t, the window is the `window` seconds ending with t's minute
  (windows start on whole minutes, so the same timeline always gives the same windows and ids).
- `expected` is the topic's rate in the `baseline` before the window, scaled to the window:
  `(stories in the baseline + 1) * window / history`, where `history` is the baseline, or the
  time since the topic's first counted story when that is shorter (but at least one window).
  The `+ 1` keeps a topic without history from expecting zero: a fresh worker needs a
  `min_count` whose tail probability at a mean of 1 is below `p_value` (6 with the defaults).
- A burst when `count >= min_count` and `P(X >= count | expected) < p_value` (Poisson), unless
  a burst of the topic already covers part of the window (at most one per window), or the
  window ended more than a window before the latest story (old news).

State: one value per topic in a MutableMapping (a faust Table in the worker, a dict offline):
the counted stories with their event time and outlet, the latest event time, the earliest
counted one, and each burst with its triggering story and article and the alert it raised.
Stories and bursts older than `baseline + window` before the latest story are dropped (in
one pass per hour of event time), so the state is bounded; a story older than that is not
counted at all.

Replays: a story already counted raises nothing, except that the article which raised a
burst raises the very same alert (same bytes) again, as the worker's new alerts do.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from newsmon.contract.alert import Alert, Burst, burst_alert_id
from newsmon.contract.records import ClassifiedArticle, Severity, TopicMatch
from streams.bursts.poisson import poisson_upper_tail
from streams.bursts.settings import BUCKET_S, BurstSettings


class BurstPolicy(Protocol):
    """What the detector needs from a topic definition."""

    @property
    def burst(self) -> BurstSettings: ...

    @property
    def severity(self) -> Severity: ...


def event_time(classified: ClassifiedArticle) -> int:
    """POSIX seconds of the article's event time: published, unless after its fetch."""
    article = classified.article
    return int(min(article.published_at, article.fetched_at).timestamp())


def outlet_of(feed: str) -> str:
    """The outlet of a feed: its host name (without `www.`), or the feed itself if no URL."""
    host = urlsplit(feed).hostname if "://" in feed else None
    return (host or feed).removeprefix("www.")


# Old entries are dropped in one pass once an hour of event time has passed (a pass per new
# story would cost as much as the rest of the work): the state holds at most the baseline, the
# window and this much more.
PRUNE_EVERY_MINUTES = 60
HOUR_S = 3600


def _hour_key(topic: str, hour: int) -> str:
    return f"{topic}@{hour}"  # topic names are [a-z0-9_]: never ambiguous


def _fresh(at: int) -> dict[str, Any]:
    """The state of a topic before its first story (a JSON object: keys are strings)."""
    return {"latest": at, "since": at, "pruned": 0, "total": 0, "hours": [], "minutes": {},
            "bursts": []}  # fmt: skip


def _readable(value: Any) -> bool:
    """Whether a stored value has the state's shape (anything else counts as no state)."""
    return (
        isinstance(value, dict)
        and all(isinstance(value.get(k), int) for k in ("latest", "since", "pruned", "total"))
        and isinstance(value.get("minutes"), dict)
        and all(isinstance(value.get(k), list) for k in ("hours", "bursts"))
    )


class BurstDetector:
    """Counts each topic's new stories in `store` (topic name -> state) and raises bursts.

    A topic's summary, under the topic's name, is a JSON object updated in place and stored
    back after each new story: `latest` and `since` (event times, POSIX seconds), `pruned` (the
    minute from which entries are kept), `minutes` (minute -> new stories in it) and their
    `total`, so that a count costs a few lookups, not a pass over the stories; `hours` (the
    hours that have a bucket) and `bursts` ([window start, window end, story id, article id,
    alert JSON]). The stories themselves sit in one bucket per hour of event time, under
    `<topic>@<hour>` (story id -> [event time, outlet]), so that no single value (one changelog
    record, rewritten at each new story) grows with a whole day of a busy topic's stories.
    An article of a story already counted costs a few lookups and writes nothing."""

    def __init__(
        self, store: MutableMapping[str, Any], policy_for: Callable[[str], BurstPolicy | None]
    ) -> None:
        self.store = store
        self._policy_for = policy_for

    def observe(
        self, classified: ClassifiedArticle, match: TopicMatch, now: datetime
    ) -> Alert | None:
        """Count the article's story for `match.name` if it is new there; the burst alert it
        raises (or raised before, on a replay of the same article), else None.

        `now` only stamps `created_at`; every decision is taken in event time."""
        policy = self._policy_for(match.name)
        if policy is None or not policy.burst.enabled:
            return None
        settings = policy.burst
        story_id, article_id = classified.story_id, classified.article.id
        at = event_time(classified)
        stored: Any = self.store.get(match.name)
        state: dict[str, Any] = stored if _readable(stored) else _fresh(at)
        if self._counted(match.name, state, story_id, at):
            replayed = (b for b in state["bursts"] if b[2] == story_id and b[3] == article_id)
            return next((Alert.from_json(b[4]) for b in replayed), None)
        latest = max(state["latest"], at)
        cutoff_minute = (latest - settings.baseline - settings.window) // BUCKET_S
        if at // BUCKET_S < cutoff_minute:
            return None  # too old to be counted against any window we still hold
        state["latest"] = latest
        state["since"] = max(cutoff_minute * BUCKET_S, min(state["since"], at))
        if cutoff_minute >= state["pruned"] + PRUNE_EVERY_MINUTES:
            self._prune(match.name, state, cutoff_minute)
        hour = at // HOUR_S
        bucket = self._bucket(match.name, hour)
        bucket[story_id] = [at, outlet_of(classified.article.feed)]
        self.store[_hour_key(match.name, hour)] = bucket
        if hour not in state["hours"]:
            state["hours"].append(hour)
        minute = str(at // BUCKET_S)
        state["minutes"][minute] = state["minutes"].get(minute, 0) + 1
        state["total"] += 1
        alert = self._decide(classified, match, policy, state, now)
        if alert is not None and alert.burst is not None:
            start = int(alert.burst.window_start.timestamp())
            state["bursts"].append([start, start + settings.window, story_id, article_id,
                                    alert.to_json().decode()])  # fmt: skip
        self.store[match.name] = state  # a Table writes its changelog on assignment
        return alert

    def _bucket(self, topic: str, hour: int) -> dict[str, Any]:
        """The stories first counted in `hour` (anything unreadable counts as none)."""
        bucket = self.store.get(_hour_key(topic, hour))
        return bucket if isinstance(bucket, dict) else {}

    def _counted(self, topic: str, state: dict[str, Any], story_id: str, at: int) -> bool:
        """Whether the story was counted already: its article's own hour is looked at first
        (a replay), then the others, latest first."""
        own = at // HOUR_S
        hours = [own] if own in state["hours"] else []
        hours += [h for h in reversed(state["hours"]) if h != own]
        return any(story_id in self._bucket(topic, hour) for hour in hours)

    def _prune(self, topic: str, state: dict[str, Any], cutoff_minute: int) -> None:
        """Drop the hour buckets, minute counts and bursts that ended before `cutoff_minute`."""
        cutoff = cutoff_minute * BUCKET_S
        for hour in [h for h in state["hours"] if (h + 1) * HOUR_S <= cutoff]:
            self.store.pop(_hour_key(topic, hour), None)
            state["hours"].remove(hour)
        state["minutes"] = {m: n for m, n in state["minutes"].items()
                            if int(m) >= cutoff_minute}  # fmt: skip
        state["total"] = sum(state["minutes"].values())
        state["bursts"] = [b for b in state["bursts"] if b[1] > cutoff]
        state["pruned"] = cutoff_minute

    def _decide(
        self, classified: ClassifiedArticle, match: TopicMatch, policy: BurstPolicy,
        state: dict[str, Any], now: datetime,
    ) -> Alert | None:  # fmt: skip
        settings = policy.burst
        at = event_time(classified)
        end = (at // BUCKET_S + 1) * BUCKET_S
        start = end - settings.window
        if end <= state["latest"] - settings.window:
            return None  # a late story in an old window: no longer news
        if any(b[0] < end and start < b[1] for b in state["bursts"]):
            return None  # this window overlaps one that already raised its burst
        minutes: dict[str, int] = state["minutes"]
        count = sum(minutes.get(str(m), 0) for m in range(start // BUCKET_S, end // BUCKET_S))
        if count < settings.min_count:
            return None
        # The baseline's minutes are all those kept (from `pruned` on) except the few before
        # it and those from the window on: two short runs of lookups, not one per minute.
        first, last = (start - settings.baseline) // BUCKET_S, start // BUCKET_S
        before = range(state["pruned"], first)
        after = range(last, state["latest"] // BUCKET_S + 1)
        in_baseline = state["total"] - sum(minutes.get(str(m), 0) for m in (*before, *after))
        history = min(settings.baseline, max(settings.window, start - state["since"]))
        expected = (in_baseline + 1) * settings.window / history
        p = poisson_upper_tail(count, expected)
        if p >= settings.p_value:
            return None
        hours = range(start // HOUR_S, (end - 1) // HOUR_S + 1)
        window = sorted((t, s, outlet) for hour in hours
                        for s, (t, outlet) in self._bucket(match.name, hour).items()
                        if start <= t < end)  # fmt: skip
        window_start = datetime.fromtimestamp(start, UTC)
        minutes_long = settings.window // 60
        alert = Alert(
            id=burst_alert_id(match.name, window_start),
            kind="burst",
            topic=match.name,
            severity=policy.severity,
            reason=(
                f"{count} new stories in {minutes_long} min, {expected:.2f} expected from the "
                f"preceding {history / 3600:g} h: p={p:.2g} < {settings.p_value:g}"
            ),
            story_id=None,
            story_ids=tuple(s for _, s, _ in window),
            article_ids=(classified.article.id,),
            title=f"{count} new {match.name} stories in {minutes_long} min",
            url=classified.article.url,
            score=match.score,
            outlets=len({outlet for _, _, outlet in window}),
            terms=_terms(match),
            published_at=datetime.fromtimestamp(window[0][0], UTC),
            fetched_at=classified.article.fetched_at,
            created_at=now,
            burst=Burst(window_start, datetime.fromtimestamp(end, UTC), count, expected, p),
        )
        # Emitted as it will be re-read on a replay (rounded fields), so both are the same bytes.
        return Alert.from_json(alert.to_json())


def _terms(match: TopicMatch) -> tuple[str, ...]:
    """The distinct evidence terms of the triggering match, strongest first."""
    ordered = sorted(match.evidence, key=lambda e: -e.weight)
    return tuple(dict.fromkeys(e.term for e in ordered if e.weight > 0))
