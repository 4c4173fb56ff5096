"""`newsmon classify FILE.jsonl [--topics FILE]`: classify articles offline, one line each.

Reads JSON lines (`id`, `title`, `text`, optional `url`, `published`, `lang`; `-` for stdin)
and writes, in input order, one JSON line per input line:

    {"id", "language", "story_id", "duplicate_of", "topics": [{"name", "score", "evidence"}]}

A line that cannot be read is NOT skipped: its output line is `{"line": N, "id": ...|null,
"error": "..."}`, the same message goes to stderr, the rest is processed, and the exit status
is 1. Blank lines are ignored. The stream worker runs the very same pipeline code.

`--jobs N` (default: the CPUs this process may use) spreads cleaning, language detection,
fingerprints and classification over N processes; de-duplication stays in this process, in
input order, so the output is the same for every N.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from streams.classify.definitions import TopicFileError
from streams.classify.jsonl_run import WorkerDied, classify_lines


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "classify", help="clean, de-duplicate and classify a JSON-lines file of articles"
    )
    parser.add_argument("file", help="JSON lines (id, title, text, ...); - = stdin")
    parser.add_argument("--topics", type=Path, default=None, help="topic file (default: packaged)")
    parser.add_argument(
        "--jobs",
        type=_positive,
        default=None,
        help="processes for the stateless work (default: the CPUs available); output is the "
        "same for any number",
    )
    parser.set_defaults(handler=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def default_jobs() -> int:
    """The CPUs this process may run on (a container's or taskset's limit included)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def open_input(name: str) -> Iterator[IO[str]]:
    if name == "-":
        yield sys.stdin
        return
    with open(name, encoding="utf-8") as handle:
        yield handle


def run(args: argparse.Namespace) -> int:
    jobs = args.jobs or default_jobs()
    try:
        with open_input(args.file) as lines:
            summary = classify_lines(lines, args.topics, jobs, sys.stdout, sys.stderr, args.file)
    except TopicFileError as exc:
        print(f"newsmon: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"newsmon classify: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"newsmon classify: {args.file} is not UTF-8: {exc}", file=sys.stderr)
        return 2
    except WorkerDied as exc:
        print(f"newsmon classify: {args.file}: {exc}", file=sys.stderr)
        return 2
    return 1 if summary.failures else 0
