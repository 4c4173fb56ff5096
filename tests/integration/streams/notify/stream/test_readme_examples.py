"""The curl examples of the README's "Live stream (SSE)" section, run against a real server."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from pathlib import Path

import pytest

from streams.notify.stream import SseStream
from tests.support.sse import Producer, record, running_stream

pytestmark = [
    pytest.mark.kafka,
    pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed"),
]
README = Path(__file__).resolve().parents[5] / "README.md"


def curl_examples() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Live stream (SSE)\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^curl -N .*$", section, flags=re.MULTILINE)


async def run_example(command: str, stream: SseStream, env: dict[str, str]) -> str:
    """The example pointed at `stream`, stopped after 3 s (it would follow the stream for ever)."""
    command = command.replace("127.0.0.1:8088", f"127.0.0.1:{stream.port}")
    process = await asyncio.create_subprocess_shell(
        f"{command} -s --max-time 3",
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, **env},
    )
    out, _ = await process.communicate()
    assert process.returncode == 28, (command, process.returncode, out)  # 28: --max-time hit
    return out.decode()


def data_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("data: {")]


async def test_the_readme_curl_examples_work(kafka_bootstrap: str, unique_name: str) -> None:
    follow, replay, resume, with_token = curl_examples()
    token = {"NEWSMON_API_TOKEN": "readme-t0ken"}
    async with Producer(kafka_bootstrap) as producer:
        async with running_stream(kafka_bootstrap, unique_name) as stream:
            # 13 records on each of the 3 partitions, so the README's position exists.
            await producer.send(f"{unique_name}.newsmon.alerts", [record(n) for n in range(39)])
            await producer.send(f"{unique_name}.newsmon.topic.sanctions", [record(1)])
            assert "event: position" in await run_example(follow, stream, {})
            assert data_lines(await run_example(replay, stream, {})) == [
                f"data: {record(1).decode()}"
            ]
            resumed = await run_example(resume, stream, {})
            assert "id: p0:12.p1:7.p2:0" in resumed
            assert len(data_lines(resumed)) == 1 + 6 + 13
        async with running_stream(
            kafka_bootstrap, unique_name, token, token_env="NEWSMON_API_TOKEN"
        ) as stream:
            assert "event: position" in await run_example(with_token, stream, token)
