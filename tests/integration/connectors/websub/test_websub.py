"""WebSub: signatures, subscription with a tiny local hub, pushes, renewal, polling fallback."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from connectors import metrics
from connectors.service import Topics
from connectors.settings import ConnectorSettings
from connectors.websub.signature import sign, signature_ok
from connectors.websub.subscriber import WebSubSubscriber
from newsmon.broker.local import free_port
from tests.integration.connectors.test_service import Instance, eventually
from tests.support.connector_env import make_config
from tests.support.feeds import FeedServer, published_by, rss
from tests.support.websub_hub import TinyHub

SECRET = b"shared secret"


def test_sha1_and_sha256_signatures_are_accepted() -> None:
    for method in ("sha1", "sha256"):
        assert signature_ok(SECRET, b"body", sign(SECRET, b"body", method))


def test_a_signature_with_the_wrong_secret_or_body_is_refused() -> None:
    assert not signature_ok(SECRET, b"body", sign(b"other", b"body"))
    assert not signature_ok(SECRET, b"tampered", sign(SECRET, b"body"))


def test_a_missing_malformed_or_unknown_method_signature_is_refused() -> None:
    assert not signature_ok(SECRET, b"body", None)
    assert not signature_ok(SECRET, b"body", "no-equals-sign")
    assert not signature_ok(SECRET, b"body", "md5=" + "0" * 32)


async def test_a_subscription_is_verified_and_renewed_before_its_lease_ends(hub: TinyHub) -> None:
    now = [datetime(2026, 3, 1, tzinfo=UTC)]
    received: list[tuple[str, bytes]] = []

    async def deliver(feed: str, body: bytes, content_type: str | None) -> bool:
        received.append((feed, body))
        return True

    settings = ConnectorSettings(websub_port=0, websub_lease_s=3600)
    subscriber = WebSubSubscriber(settings, deliver, clock=lambda: now[0])
    await subscriber.start()
    try:
        subscriber.ensure("https://feed.test/rss", hub.url, "https://feed.test/rss")
        await eventually(lambda: subscriber.active("https://feed.test/rss"), 10, "verification")
        assert len(hub.requests) == 1 and hub.requests[0].verified

        subscriber.ensure("https://feed.test/rss", hub.url, "https://feed.test/rss")
        assert subscriber.renew_due() == 0
        await asyncio.sleep(0.1)
        assert len(hub.requests) == 1, "a live subscription was requested again"

        now[0] += timedelta(seconds=3600 * 0.95)  # less than a tenth of the lease left
        assert subscriber.renew_due() == 1
        await eventually(lambda: len(hub.requests) == 2 and hub.requests[1].verified, 10, "renewal")

        assert await hub.push(b"<rss/>") == 202
        await eventually(lambda: bool(received), 5, "the delivery")
        assert received == [("https://feed.test/rss", b"<rss/>")]
    finally:
        await subscriber.close()


@pytest.mark.kafka
async def test_pushed_entries_are_published_bad_signatures_ignored_and_polling_slows_down(
    kafka_bootstrap: str, feed_server: FeedServer, hub: TinyHub, topics: Topics, unique_name: str
) -> None:
    path = f"{unique_name}/pushed.xml"
    url = feed_server.url(path)

    def body(items: list[str]) -> bytes:
        return rss(unique_name, items, hub=hub.url, self_url=url)

    feed_server.bodies[path] = body(["a"])
    config = make_config(
        kafka_bootstrap, [url], unique_name, websub_port=free_port(), max_interval_s=60.0
    )
    instance = Instance(config, topics, f"g-{unique_name}")
    try:
        await eventually(lambda: bool(hub.latest() and hub.latest().verified), 30, "subscription")  # type: ignore[union-attr]
        assert hub.latest().topic == url  # type: ignore[union-attr]

        # Polling falls back to the longest interval once pushes are expected.
        await asyncio.sleep(1.5)
        polls = feed_server.requests[path]
        await asyncio.sleep(2.0)
        assert feed_server.requests[path] == polls, "still polling fast despite WebSub"

        bad_before = metrics.WEBSUB_DELIVERIES.labels(outcome="bad_signature")._value.get()
        assert await hub.push(body(["evil", "a"]), secret=b"not the secret") == 202
        assert await hub.push(body(["b", "a"]), method="sha256") == 202
        assert await hub.push(body(["c", "b", "a"]), method="sha1") == 202
        await eventually(
            lambda: sum(len(r.articles) for r in instance.polled[url]) >= 3, 20, "pushed entries"
        )
        assert (
            metrics.WEBSUB_DELIVERIES.labels(outcome="bad_signature")._value.get() == bad_before + 1
        )
    finally:
        await instance.close()
    published = sorted(
        str(a["url"]).rsplit("/", 1)[-1] for a in await published_by(kafka_bootstrap, url)
    )
    assert published == ["a", "b", "c"]


@pytest.mark.kafka
async def test_after_a_restart_a_pushed_feed_is_polled_and_subscribed_again_at_once(
    kafka_bootstrap: str, feed_server: FeedServer, hub: TinyHub, topics: Topics, unique_name: str
) -> None:
    """The subscription's secret died with the old process and the saved schedule is stretched
    to the longest interval: waiting it out would leave the feed unheard for that long."""
    path = f"{unique_name}/restarted.xml"
    url = feed_server.url(path)
    feed_server.bodies[path] = rss(unique_name, ["a"], hub=hub.url, self_url=url)
    config = make_config(
        kafka_bootstrap, [url], unique_name, websub_port=free_port(), max_interval_s=600.0
    )
    first = Instance(config, topics, f"g-{unique_name}")
    try:
        await eventually(lambda: bool(hub.latest() and hub.latest().verified), 30, "subscription")  # type: ignore[union-attr]
        polls = len(first.polled[url])
        await eventually(lambda: len(first.polled[url]) > polls, 30, "a poll that stretches")
    finally:
        await first.close()

    second = Instance(config, topics, f"g-{unique_name}")
    try:
        await eventually(lambda: bool(second.polled[url]), 20, "a poll right after the restart")
        await eventually(
            lambda: len(hub.requests) >= 2 and hub.requests[-1].verified, 20, "a new subscription"
        )
        feed_server.bodies[path] = rss(unique_name, ["b", "a"], hub=hub.url, self_url=url)
        assert await hub.push(feed_server.bodies[path]) == 202  # signed with the new secret
        await eventually(
            lambda: any(r.articles for r in second.polled[url]), 20, "the pushed entry"
        )
    finally:
        await second.close()
