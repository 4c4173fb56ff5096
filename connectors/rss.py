"""`RssConnector`: one poll of one RSS/Atom feed, from its state to new articles and next state.

fetch (conditional GET) -> parse -> normalise -> drop entries already seen -> schedule. The
connector publishes nothing and saves nothing itself: `poll` returns the new articles and the
state to save once Kafka has acknowledged them (see connectors/service.py). WebSub pushes come
in through `ingest`, the same path without the fetch.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from connectors import metrics
from connectors.feed.parse import DEFAULT_MAX_BYTES
from connectors.feed.read import Document, read_document, read_document_off_loop
from connectors.fetch.errors import FeedError, internal_error
from connectors.fetch.http import FetchResult, Validators
from connectors.schedule import Bounds, Random, after_failure, after_success
from connectors.state import FeedState
from newsmon.contract import utc_now
from newsmon.contract.article import Article

log = logging.getLogger(__name__)


class FeedFetcher(Protocol):
    async def fetch(self, url: str, validators: Validators | None = None) -> FetchResult: ...


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll produced: save `state` only after `articles` are acknowledged."""

    state: FeedState
    articles: list[Article] = field(default_factory=list)
    error: FeedError | None = None
    duplicates: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


class RssConnector:
    """Polls feeds with a shared `Fetcher`; stateless between calls (state comes in and out)."""

    def __init__(
        self,
        fetcher: FeedFetcher,
        bounds: Bounds,
        *,
        clock: Callable[[], datetime] = utc_now,
        rng: Random = random.random,
        parse_pool: Executor | None = None,
        max_body_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        """`parse_pool`: a process pool to parse in, using more cores; None parses in-process.
        `max_body_bytes`: the cap on a (decompressed) body, also for pushed content."""
        self._max_bytes = max_body_bytes
        self._parse_pool = parse_pool
        self._fetcher = fetcher
        self._bounds = bounds
        self._clock = clock
        self._rng = rng

    async def poll(self, state: FeedState) -> PollResult:
        """Fetch the feed once; failures come back as a PollResult with `error` set."""
        now = self._clock()
        validators = Validators(state.etag, state.last_modified)
        started = time.perf_counter()
        try:
            fetched = await self._fetcher.fetch(state.url, validators)
        except FeedError as exc:
            metrics.FETCH_SECONDS.observe(time.perf_counter() - started)
            return self.failed(state, exc, now=now)
        metrics.FETCH_SECONDS.observe(time.perf_counter() - started)
        metrics.FETCH_BYTES.inc(fetched.bytes_received)
        if fetched.permanent_redirect and fetched.permanent_redirect != state.url:
            state = state.evolve(url=fetched.permanent_redirect)
        if fetched.body is None:
            metrics.count_fetch("not_modified")
            return PollResult(
                after_success(
                    _with_validators(state, fetched.validators),
                    now,
                    self._bounds,
                    self._rng,
                    publisher_min_s=fetched.min_interval_s,
                )
            )
        return await self._ingest(
            state,
            fetched.body,
            fetched.content_type,
            now,
            fetched.min_interval_s,
            base_url=fetched.url,
            validators=fetched.validators,
        )

    async def ingest(self, state: FeedState, body: bytes, content_type: str | None) -> PollResult:
        """Read content a WebSub hub pushed, exactly as if it had been fetched."""
        return await self._ingest(state, body, content_type, self._clock(), None, pushed=True)

    async def _ingest(
        self,
        state: FeedState,
        body: bytes,
        content_type: str | None,
        now: datetime,
        cache_min_s: float | None,
        *,
        base_url: str | None = None,
        validators: Validators | None = None,
        pushed: bool = False,
    ) -> PollResult:
        started = time.perf_counter()
        base = base_url or state.url
        try:
            read: Document
            if self._parse_pool is not None:
                loop = asyncio.get_running_loop()
                read = await loop.run_in_executor(
                    self._parse_pool,
                    read_document,
                    body,
                    base,
                    state.feed,
                    content_type,
                    now,
                    self._max_bytes,
                )
            else:
                read = await read_document_off_loop(
                    body, base, state.feed, content_type, now, self._max_bytes
                )
        except FeedError as exc:
            return self.failed(state, exc, now=now, count=not pushed)
        except Exception as exc:  # a normaliser bug, a broken process pool: back off, not spin
            log.exception("reading %s failed unexpectedly", state.feed)
            return self.failed(state, internal_error(exc), now=now, count=not pushed)
        finally:
            metrics.PARSE_SECONDS.observe(time.perf_counter() - started)
        if not pushed:
            metrics.count_fetch("ok")
        if validators is not None:
            # Only now: had the body failed to parse, the old validators make the next poll
            # fetch this version again instead of being told 304 and never reading it.
            state = _with_validators(state, validators)
        fresh: list[Article] = []
        seen = set(state.seen_ids)  # up to a thousand ids: one set, not a scan per entry
        for article in read.articles:
            if article.id in seen:
                continue
            seen.add(article.id)
            fresh.append(article)
        duplicates = len(read.articles) - len(fresh)
        metrics.DUPLICATES.inc(duplicates)
        hints = [h for h in (cache_min_s, read.ttl_s) if h is not None]
        # Feeds list newest first; seen ids are kept oldest first.
        state = state.with_seen(
            reversed([a.id for a in fresh]), current=[a.id for a in read.articles]
        )
        if not pushed:
            state = after_success(
                state,
                now,
                self._bounds,
                self._rng,
                published=[a.published_at for a in read.articles if not a.published_at_inferred],
                new_entries=len(fresh),
                publisher_min_s=max(hints) if hints else None,
            )
        # Kept until a fetched document says otherwise (a 304 says nothing, and hubs may push
        # content without the feed's links): after a restart the connector subscribes again
        # from the state alone.
        if read.hub or not pushed:
            state = state.evolve(
                websub_hub=read.hub, websub_topic=(read.self_url or state.url) if read.hub else None
            )
        return PollResult(state, fresh, duplicates=duplicates)

    def failed(
        self,
        state: FeedState,
        error: FeedError,
        *,
        now: datetime | None = None,
        count: bool = True,
    ) -> PollResult:
        """`state` after `error`: one more failure, backed off; counted in the fetch metric."""
        now = now or self._clock()
        if count:
            metrics.count_fetch(str(error.kind))
        failed = after_failure(
            state,
            now,
            self._bounds,
            self._rng,
            error_kind=str(error.kind),
            retry_after_s=error.retry_after_s,
        )
        # An operator must see every failing feed without turning on debug logging.
        retry_in = (failed.next_due - now).total_seconds() if failed.next_due else 0.0
        log.warning("feed %s failed: %s; retrying in %.0fs", state.feed, error, max(0.0, retry_in))
        return PollResult(failed, error=error)


def _with_validators(state: FeedState, validators: Validators) -> FeedState:
    if (state.etag, state.last_modified) == (validators.etag, validators.last_modified):
        return state
    return state.evolve(etag=validators.etag, last_modified=validators.last_modified)
