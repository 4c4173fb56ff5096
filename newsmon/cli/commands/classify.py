"""`newsmon classify FILE.jsonl [--topics FILE]`: classify articles offline, one line each.

Reads JSON lines (`id`, `title`, `text`, optional `url`, `published`, `lang`; `-` for stdin)
and writes, in input order, one JSON line per input line:

    {"id", "language", "story_id", "duplicate_of", "topics": [{"name", "score", "evidence"}]}

A line that cannot be read is NOT skipped: its output line is `{"line": N, "id": ...|null,
"error": "..."}`, the same message goes to stderr, the rest is processed, and the exit status
is 1. Blank lines are ignored. The stream worker runs the very same `ArticlePipeline`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from newsmon.contract import utc_now
from streams.classify.definitions import TopicFileError, load_topics
from streams.classify.jsonl_input import InputError, parse_line
from streams.dedupe.index import DedupeIndex
from streams.pipeline import ArticlePipeline


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "classify", help="clean, de-duplicate and classify a JSON-lines file of articles"
    )
    parser.add_argument("file", help="JSON lines (id, title, text, ...); - = stdin")
    parser.add_argument("--topics", type=Path, default=None, help="topic file (default: packaged)")
    parser.set_defaults(handler=run)


@contextmanager
def open_input(name: str) -> Iterator[IO[str]]:
    if name == "-":
        yield sys.stdin
        return
    with open(name, encoding="utf-8") as handle:
        yield handle


def run(args: argparse.Namespace) -> int:
    try:
        pipeline = ArticlePipeline(load_topics(args.topics), DedupeIndex())
    except TopicFileError as exc:
        print(f"newsmon: {exc}", file=sys.stderr)
        return 2
    failures = 0
    try:
        with open_input(args.file) as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                now = utc_now()
                try:
                    _, article = parse_line(line, now)
                except InputError as exc:
                    failures += 1
                    print(f"newsmon classify: {args.file}:{number}: {exc}", file=sys.stderr)
                    out: dict[str, Any] = {"line": number, "id": _id_of(line), "error": str(exc)}
                else:
                    result = pipeline.process(article, now).classified
                    out = {
                        "id": article.id,
                        "language": result.article.language,
                        "story_id": result.story_id,
                        "duplicate_of": result.duplicate_of,
                        "topics": [t.to_dict() for t in result.topics],
                    }
                sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    except OSError as exc:
        print(f"newsmon classify: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"newsmon classify: {args.file} is not UTF-8: {exc}", file=sys.stderr)
        return 2
    return 1 if failures else 0


def _id_of(line: str) -> str | None:
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return None
    ident = data.get("id") if isinstance(data, dict) else None
    return ident if isinstance(ident, str) else None
