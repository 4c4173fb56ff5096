"""`SseStream`: the live stream's HTTP server (Server-Sent Events, aiohttp + aiohttp-sse).

    GET /v1/streams/alerts          the alerts topic
    GET /v1/streams/topics/{name}   the classified articles of one configured topic

Each event is `id: <position>` and `data: <the record's JSON as Kafka holds it>`; the position
(streams/notify/stream/position.py) is every partition's next offset. Where a client starts:
the `Last-Event-ID` header (or `?last_event_id=`) resumes right after that event; else
`?from=beginning` replays what Kafka still holds; else it gets what arrives from now on. The
header wins over `from`, because a browser reconnects to the same URL with the header added.
Records are delivered as Kafka holds them: an alert the worker wrote twice (same id) is sent
twice, and clients de-duplicate by alert id.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping

from aiohttp import web
from aiohttp_sse import EventSourceResponse
from aiokafka.errors import KafkaError
from prometheus_client import CollectorRegistry

from newsmon.errors import NewsmonError
from newsmon.kafka.admin import TopicSpec, ensure_topics
from newsmon.kafka.settings import KafkaSettings
from streams.notify.settings import StreamSettings
from streams.notify.stream.auth import TOKEN_PARAMETER, allowed_origin, request_token_ok
from streams.notify.stream.client import ClientStream
from streams.notify.stream.metrics import RefusalReason, StreamMetrics
from streams.notify.stream.position import PositionError, decode_position
from streams.notify.stream.reader import Start, StartError, TopicReader, TopicUnavailable

log = logging.getLogger(__name__)
ALERTS_STREAM = "alerts"
_RETRY_AFTER_S = "5"
_SHUTDOWN_WAIT_S = 5.0


class StreamError(NewsmonError, RuntimeError):
    """The stream cannot start; the message names the setting."""


class SseStream:
    """The SSE server. `await start()` binds `settings.host:settings.port`; `await stop()`
    ends every connection (reason `shutdown`) and closes the socket."""

    def __init__(
        self,
        settings: StreamSettings,
        kafka: KafkaSettings,
        *,
        alerts_topic: str,
        topic_for: Callable[[str], str],
        known_topics: tuple[str, ...],
        registry: CollectorRegistry | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._settings = settings
        self._kafka = kafka
        self._alerts_topic = alerts_topic
        self._topic_for = topic_for
        self._known_topics = known_topics
        self._environ = os.environ if environ is None else environ
        self.metrics = StreamMetrics((ALERTS_STREAM, *known_topics), registry)
        self._token: str | None = None
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()
        self._connections: set[asyncio.Task[object]] = set()
        self._clients: set[ClientStream] = set()
        self._finished_peak = 0

    @property
    def port(self) -> int:
        return self._settings.port

    @property
    def queue_peak(self) -> int:
        """The most events ever queued for one client (never more than client_buffer)."""
        return max([self._finished_peak, *(client.peak_queued for client in self._clients)])

    @property
    def url(self) -> str:
        return f"http://{self._settings.host}:{self._settings.port}"

    async def start(self) -> None:
        """Read the token, create missing topics, bind. Raises StreamError on a bad setting,
        aiokafka's KafkaConnectionError when Kafka never answers, OSError when the port is
        taken."""
        if self._settings.port == 0:
            raise StreamError("notify.stream.port is 0: the stream is disabled")
        if self._kafka.bootstrap is None:
            raise StreamError("kafka.bootstrap is not set: the stream needs a Kafka cluster")
        if self._settings.token_env is not None:
            token = self._environ.get(self._settings.token_env, "")
            if not token:
                raise StreamError(
                    f"notify.stream.token_env: environment variable "
                    f"{self._settings.token_env} is not set or empty"
                )
            self._token = token
        topics = [self._alerts_topic, *(self._topic_for(name) for name in self._known_topics)]
        specs = [
            TopicSpec(topic, self._kafka.partitions, self._kafka.replication_factor)
            for topic in topics
        ]
        await ensure_topics(self._kafka.bootstrap, specs, client_id=self._kafka.client_id)
        app = web.Application()
        app.router.add_get("/v1/streams/alerts", self._alerts, allow_head=False)
        app.router.add_get("/v1/streams/topics/{name}", self._topic, allow_head=False)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=_SHUTDOWN_WAIT_S)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._settings.host, self._settings.port)
        try:
            await site.start()
        except BaseException:
            await self._runner.cleanup()
            self._runner = None
            raise
        log.info("live stream (SSE) on %s/v1/streams/alerts", self.url)

    async def stop(self) -> None:
        self._stopping.set()
        if self._connections:
            await asyncio.wait(self._connections, timeout=_SHUTDOWN_WAIT_S)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _alerts(self, request: web.Request) -> web.StreamResponse:
        self._authorize(request)
        return await self._serve(request, ALERTS_STREAM, self._alerts_topic)

    async def _topic(self, request: web.Request) -> web.StreamResponse:
        self._authorize(request)
        name = request.match_info["name"]
        if name not in self._known_topics:
            raise self._refuse(
                request, web.HTTPNotFound, "unknown_topic",
                f"unknown topic {name!r}; streams exist for: {', '.join(self._known_topics)}",
            )  # fmt: skip
        return await self._serve(request, name, self._topic_for(name))

    def _authorize(self, request: web.Request) -> None:
        if self._token is not None and not request_token_ok(
            request.headers, request.query, self._token
        ):
            raise self._refuse(
                request, web.HTTPUnauthorized, "unauthorized",
                f"a valid 'Authorization: Bearer' header (or ?{TOKEN_PARAMETER}=) is required",
                headers={"WWW-Authenticate": 'Bearer realm="newsmon"'},
            )  # fmt: skip

    def _cors(self, request: web.Request) -> dict[str, str]:
        """The CORS headers of a response to `request`: a browser page of an allowed origin
        may read it (errors included, so that the page sees why)."""
        allowed = allowed_origin(request.headers.get("Origin"), self._settings.cors_origins)
        if allowed is None:
            return {}
        return {"Access-Control-Allow-Origin": allowed, "Vary": "Origin"}

    def _refuse(
        self,
        request: web.Request,
        kind: type[web.HTTPError],
        reason: RefusalReason,
        text: str,
        headers: Mapping[str, str] | None = None,
    ) -> web.HTTPError:
        self.metrics.refused.labels(reason).inc()
        return kind(text=text + "\n", headers={**(headers or {}), **self._cors(request)})

    async def _serve(self, request: web.Request, name: str, topic: str) -> web.StreamResponse:
        if self._stopping.is_set():
            raise self._refuse(request, web.HTTPServiceUnavailable, "unavailable", "shutting down")
        try:
            start = start_of(request)
            assert self._kafka.bootstrap is not None
            reader = await TopicReader.open(
                self._kafka.bootstrap, f"{self._kafka.client_id}-stream", topic, start
            )
        except (PositionError, StartError) as exc:
            raise self._refuse(request, web.HTTPBadRequest, "bad_request", str(exc)) from None
        except (TopicUnavailable, KafkaError, OSError) as exc:
            log.warning("stream %s: cannot open %s: %r", name, topic, exc)
            raise self._refuse(
                request, web.HTTPServiceUnavailable, "unavailable", "Kafka is not available; retry",
                headers={"Retry-After": _RETRY_AFTER_S},
            ) from None  # fmt: skip
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        clients = self.metrics.clients.labels(name)
        clients.inc()
        try:
            response = EventSourceResponse(
                ping_interval=self._settings.keepalive_s, headers=self._cors(request)
            )
            await response.prepare(request)
            client = ClientStream(
                name=name, request=request, response=response, reader=reader,
                buffer=self._settings.client_buffer, metrics=self.metrics,
                stopping=self._stopping,
            )  # fmt: skip
            self._clients.add(client)
            try:
                reason = await client.run()
            finally:
                self._clients.discard(client)
                self._finished_peak = max(self._finished_peak, client.peak_queued)
            self.metrics.disconnects.labels(reason).inc()
            log.info("stream %s: client %s disconnected (%s)", name, request.remote, reason)
            return response
        finally:
            clients.dec()
            self._connections.discard(task)
            await reader.close()


def start_of(request: web.Request) -> Start:
    """Where the request asks to start; raises PositionError or StartError when unreadable."""
    position = request.headers.get("Last-Event-ID") or request.query.get("last_event_id")
    if position:
        return Start("position", decode_position(position))
    where = request.query.get("from", "now")
    if where == "now":
        return Start("now")
    if where == "beginning":
        return Start("beginning")
    raise StartError(f"from={where[:40]!r}: use from=beginning or from=now")
