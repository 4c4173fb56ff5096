"""`newsmon broker start|stop|status`: the local single-node Kafka broker."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from newsmon.broker.local import BrokerError, LocalBroker


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("broker", help="start, stop or check the local Kafka broker")
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument(
        "--run-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="the broker's data, logs and pid file (default: ~/.cache/newsmon/kafka-VERSION/run); "
        "the same DIR names the same broker for start, stop and status",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    broker = LocalBroker(run_dir=args.run_dir.resolve() if args.run_dir else None)
    try:
        if args.action == "start":
            print(f"Kafka {broker.version} data and logs: {broker.run_dir}", file=sys.stderr)
            print(broker.start())
            return 0
        if args.action == "stop":
            print("stopped" if broker.stop() else "not running")
            return 0
    except BrokerError as exc:
        print(f"newsmon: {exc}", file=sys.stderr)
        return 1
    state = broker.running()
    if state is None:
        print("not running")
        return 1
    print(f"running (pid {state.pid}) at {state.bootstrap}")
    return 0
