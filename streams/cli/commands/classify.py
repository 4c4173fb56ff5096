"""`newsmon classify FILE.jsonl [--topics FILE]`: classify articles offline, one line each.

Reads JSON lines (`id`, `title`, `text`, optional `url`, `published`, `lang`; `-` for stdin)
and writes, in input order, one JSON line per input line:

    {"id", "language", "story_id", "duplicate_of", "topics": [{"name", "score", "evidence"}],
     "themes": [...]}

With `--explain`, it writes instead, per article and topic (all topics, or `--topic NAME`),
why the topic was given or withheld: every cue with its weight or why it did not count, the
context found or missing, the exclusions applied, the score and the threshold.

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

from connectors.contract import utc_now
from streams.classify.definitions import TopicFileError, load_topics
from streams.classify.jsonl_input import InputError, parse_line
from streams.contract import ClassifiedArticle
from streams.dedupe.index import DedupeIndex
from streams.pipeline import ArticlePipeline


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "classify", help="clean, de-duplicate and classify a JSON-lines file of articles"
    )
    parser.add_argument("file", help="JSON lines (id, title, text, ...); - = stdin")
    parser.add_argument("--topics", type=Path, default=None, help="topic file (default: packaged)")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="explain each topic's decision (given or withheld) instead of writing JSON",
    )
    parser.add_argument(
        "--topic", default=None, help="with --explain: only this topic (default: every topic)"
    )
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
    names = pipeline.topics.names
    if args.topic is not None and args.topic not in names:
        known = ", ".join(names)
        print(f"newsmon classify: --topic {args.topic!r} is not a topic ({known})", file=sys.stderr)
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
                    if args.explain:
                        sys.stdout.write(_explain(pipeline, result, args.topic or None))
                        continue
                    out = {
                        "id": article.id,
                        "language": result.article.language,
                        "story_id": result.story_id,
                        "duplicate_of": result.duplicate_of,
                        "topics": [t.to_dict() for t in result.topics],
                        "themes": list(result.themes),
                    }
                sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    except OSError as exc:
        print(f"newsmon classify: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"newsmon classify: {args.file} is not UTF-8: {exc}", file=sys.stderr)
        return 2
    return 1 if failures else 0


def _explain(pipeline: ArticlePipeline, result: ClassifiedArticle, topic: str | None) -> str:
    """The explanation of every topic (or `topic`) for one classified article, as text."""
    article = result.article
    lines = [f"== {article.id} [{article.language or '?'}] {article.title!r}"]
    for name in (topic,) if topic else pipeline.topics.names:
        explanation = pipeline.classifier.explain(
            article.title, article.summary, article.content, article.language, name
        )
        lines.append(explanation.render())
    return "\n".join(lines) + "\n\n"


def _id_of(line: str) -> str | None:
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return None
    ident = data.get("id") if isinstance(data, dict) else None
    return ident if isinstance(ident, str) else None
