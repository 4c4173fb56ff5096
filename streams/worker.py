"""The worker process: create the topics, then run the faust app in the foreground.

`run_worker(config)` returns an exit status instead of raising: 0 after a clean stop
(SIGINT/SIGTERM), 1 when Kafka cannot be reached or the worker crashed, 2 when the
configuration cannot run a worker. Logs go to stderr; stdout carries only alert lines.
SIGUSR1 logs every asyncio task's stack (mode's), SIGUSR2 where every async generator waits
(`streams.diagnostics`).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import Callable
from typing import IO

import faust
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaConnectionError, KafkaError

from newsmon.config import Config
from newsmon.kafka.admin import ensure_topics
from streams.app import WorkerApp, WorkerConfigError, build_worker_app
from streams.compat.faust import check_versions
from streams.diagnostics import log_waiting_points

log = logging.getLogger(__name__)
CONNECT_ATTEMPTS = 10  # about ten seconds of retries before "cannot reach Kafka"
EXIT_OK, EXIT_FAILURE, EXIT_CONFIG = 0, 1, 2


def _fail(message: str, stream: IO[str]) -> None:
    stream.write(f"newsmon worker: {message}\n")
    stream.flush()


async def create_worker_topics(worker_app: WorkerApp, config: Config) -> list[str]:
    """Create every input and output topic the worker uses (faust creates its changelogs)."""
    assert config.kafka.bootstrap is not None  # build_worker_app refused a config without one
    specs = worker_app.topic_specs(config)
    return await ensure_topics(config.kafka.bootstrap, specs, attempts=CONNECT_ATTEMPTS,
                               client_id=config.kafka.client_id)  # fmt: skip


async def group_members(bootstrap: str, group: str, client_id: str = "newsmon") -> int:
    """How many members the consumer group `group` has right now (0 if it does not exist)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id=client_id)
    await admin.start()
    try:
        responses = await admin.describe_consumer_groups([group])
    finally:
        await admin.close()
    # DescribeGroups: (error_code, group_id, state, protocol_type, protocol, members, ...)
    return sum(
        len(described[5]) for response in responses for described in response.groups
        if described[1] == group
    )  # fmt: skip


async def note_group_in_use(config: Config) -> int:
    """Log a notice when other workers already run under this app id; returns their count.

    Workers of one group share the raw topic's partitions (stage 1) and one of them holds the
    whole story state (stage 2, `streams.app`), so they decide as one: the notice only helps
    to spot a worker started twice by mistake. Never fatal."""
    assert config.kafka.bootstrap is not None
    app_id = config.worker.app_id
    try:
        members = await group_members(config.kafka.bootstrap, app_id, config.kafka.client_id)
    except (KafkaError, OSError) as exc:
        log.debug("could not describe consumer group %s: %s", app_id, exc)
        return 0
    if members:
        log.info(
            "consumer group %r already has %d member(s) (other workers with this app id, or "
            "one that stopped without leaving the group, counted for up to "
            "worker.session_timeout_s = %.0f s). This worker joins them: they share the raw "
            "partitions (stage 1), one of them holds the story state (stage 2), and they "
            "decide as one worker would.",
            app_id, members, config.worker.session_timeout_s,
        )  # fmt: skip
    return members


def run_worker(
    config: Config, *, loglevel: str = "warning", stderr: IO[str] = sys.stderr,
    build: Callable[[Config], WorkerApp] = build_worker_app,
) -> int:  # fmt: skip
    """Run the worker until SIGINT/SIGTERM; return the process exit status. `build` makes the
    app (benchmarks run variants of the worker's layout through it)."""
    check_versions()  # warns, naming the patches, when faust/aiokafka/mode are not as pinned
    try:
        worker_app = build(config)
    except (WorkerConfigError, ValueError) as exc:  # TopicFileError is a ValueError
        _fail(str(exc), stderr)
        return EXIT_CONFIG
    try:
        created = asyncio.run(create_worker_topics(worker_app, config))
    except (KafkaConnectionError, KafkaError, OSError) as exc:
        _fail(f"cannot reach Kafka at {config.kafka.bootstrap}: {exc}", stderr)
        return EXIT_FAILURE
    if created:
        log.info("created topics: %s", ", ".join(created))
    asyncio.run(note_group_in_use(config))
    # asyncio.run closed its loop; faust and mode want a current one of their own.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    worker = faust.Worker(
        worker_app.app,
        loglevel=loglevel,
        stdout=stderr,  # faust's banner and notices; stdout is for alerts only
        stderr=stderr,
        redirect_stdouts=False,  # else print() (our alert lines) would become log records
        quiet=True,  # no banner, no spinner: stderr is for log lines
        loop=loop,
    )
    # faust keeps a progress spinner even when quiet, and to feed it sets the ROOT logger to
    # DEBUG: every debug call of aiokafka and faust then builds a record that the handler
    # drops (~5% of the worker's time). Without the spinner the root logger keeps `loglevel`.
    worker.spinner = None
    # mode's SIGUSR2 stops the process in a debugger; the worker logs where it waits instead.
    worker._on_sigusr2 = log_waiting_points  # type: ignore[method-assign]
    # The compiled topics (over a million objects: every form of every frame's words), the
    # model and the lemma tables live as long as the process. Frozen, they are left out of
    # the collector's full collections, which would otherwise walk them all: a pause of
    # ~380 ms against ~7 ms (bench/bench_gc_pause.py) in which no article moves.
    gc.freeze()
    try:
        worker.execute_from_commandline()
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else EXIT_FAILURE
    return EXIT_OK
