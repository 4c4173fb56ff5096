"""A push is acknowledged only once stored; otherwise the hub is told to retry and we poll."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import pytest

from connectors.poller import FeedPoller
from connectors.rss import RssConnector
from connectors.schedule import Bounds
from connectors.settings import ConnectorSettings
from connectors.state import FeedState
from connectors.websub.subscriber import WebSubSubscriber
from tests.integration.connectors.test_service import eventually
from tests.support.connector_fakes import RecordingPublisher, RecordingStore
from tests.support.websub_hub import TinyHub

FEED = "https://feed.test/rss"
GOOD = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    b"<item><title>a</title><link>https://feed.test/a</link></item></channel></rss>"
)
Deliver = Callable[[str, bytes, str | None], Awaitable[bool]]


async def subscribed(hub: TinyHub, deliver: Deliver, **kw: int) -> WebSubSubscriber:
    subscriber = WebSubSubscriber(ConnectorSettings(websub_port=0), deliver, **kw)  # type: ignore[arg-type]
    await subscriber.start()
    subscriber.ensure(FEED, hub.url, FEED)
    await eventually(lambda: subscriber.active(FEED), 10, "verification")
    return subscriber


async def test_a_push_that_was_not_stored_is_answered_with_a_retry_status(hub: TinyHub) -> None:
    async def not_ours(feed: str, body: bytes, content_type: str | None) -> bool:
        return False

    subscriber = await subscribed(hub, not_ours)
    try:
        assert await hub.push(GOOD) == 503
    finally:
        await subscriber.close()


async def test_a_delivery_that_raises_is_logged_and_answered_with_a_retry_status(
    hub: TinyHub, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(feed: str, body: bytes, content_type: str | None) -> bool:
        raise RuntimeError("delivery bug")

    subscriber = await subscribed(hub, broken)
    try:
        with caplog.at_level(logging.ERROR):
            assert await hub.push(GOOD) == 503
        assert "delivery bug" in caplog.text
    finally:
        await subscriber.close()


async def test_deliveries_in_flight_are_bounded_and_the_excess_is_refused(hub: TinyHub) -> None:
    release = asyncio.Event()

    async def slow(feed: str, body: bytes, content_type: str | None) -> bool:
        await release.wait()
        return True

    subscriber = await subscribed(hub, slow, max_deliveries=1)
    try:
        first = asyncio.create_task(hub.push(GOOD))
        await asyncio.sleep(0.3)
        assert await hub.push(GOOD) == 503
        release.set()
        assert await first == 202
    finally:
        await subscriber.close()


def _poller(store: RecordingStore, publisher: RecordingPublisher | None = None) -> FeedPoller:
    connector = RssConnector(None, Bounds(10, 60))  # type: ignore[arg-type]  # pushes only
    return FeedPoller(connector, publisher or RecordingPublisher(), store)  # type: ignore[arg-type]


async def test_a_push_for_a_feed_of_another_instance_is_not_stored() -> None:
    store = RecordingStore()
    assert await _poller(store).ingest_push(FEED, GOOD, "application/rss+xml") is False
    assert store.saved == []


async def test_an_unreadable_push_makes_the_feed_due_at_once_without_counting_a_failure() -> None:
    store = RecordingStore()
    poller = _poller(store)
    poller.own([FEED], {FEED: FeedState(feed=FEED, url=FEED, interval_s=60.0)})
    stored = await poller.ingest_push(FEED, b"<html>not a feed</html>", "text/html")
    assert stored is False
    state = poller.states[FEED]
    assert state.next_due is None and state.failures == 0
    assert store.saved == []


async def test_a_stored_push_says_so() -> None:
    store = RecordingStore()
    poller = _poller(store)
    poller.own([FEED], {})
    assert await poller.ingest_push(FEED, GOOD, "application/rss+xml") is True
    assert len(store.saved) == 1


class GatedPublisher(RecordingPublisher):
    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()

    async def publish_articles(self, articles: object) -> list[object]:
        await self.gate.wait()
        return await super().publish_articles(articles)  # type: ignore[arg-type]


async def test_releasing_a_feed_waits_for_a_push_in_progress_to_save_its_state() -> None:
    store = RecordingStore()
    publisher = GatedPublisher()
    poller = _poller(store, publisher)
    poller.own([FEED], {})
    push = asyncio.create_task(poller.ingest_push(FEED, GOOD, "application/rss+xml"))
    await asyncio.sleep(0.05)
    releasing = asyncio.create_task(poller.release([FEED]))
    await asyncio.sleep(0.05)
    assert not releasing.done(), "released while a push was still to save its state"
    publisher.gate.set()
    await asyncio.wait_for(releasing, timeout=5)
    assert len(store.saved) == 1
    await push
