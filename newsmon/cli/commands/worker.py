"""`newsmon worker [--config FILE]`: the stream worker in the foreground."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from newsmon.config import ConfigError, load_config

_LOGLEVELS = ("warning", "info", "debug")


def worker_argv(config_path: Path | None = None) -> list[str]:
    """The command line that runs a worker with this interpreter (for supervisors and tests)."""
    argv = [sys.executable, "-m", "newsmon.cli.main", "worker"]
    if config_path is not None:
        argv += ["--config", str(config_path)]
    return argv


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "worker",
        help="classify articles from Kafka, write topics and alerts, serve /metrics",
        description="Runs until SIGINT/SIGTERM. Alerts are printed on stdout, one line each; "
        "logs go to stderr.",
    )
    parser.add_argument(
        "--config", type=Path, default=None, metavar="FILE",
        help="YAML configuration (default: the built-in defaults and the environment)",
    )  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"newsmon worker: {exc}", file=sys.stderr)
        return 2
    # Imported here so that `newsmon --help` does not pay for importing faust.
    from streams.worker import run_worker

    loglevel = _LOGLEVELS[min(getattr(args, "verbose", 0), len(_LOGLEVELS) - 1)]
    return run_worker(config, loglevel=loglevel)
