"""The live stream against the real broker, read by a real HTTP client (aiohttp) frame by frame."""

from __future__ import annotations

import asyncio
import json
import random
import socket
import time
from collections import Counter

import aiohttp
import pytest

from newsmon.broker.local import free_port
from newsmon.config import parse_config
from streams.notify.stream import SseStream, StreamError, decode_position, serve_stream
from tests.support.sse import (
    PARTITIONS,
    Frame,
    Producer,
    alerts_url,
    frames,
    next_events,
    record,
    running_stream,
)

pytestmark = pytest.mark.kafka


def sample(stream: SseStream, name: str, labels: dict[str, str]) -> float:
    value = stream.metrics.registry.get_sample_value(name, labels)
    assert value is not None, name
    return value


async def wait_for(condition: object, timeout_s: float = 30.0) -> None:
    """Poll `condition()` until true; fails the test if it never holds."""
    deadline = time.monotonic() + timeout_s
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition never held"
        await asyncio.sleep(0.05)


def drained_to_close(sock: socket.socket) -> bool:
    """Read until the server closes (EOF or reset); a timeout raises."""
    try:
        while sock.recv(1 << 20):
            pass
    except ConnectionResetError:
        pass
    return True


async def test_a_client_gets_what_arrives_after_it_connected(
    kafka_bootstrap: str, unique_name: str
) -> None:
    async with (
        running_stream(kafka_bootstrap, unique_name) as stream,
        Producer(kafka_bootstrap) as producer,
        aiohttp.ClientSession() as session,
    ):
        topic = f"{unique_name}.newsmon.alerts"
        await producer.send(topic, [record(n) for n in range(3)])  # before: not sent
        async with session.get(alerts_url(stream)) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/event-stream")
            first = await anext(aiter(frames(response)))
            # The position frame: the end offsets at connect, so a reconnect misses nothing.
            assert first.event == "position" and first.data == ""
            assert first.id == "p0:1.p1:1.p2:1"
            sent = [record(n) for n in range(10, 16)]
            await producer.send(topic, sent)
            events = await next_events(response, len(sent))
        assert sorted(e.data or "" for e in events) == sorted(v.decode() for v in sent)
        assert decode_position(events[-1].id or "") == {0: 3, 1: 3, 2: 3}
        assert sample(stream, "newsmon_stream_events_total", {"stream": "alerts"}) == 6
        await wait_for(
            lambda: sample(stream, "newsmon_stream_disconnects_total", {"reason": "client"}) == 1
        )
        assert sample(stream, "newsmon_stream_clients", {"stream": "alerts"}) == 0


async def test_from_beginning_replays_what_kafka_holds_then_goes_live(
    kafka_bootstrap: str, unique_name: str
) -> None:
    async with (
        running_stream(kafka_bootstrap, unique_name) as stream,
        Producer(kafka_bootstrap) as producer,
        aiohttp.ClientSession() as session,
    ):
        topic = f"{unique_name}.newsmon.topic.sanctions"
        held = [record(n) for n in range(7)]
        await producer.send(topic, held)
        url = f"http://127.0.0.1:{stream.port}/v1/streams/topics/sanctions?from=beginning"
        async with session.get(url) as response:
            assert response.status == 200
            replay = await next_events(response, len(held))
            await producer.send(topic, [record(99)])
            live = await next_events(response, 1)
        assert sorted(e.data or "" for e in replay) == sorted(v.decode() for v in held)
        assert live[0].data == record(99).decode()
        assert sample(stream, "newsmon_stream_events_total", {"stream": "sanctions"}) == 8


async def test_last_event_id_resumes_without_gap_or_repeat_across_partitions(
    kafka_bootstrap: str, unique_name: str
) -> None:
    """A client reconnects many times, at random points, while records keep arriving on three
    partitions; what it received over all connections is every record exactly once."""
    total = 400
    rng = random.Random(7)
    expected_ends = Counter([0])  # record -1 below goes to partition 0
    expected_ends.update(
        (n % PARTITIONS + i) % PARTITIONS for n in range(0, total, 8) for i in range(8)
    )
    async with (
        running_stream(kafka_bootstrap, unique_name) as stream,
        Producer(kafka_bootstrap) as producer,
        aiohttp.ClientSession() as session,
    ):
        topic = f"{unique_name}.newsmon.alerts"

        async def keep_producing() -> None:
            for n in range(0, total, 8):
                await producer.send(topic, [record(i) for i in range(n, n + 8)], n % PARTITIONS)
                await asyncio.sleep(0.01)

        await producer.send(topic, [record(-1)])  # before the first connection: not wanted
        async with session.get(alerts_url(stream)) as response:
            first = await anext(aiter(frames(response)))
        last_id = first.id
        assert first.event == "position" and last_id is not None
        producing = asyncio.create_task(keep_producing())
        received: list[Frame] = []
        connections = 0
        async with asyncio.timeout(60):
            while len(received) < total:
                connections += 1
                headers, url = {}, alerts_url(stream)
                if connections % 2:  # the header, as EventSource sends it; else the fallback
                    headers["Last-Event-ID"] = last_id
                else:
                    url += f"?last_event_id={last_id}"
                quota = rng.randint(1, 60)
                async with session.get(url, headers=headers) as response:
                    assert response.status == 200
                    async for frame in frames(response):
                        if frame.id is not None:
                            last_id = frame.id
                        if frame.comment is None and frame.event is None:
                            received.append(frame)
                            quota -= 1
                            if quota == 0 or len(received) == total:
                                break
                # Leaving the block drops the connection mid-stream, as a network fault would.
        await producing
    numbers = [json.loads(frame.data or "")["n"] for frame in received]
    assert connections > 5
    assert sorted(numbers) == list(range(total)), "a record was lost or repeated"
    # After the last record every partition's position is its end offset.
    assert decode_position(last_id) == dict(expected_ends)


