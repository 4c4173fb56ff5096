"""The poller survives unexpected errors: a bug in one feed's poll backs off like any failure."""

from __future__ import annotations

import asyncio

import pytest

from connectors.fetch.http import FetchResult, Validators
from connectors.poller import FeedPoller
from connectors.rss import RssConnector
from connectors.schedule import Bounds
from connectors.state import FeedState
from tests.support.connector_fakes import RecordingPublisher, RecordingStore

FEED = "https://feeds.test/broken.xml"


class ExplodingFetcher:
    def __init__(self) -> None:
        self.polls = 0

    async def fetch(self, url: str, validators: Validators | None = None) -> FetchResult:
        self.polls += 1
        raise RuntimeError("a bug in the fetcher")


def exploding_connector() -> tuple[RssConnector, ExplodingFetcher]:
    fetcher = ExplodingFetcher()
    return RssConnector(fetcher, Bounds(10.0, 60.0)), fetcher


async def test_an_unexpected_error_backs_the_feed_off_instead_of_polling_in_a_tight_loop() -> None:
    connector, fetcher = exploding_connector()
    store = RecordingStore()
    poller = FeedPoller(connector, RecordingPublisher(), store)  # type: ignore[arg-type]
    poller.own([FEED], {})
    stop = asyncio.Event()
    running = asyncio.create_task(poller.run(stop))
    await asyncio.sleep(0.5)
    stop.set()
    await asyncio.wait_for(running, timeout=5)
    assert fetcher.polls == 1
    state = poller.states[FEED]
    assert (state.failures, state.last_error) == (1, "internal")
    assert store.saved and store.saved[-1].last_error == "internal"


async def test_an_unexpected_error_in_one_feed_does_not_fail_a_poll_of_all_feeds() -> None:
    connector, _ = exploding_connector()
    poller = FeedPoller(connector, RecordingPublisher(), RecordingStore())  # type: ignore[arg-type]
    poller.own([FEED, FEED + "?2"], {})
    results = await poller.poll_all()
    assert set(results) == {FEED, FEED + "?2"}
    assert all(r is not None and r.error is not None for r in results.values())
    assert all(str(r.error.kind) == "internal" for r in results.values() if r and r.error)


async def test_a_bug_while_reading_a_body_is_an_internal_error_of_that_feed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> None:
        raise ValueError("a bug in the normaliser")

    monkeypatch.setattr("connectors.feed.read.to_articles", broken)
    connector, _ = exploding_connector()
    body = b"<rss version='2.0'><channel><item><link>https://a.test/1</link></item></channel></rss>"
    result = await connector.ingest(FeedState.initial(FEED), body, "application/rss+xml")
    assert result.error is not None and str(result.error.kind) == "internal"
