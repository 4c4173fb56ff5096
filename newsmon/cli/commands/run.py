"""`newsmon run`: broker (unless configured), connector and worker, alerts on the terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from newsmon.broker.local import BrokerError
from newsmon.config import ConfigError
from newsmon.launcher import Launcher


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run everything: local Kafka (unless NEWSMON_KAFKA_BOOTSTRAP), connector, worker",
    )
    parser.add_argument("--config", type=Path, help="YAML configuration (default: built-in demo)")
    parser.add_argument(
        "--feed", action="append", default=[], metavar="URL", help="add a feed (repeatable)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        return Launcher(args.config, args.feed).run()
    except (ConfigError, BrokerError) as exc:
        print(f"newsmon: {exc}", file=sys.stderr)
        return 2