async def test_a_client_that_stops_reading_is_disconnected_at_its_buffer_bound(
    kafka_bootstrap: str, unique_name: str
) -> None:
    """A client reads the response headers and then nothing. Once its socket buffers are full,
    events queue up on the server; at `client_buffer` of them the client is cut off, and the
    queue never held more."""
    buffer = 8
    async with (
        running_stream(kafka_bootstrap, unique_name, client_buffer=buffer) as stream,
        Producer(kafka_bootstrap) as producer,
    ):
        topic = f"{unique_name}.newsmon.alerts"
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # fills sooner
        sock.connect(("127.0.0.1", stream.port))
        try:
            sock.sendall(b"GET /v1/streams/alerts HTTP/1.1\r\nHost: test\r\n\r\n")
            await wait_for(lambda: sample(stream, "newsmon_stream_clients", {"stream": "alerts"}))
            slow = {"reason": "slow"}
            produced = 0
            # Large records fill the socket buffers (a few MB at most) quickly; keep producing
            # until the server gives up on the client, however big the buffers are here.
            while sample(stream, "newsmon_stream_disconnects_total", slow) == 0:
                assert produced < 4000, "a client that does not read was never disconnected"
                await producer.send(topic, [record(produced + i, pad=32_000) for i in range(40)])
                produced += 40
                await asyncio.sleep(0.05)
            assert stream.queue_peak == buffer
            assert sample(stream, "newsmon_stream_clients", {"stream": "alerts"}) == 0
            sent = sample(stream, "newsmon_stream_events_total", {"stream": "alerts"})
            assert sent < produced  # it was cut off, not served everything
            # The server dropped the connection: reading what is left ends in EOF or a reset.
            sock.settimeout(10)
            assert drained_to_close(sock)
        finally:
            sock.close()


async def test_with_a_token_requests_need_the_bearer(
    kafka_bootstrap: str, unique_name: str
) -> None:
    environ = {"NEWSMON_TEST_TOKEN": "s3cret-t0ken"}
    async with (
        running_stream(
            kafka_bootstrap, unique_name, environ, token_env="NEWSMON_TEST_TOKEN"
        ) as stream,
        aiohttp.ClientSession() as session,
    ):
        url = alerts_url(stream)
        async with session.get(url) as response:
            assert response.status == 401
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
        async with session.get(url, headers={"Authorization": "Bearer wrong"}) as response:
            assert response.status == 401
        topic_url = f"http://127.0.0.1:{stream.port}/v1/streams/topics/nato"
        async with session.get(topic_url, headers={"Authorization": "Bearer wrong"}) as response:
            assert response.status == 401
        good = {"Authorization": "Bearer s3cret-t0ken"}
        async with session.get(url, headers=good) as response:
            assert response.status == 200
            first = await anext(aiter(frames(response)))
            assert first.event == "position"
        # A browser's EventSource cannot set a header: the token in the query (RFC 6750 2.3).
        async with session.get(url, params={"access_token": "wrong"}) as response:
            assert response.status == 401
        async with session.get(url, params={"access_token": "s3cret-t0ken"}) as response:
            assert response.status == 200
            first = await anext(aiter(frames(response)))
            assert first.event == "position"
        assert sample(stream, "newsmon_stream_refused_total", {"reason": "unauthorized"}) == 4


async def test_pages_of_the_listed_origins_may_read_the_streams(
    kafka_bootstrap: str, unique_name: str
) -> None:
    async with (
        running_stream(
            kafka_bootstrap, unique_name, cors_origins=["https://dash.example"]
        ) as stream,
        aiohttp.ClientSession() as session,
    ):
        url = alerts_url(stream)
        listed = {"Origin": "https://dash.example"}
        async with session.get(url, headers=listed) as response:
            assert response.status == 200
            assert response.headers["Access-Control-Allow-Origin"] == "https://dash.example"
            assert (await anext(aiter(frames(response)))).event == "position"
        unknown_topic = f"http://127.0.0.1:{stream.port}/v1/streams/topics/nope"
        async with session.get(unknown_topic, headers=listed) as response:
            assert response.status == 404  # and the page may read why
            assert response.headers["Access-Control-Allow-Origin"] == "https://dash.example"
        async with session.get(url, headers={"Origin": "https://other.example"}) as response:
            assert response.status == 200  # a browser, not the server, withholds the body
            assert "Access-Control-Allow-Origin" not in response.headers


