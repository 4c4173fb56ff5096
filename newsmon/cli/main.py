"""Entry point of the `newsmon` console script: finds the subcommands and dispatches."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Callable, Sequence

from newsmon.cli import commands
from newsmon.gc_pause import collector_paused

Handler = Callable[[argparse.Namespace], int]


def command_names() -> list[str]:
    """Every subcommand: one module each in `newsmon.cli.commands`."""
    return sorted(module.name for module in pkgutil.iter_modules(commands.__path__))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every subcommand, or with `only` that one: importing every command's
    modules (the classifier's, the connectors') took a second or more of each process's start."""
    parser = argparse.ArgumentParser(
        prog="newsmon",
        description="Always-on news monitor: feeds -> Kafka -> classification -> alerts.",
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [only] if only else command_names():
        module = importlib.import_module(f"{commands.__name__}.{name}")
        module.register(subparsers)
    return parser


def named_command(argv: Sequence[str]) -> str | None:
    """The subcommand `argv` names, if its first word that is no option names one."""
    first = next((word for word in argv if not word.startswith("-")), None)
    return first if first in command_names() else None


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    with collector_paused():  # importing the commands' modules makes lasting objects only
        parser = build_parser(named_command(words))
    args = parser.parse_args(words)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
