"""`newsmon notify [--config FILE]`: the notifier; `newsmon notify test --sink NAME`: one test."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from newsmon.config import ConfigError, load_config


def notify_argv(config_path: Path | None = None) -> list[str]:
    """The command line that runs a notifier with this interpreter (for supervisors and tests)."""
    argv = [sys.executable, "-m", "newsmon.cli.main", "notify"]
    if config_path is not None:
        argv += ["--config", str(config_path)]
    return argv


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", type=Path, default=None, metavar="FILE",
        help="YAML configuration with a notify section (default: the environment only)",
    )  # fmt: skip


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "notify",
        help="deliver alerts to webhooks, chat and e-mail, exactly once per sink; serve /metrics",
        description="Runs until SIGINT/SIGTERM. Secrets come only from the environment "
        "variables the configuration names.",
    )
    _config_option(parser)
    parser.set_defaults(handler=run, notify_command=None)
    actions = parser.add_subparsers(dest="notify_command", metavar="ACTION")
    test = actions.add_parser("test", help="send one test message to one sink and exit")
    test.add_argument("--sink", required=True, metavar="NAME", help="the sink's configured name")
    _config_option(test)


def run(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"newsmon notify: {exc}", file=sys.stderr)
        return 2
    # Imported here so that `newsmon --help` does not pay for aiohttp and apprise.
    from streams.notify.app import run_notifier, send_test

    if args.notify_command == "test":
        return send_test(config, args.sink)
    return run_notifier(config)