async def test_a_token_env_that_is_not_set_stops_the_start(
    kafka_bootstrap: str, unique_name: str
) -> None:
    with pytest.raises(StreamError, match="NEWSMON_TEST_TOKEN is not set"):
        async with running_stream(kafka_bootstrap, unique_name, {}, token_env="NEWSMON_TEST_TOKEN"):
            pass


async def test_unknown_topic_is_404_and_a_bad_position_400(
    kafka_bootstrap: str, unique_name: str
) -> None:
    async with (
        running_stream(kafka_bootstrap, unique_name) as stream,
        aiohttp.ClientSession() as session,
    ):
        base = f"http://127.0.0.1:{stream.port}/v1/streams"
        async with session.get(f"{base}/topics/weather") as response:
            assert response.status == 404
            assert "nato, sanctions" in await response.text()
        for headers, query in [
            ({"Last-Event-ID": "p0:1,p1:2"}, ""),  # not a position
            ({"Last-Event-ID": "p0:0.p7:0"}, ""),  # a partition the topic lacks
            ({"Last-Event-ID": "p0:5.p1:0.p2:0"}, ""),  # beyond the end: another stream's
            ({}, "?from=yesterday"),
        ]:
            async with session.get(f"{base}/alerts{query}", headers=headers) as response:
                assert response.status == 400, (headers, query)
        async with session.get(f"{base}/topics/nato") as response:
            assert response.status == 200
        assert sample(stream, "newsmon_stream_refused_total", {"reason": "bad_request"}) == 4
        assert sample(stream, "newsmon_stream_refused_total", {"reason": "unknown_topic"}) == 1


async def test_keep_alive_comments_and_shutdown_end_the_stream_cleanly(
    kafka_bootstrap: str, unique_name: str
) -> None:
    async with aiohttp.ClientSession() as session:
        async with running_stream(kafka_bootstrap, unique_name, keepalive_s=0.2) as stream:
            response = await session.get(alerts_url(stream))
            stream_frames = aiter(frames(response))
            assert (await anext(stream_frames)).event == "position"
            comment = await asyncio.wait_for(anext(stream_frames), 10)
            assert comment.comment == "ping"
        # stop() ended the connection: the response ends instead of hanging.
        rest = [frame async for frame in stream_frames if frame.comment is None]
        assert rest == []
        response.release()
        assert sample(stream, "newsmon_stream_disconnects_total", {"reason": "shutdown"}) == 1


async def test_a_replay_larger_than_the_buffer_goes_at_the_clients_pace(
    kafka_bootstrap: str, unique_name: str
) -> None:
    """Catching up is not being slow: a client that reads steadily but slower than the server
    sends replays far more than `client_buffer` records (and socket buffers) without being
    disconnected, while the queue stays within its bound."""
    total = 300
    async with (
        running_stream(kafka_bootstrap, unique_name, client_buffer=2) as stream,
        Producer(kafka_bootstrap) as producer,
        aiohttp.ClientSession() as session,
    ):
        topic = f"{unique_name}.newsmon.topic.nato"
        await producer.send(topic, [record(n, pad=40_000) for n in range(total)])  # 12 MB
        url = f"http://127.0.0.1:{stream.port}/v1/streams/topics/nato?from=beginning"
        got: set[str] = set()
        async with session.get(url) as response, asyncio.timeout(60):
            async for frame in frames(response):
                if frame.comment is None and frame.event is None:
                    got.add(frame.data or "")
                    if len(got) == total:
                        break
                    await asyncio.sleep(0.005)  # a slow reader: the server waits for it
        assert len(got) == total
        assert sample(stream, "newsmon_stream_disconnects_total", {"reason": "slow"}) == 0
        assert stream.queue_peak == 2  # the queue was full, and no fuller


async def test_serve_stream_runs_the_stream_of_a_configuration(
    kafka_bootstrap: str, unique_name: str
) -> None:
    port = free_port()
    config = parse_config(
        {
            "kafka": {"bootstrap": kafka_bootstrap},
            "worker": {"topic_prefix": f"{unique_name}."},
            "notify": {"stream": {"port": port}},
        },
        env={},
    )
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_stream(config, stop))
    base = f"http://127.0.0.1:{port}/v1/streams"
    async with aiohttp.ClientSession() as session:
        async with Producer(kafka_bootstrap) as producer:
            while True:  # until it listens
                assert not serving.done(), serving.exception()
                try:
                    response = await session.get(f"{base}/topics/nato")
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            async with response:
                assert response.status == 200
                assert (await anext(aiter(frames(response)))).event == "position"
                # The worker's prefix applies: the stream reads the topic the worker writes.
                await producer.send(f"{unique_name}.newsmon.topic.nato", [record(5)])
                assert (await next_events(response, 1))[0].data == record(5).decode()
        async with session.get(f"{base}/topics/weather") as response:
            assert response.status == 404
    stop.set()
    await asyncio.wait_for(serving, 15)
