"""A tiny WebSub hub for the tests: accepts subscriptions, verifies intent, pushes content."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from connectors.websub.signature import sign


@dataclass
class HubSubscription:
    callback: str
    topic: str
    secret: bytes
    verified: bool = False


@dataclass
class TinyHub:
    lease_s: int = 3600
    requests: list[HubSubscription] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hub"

    def latest(self) -> HubSubscription | None:
        return self.requests[-1] if self.requests else None

    async def _subscribe(self, request: web.Request) -> web.Response:
        form = await request.post()
        sub = HubSubscription(
            str(form["hub.callback"]),
            str(form["hub.topic"]),
            bytes.fromhex(str(form["hub.secret"])),
        )
        self.requests.append(sub)
        # Verification of intent, as a hub does it: the callback must echo our challenge.
        challenge = secrets.token_hex(8)
        query = {
            "hub.mode": "subscribe",
            "hub.topic": sub.topic,
            "hub.challenge": challenge,
            "hub.lease_seconds": str(self.lease_s),
        }
        async with aiohttp.ClientSession() as session, session.get(sub.callback, params=query) as r:
            sub.verified = r.status == 200 and await r.text() == challenge
        return web.Response(status=202)

    async def push(
        self, body: bytes, *, method: str = "sha256", secret: bytes | None = None
    ) -> int:
        """Deliver `body` to the latest subscriber, signed with its secret (or `secret`)."""
        sub = self.latest()
        assert sub is not None and sub.verified
        headers = {
            "Content-Type": "application/rss+xml",
            "X-Hub-Signature": sign(secret or sub.secret, body, method),
        }
        async with (
            aiohttp.ClientSession() as session,
            session.post(sub.callback, data=body, headers=headers) as response,
        ):
            return response.status

    async def start(self) -> TinyHub:
        app = web.Application()
        app.router.add_post("/hub", self._subscribe)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
