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
Stories and bursts older than `baseline + window` before the latest story are dropped, so the
state is bounded; a story older than that is not counted at all.

Replays: a story already counted raises nothing, except that the article which raised a
burst raises the very same alert (same bytes) again, as the worker's new alerts do.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class _Recorded:
    start: int
    end: int
    story: str
    article: str
    alert: str  # the alert's JSON, re-emitted as is on a replay

    def to_list(self) -> list[Any]:
        return [self.start, self.end, self.story, self.article, self.alert]


@dataclass(frozen=True, slots=True)
class _TopicState:
    latest: int  # the latest event time counted
    since: int  # the earliest event time counted (clamped to the horizon)
    stories: dict[str, tuple[int, str]]  # story id -> (event time, outlet)
    bursts: tuple[_Recorded, ...]

    @classmethod
    def from_value(cls, value: Any) -> _TopicState | None:
        if not isinstance(value, dict):
            return None
        stories = {str(s): (int(v[0]), str(v[1])) for s, v in value.get("stories", {}).items()}
        bursts = tuple(_Recorded(int(b[0]), int(b[1]), str(b[2]), str(b[3]), str(b[4]))
                       for b in value.get("bursts", []))  # fmt: skip
        return cls(int(value["latest"]), int(value["since"]), stories, bursts)

    def to_value(self) -> dict[str, Any]:
        return {
            "latest": self.latest,
            "since": self.since,
            "stories": {s: [t, outlet] for s, (t, outlet) in self.stories.items()},
            "bursts": [b.to_list() for b in self.bursts],
        }


class BurstDetector:
    """Counts each topic's new stories in `store` (topic name -> state) and raises bursts."""

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
        state = _TopicState.from_value(self.store.get(match.name))
        if state is not None and story_id in state.stories:
            replayed = (b for b in state.bursts if (b.story, b.article) == (story_id, article_id))
            return next((Alert.from_json(b.alert) for b in replayed), None)
        horizon = settings.baseline + settings.window
        latest = at if state is None else max(state.latest, at)
        cutoff = latest - horizon
        if at < cutoff:
            return None  # too old to be counted against any window we still hold
        old_stories = {} if state is None else state.stories
        stories = {s: v for s, v in old_stories.items() if v[0] >= cutoff}
        stories[story_id] = (at, outlet_of(classified.article.feed))
        bursts = () if state is None else tuple(b for b in state.bursts if b.end > cutoff)
        since = max(cutoff, at if state is None else min(state.since, at))

        alert = self._decide(classified, match, policy, stories, bursts, since, latest, now)
        if alert is not None:
            start = int(alert.burst.window_start.timestamp()) if alert.burst else at
            recorded = _Recorded(start, start + settings.window, story_id, article_id,
                                 alert.to_json().decode())  # fmt: skip
            bursts = (*bursts, recorded)
        self.store[match.name] = _TopicState(latest, since, stories, bursts).to_value()
        return alert

    def _decide(
        self, classified: ClassifiedArticle, match: TopicMatch, policy: BurstPolicy,
        stories: dict[str, tuple[int, str]], bursts: tuple[_Recorded, ...], since: int,
        latest: int, now: datetime,
    ) -> Alert | None:  # fmt: skip
        settings = policy.burst
        at = event_time(classified)
        end = (at // BUCKET_S + 1) * BUCKET_S
        start = end - settings.window
        if end <= latest - settings.window:
            return None  # a late story in an old window: no longer news
        if any(b.start < end and start < b.end for b in bursts):
            return None  # this window overlaps one that already raised its burst
        window = sorted((t, s, outlet) for s, (t, outlet) in stories.items() if start <= t < end)
        count = len(window)
        if count < settings.min_count:
            return None
        in_baseline = sum(1 for t, _ in stories.values() if start - settings.baseline <= t < start)
        history = min(settings.baseline, max(settings.window, start - since))
        expected = (in_baseline + 1) * settings.window / history
        p = poisson_upper_tail(count, expected)
        if p >= settings.p_value:
            return None
        window_start = datetime.fromtimestamp(start, UTC)
        minutes = settings.window // 60
        alert = Alert(
            id=burst_alert_id(match.name, window_start),
            kind="burst",
            topic=match.name,
            severity=policy.severity,
            reason=(
                f"{count} new stories in {minutes} min, {expected:.2f} expected from the "
                f"preceding {history / 3600:g} h: p={p:.2g} < {settings.p_value:g}"
            ),
            story_id=None,
            story_ids=tuple(s for _, s, _ in window),
            article_ids=(classified.article.id,),
            title=f"{count} new {match.name} stories in {minutes} min",
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
