"""`WebSubSubscriber`: subscribe to the hubs feeds advertise, verify, receive pushes, renew.

One aiohttp server on `websub_port` answers every subscription at `/websub/<token>`, the token
being a hash of the feed so that a re-subscription (new secret) replaces the old one at the
hub. The hub's verification GET must name a topic we asked for; pushed content is accepted
only with a valid `X-Hub-Signature` HMAC (sha1/sha256/...) made with that subscription's
secret, then handed to `deliver(feed, body, content_type)`. The hub gets its 202 only once
`deliver` said the content is stored; otherwise (not our feed, unreadable, Kafka slow, too
many deliveries in flight) a 503, so that the hub delivers again; meanwhile the poller polls
the feed at once. Bad signatures are counted and ignored with a 2xx, as WebSub requires.
Leases are renewed when less than a tenth of them remains. Secrets live in memory only: after
a restart the connector polls each feed whose saved state names a hub at once, without waiting
out the schedule pushes had stretched, and that poll subscribes afresh (connectors/service.py).
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiohttp
from aiohttp import web

from connectors import metrics
from connectors.settings import ConnectorSettings
from connectors.websub.signature import signature_ok
from newsmon.contract import utc_now

log = logging.getLogger(__name__)

# True once the pushed content is stored (articles and state acknowledged by Kafka).
Delivery = Callable[[str, bytes, str | None], Awaitable[bool]]
_MAX_DELIVERIES = 32  # in flight at once; beyond, hubs are asked to retry later
_ANSWER_WITHIN_S = 10.0  # hubs time out; a delivery still running then is answered 503
_RETRY_REQUEST_S = 600.0  # after a failed or unanswered request, ask the hub again this late
_RENEW_FRACTION = 0.1


@dataclass
class Subscription:
    feed: str
    hub: str
    topic: str
    secret: bytes
    requested: datetime
    expires: datetime | None = None  # set when the hub verified the intent

    def active(self, now: datetime) -> bool:
        return self.expires is not None and self.expires > now


def token_for(feed: str) -> str:
    return hashlib.sha256(feed.encode("utf-8")).hexdigest()[:24]


class WebSubSubscriber:
    def __init__(
        self,
        settings: ConnectorSettings,
        deliver: Delivery,
        *,
        host: str = "127.0.0.1",
        clock: Callable[[], datetime] = utc_now,
        max_deliveries: int = _MAX_DELIVERIES,
    ) -> None:
        self._settings = settings
        self._deliver = deliver
        self._host = host
        self._clock = clock
        self._subs: dict[str, Subscription] = {}  # by token
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._deliveries: set[asyncio.Task[bool]] = set()
        self._max_deliveries = max_deliveries
        self.port = settings.websub_port

    @property
    def base_url(self) -> str:
        return (self._settings.websub_callback_url or f"http://127.0.0.1:{self.port}").rstrip("/")

    def callback_for(self, feed: str) -> str:
        return f"{self.base_url}/websub/{token_for(feed)}"

    async def start(self) -> None:
        app = web.Application(client_max_size=self._settings.max_body_bytes)
        app.router.add_get("/websub/{token}", self._verify)
        app.router.add_post("/websub/{token}", self._receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self.port)
        await site.start()
        if not self.port:  # port 0 in tests: learn the one the system chose
            # aiohttp's public list of the bound socket addresses ((host, port, ...) each).
            self.port = int(self._runner.addresses[0][1])
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self._settings.fetch_deadline_s), trust_env=False
        )

    async def close(self) -> None:
        # Deliveries cut short here were not acknowledged: their hubs will deliver again.
        for task in [*self._tasks, *self._deliveries]:
            task.cancel()
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def active(self, feed: str) -> bool:
        sub = self._subs.get(token_for(feed))
        return sub is not None and sub.active(self._clock())

    def ensure(self, feed: str, hub: str, topic: str) -> None:
        """Subscribe `feed` at `hub` unless a subscription is live or was asked for recently."""
        now = self._clock()
        sub = self._subs.get(token_for(feed))
        recent = sub is not None and (
            sub.active(now) or now - sub.requested < timedelta(seconds=_RETRY_REQUEST_S)
        )
        if sub is not None and recent and (sub.hub, sub.topic) == (hub, topic):
            return
        self._spawn(self._subscribe(feed, hub, topic))

    def renew_due(self) -> int:
        """Renew leases with less than a tenth left; returns how many renewals started."""
        now = self._clock()
        margin = timedelta(seconds=self._settings.websub_lease_s * _RENEW_FRACTION)
        due = [s for s in self._subs.values() if s.expires is not None and s.expires - now < margin]
        for sub in due:
            self._spawn(self._subscribe(sub.feed, sub.hub, sub.topic))
        return len(due)

    def _spawn(self, work: Awaitable[None]) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _subscribe(self, feed: str, hub: str, topic: str) -> None:
        assert self._session is not None, "start() first"
        sub = Subscription(feed, hub, topic, secrets.token_bytes(32), self._clock())
        previous = self._subs.get(token_for(feed))
        if previous is not None and previous.active(sub.requested) and previous.hub == hub:
            sub.expires = previous.expires  # keep accepting until the renewal is verified
            sub.secret = previous.secret
        self._subs[token_for(feed)] = sub
        form = {
            "hub.mode": "subscribe",
            "hub.topic": topic,
            "hub.callback": self.callback_for(feed),
            "hub.secret": sub.secret.hex(),
            "hub.lease_seconds": str(self._settings.websub_lease_s),
        }
        try:
            async with self._session.post(hub, data=form) as response:
                if response.status >= 300:
                    log.warning("hub %s refused %s: HTTP %d", hub, topic, response.status)
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("hub %s unreachable for %s: %s", hub, topic, exc)

    async def _verify(self, request: web.Request) -> web.Response:
        sub = self._subs.get(request.match_info["token"])
        query = request.query
        mode, topic = query.get("hub.mode"), query.get("hub.topic")
        if sub is None or topic != sub.topic:
            return web.Response(status=404)
        if mode == "denied":
            log.warning("hub %s denied %s: %s", sub.hub, topic, query.get("hub.reason", ""))
            return web.Response(status=200)
        if mode != "subscribe" or "hub.challenge" not in query:
            return web.Response(status=404)
        try:
            lease = float(query.get("hub.lease_seconds", self._settings.websub_lease_s))
        except ValueError:
            lease = float(self._settings.websub_lease_s)
        sub.expires = self._clock() + timedelta(seconds=lease)
        log.info("subscribed to %s at %s for %.0fs", topic, sub.hub, lease)
        return web.Response(text=query["hub.challenge"])

    async def _receive(self, request: web.Request) -> web.Response:
        sub = self._subs.get(request.match_info["token"])
        if sub is None:
            metrics.WEBSUB_DELIVERIES.labels(outcome="unknown_topic").inc()
            return web.Response(status=410)  # tells the hub to drop a subscription we forgot
        body = await request.read()
        if not signature_ok(sub.secret, body, request.headers.get("X-Hub-Signature")):
            metrics.WEBSUB_DELIVERIES.labels(outcome="bad_signature").inc()
            log.warning("ignoring a push for %s with a bad or missing signature", sub.feed)
            return web.Response(status=202)
        if len(self._deliveries) >= self._max_deliveries:
            return self._refused(sub.feed, "too many deliveries in flight")
        task = asyncio.ensure_future(self._deliver(sub.feed, body, request.content_type))
        self._deliveries.add(task)
        task.add_done_callback(functools.partial(self._delivered, sub.feed))
        # Not cancelled on timeout: a delivery left running still stores, and logs its end.
        await asyncio.wait({task}, timeout=_ANSWER_WITHIN_S)
        if not task.done() or task.cancelled() or task.exception() is not None:
            return self._refused(sub.feed, "not stored in time or failed")
        if not task.result():
            return self._refused(sub.feed, "not stored")
        metrics.WEBSUB_DELIVERIES.labels(outcome="accepted").inc()
        return web.Response(status=202)

    def _refused(self, feed: str, why: str) -> web.Response:
        metrics.WEBSUB_DELIVERIES.labels(outcome="refused").inc()
        log.warning("push for %s refused (%s); the hub will retry", feed, why)
        return web.Response(status=503, headers={"Retry-After": "60"})

    def _delivered(self, feed: str, task: asyncio.Task[bool]) -> None:
        self._deliveries.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("delivering a push for %s failed", feed, exc_info=task.exception())
