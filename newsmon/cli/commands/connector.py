"""`newsmon connector` (long-running) and `newsmon connectors --once` (poll every feed once)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path
from typing import Any

from connectors.publisher import KafkaUnavailable
from connectors.service import poll_once, run_connector
from newsmon.config import Config, ConfigError, load_config


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="YAML configuration file")
    parser.add_argument(
        "--feed", action="append", default=[], metavar="URL", help="also poll URL (repeatable)"
    )


def register(subparsers: Any) -> None:
    long_running = subparsers.add_parser(
        "connector", help="poll the feeds on their schedules and publish new articles to Kafka"
    )
    _common(long_running)
    long_running.set_defaults(handler=run_long)
    once = subparsers.add_parser("connectors", help="poll every feed once (--once) and exit")
    _common(once)
    once.add_argument(
        "--once", action="store_true", required=True, help="poll each feed once, then exit"
    )
    once.add_argument(
        "--kafka-timeout",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="give up when Kafka does not answer for this long (default 15)",
    )
    once.set_defaults(handler=run_once)


def _load(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    if not config.kafka.bootstrap:
        raise ConfigError("set NEWSMON_KAFKA_BOOTSTRAP or kafka.bootstrap")
    return config


def run_long(args: argparse.Namespace) -> int:
    try:
        config = _load(args)
    except ConfigError as exc:
        print(f"newsmon: {exc}", file=sys.stderr)
        return 2

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await run_connector(config, args.feed, stop)

    asyncio.run(main())
    return 0


def run_once(args: argparse.Namespace) -> int:
    try:
        config = _load(args)
        results = asyncio.run(poll_once(config, args.feed, kafka_timeout_s=args.kafka_timeout))
    except ConfigError as exc:
        print(f"newsmon: {exc}", file=sys.stderr)
        return 2
    except KafkaUnavailable as exc:
        print(f"newsmon: {exc}", file=sys.stderr)
        return 1
    failed = 0
    published = 0
    for feed, result in sorted(results.items()):
        if result is None:
            failed += 1
            print(f"{feed}: not polled (stopped)", file=sys.stderr)
        elif result.error is not None:
            failed += 1
            print(f"{feed}: {result.error.kind}: {result.error.detail}", file=sys.stderr)
        else:
            published += len(result.articles)
    print(f"{len(results) - failed}/{len(results)} feeds fetched, {published} articles published")
    return 1 if failed else 0
