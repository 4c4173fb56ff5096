"""`newsmon classify FILE.jsonl [--topics FILE]`: classify articles offline, one line each.

Reads JSON lines (`id`, `title`, `text`, optional `url`, `published`, `lang`; `-` for stdin)
and writes, in input order, one JSON line per input line:

    {"id", "language", "story_id", "duplicate_of", "topics": [{"name", "score", "evidence"}],
     "themes": [...]}

With `--explain`, it writes instead, per article and topic (all topics, or `--topic NAME`),
why the topic was given or withheld: every cue with its weight or why it did not count, the
context found or missing, the exclusions applied, the score and the threshold (one process).

A line that cannot be read is NOT skipped: its output line is `{"line": N, "id": ...|null,
"error": "..."}`, the same message goes to stderr, the rest is processed, and the exit status
is 1. Blank lines are ignored. The stream worker runs the very same pipeline code.

`--jobs N` (default: the CPUs this process may use) spreads cleaning, language detection,
fingerprints and classification over N processes; de-duplication stays in this process, in
input order, so the output is the same for every N.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from newsmon.contract import utc_now
from newsmon.contract.records import ClassifiedArticle
from streams.classify.definitions import TopicFileError, load_topics
from streams.classify.jsonl_input import InputError, line_id, parse_line
from streams.classify.jsonl_run import WorkerDied, classify_lines
from streams.dedupe.index import DedupeIndex
from streams.pipeline import ArticlePipeline


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
    parser.add_argument(
        "--explain",
        action="store_true",
        help="explain each topic's decision (given or withheld) instead of writing JSON",
    )
    parser.add_argument(
        "--topic", default=None, help="with --explain: only this topic (default: every topic)"
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
            if args.explain:
                return explain_lines(lines, args.topics, args.topic, args.file)
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


def explain_lines(lines: IO[str], topics_file: Path | None, topic: str | None, source: str) -> int:
    """Write the explanation of every line's topics (or `topic`'s) to stdout; the exit status."""
    topics = load_topics(topics_file)
    if topic is not None and topic not in topics.names:
        # Before the pipeline is built: compiling the topics takes seconds.
        print(f"newsmon classify: --topic {topic!r} is not a topic ({', '.join(topics.names)})",
              file=sys.stderr)  # fmt: skip
        return 2
    pipeline = ArticlePipeline(topics, DedupeIndex())
    failures = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        now = utc_now()
        try:
            _, article = parse_line(line, now)
        except InputError as exc:
            failures += 1
            print(f"newsmon classify: {source}:{number}: {exc}", file=sys.stderr)
            failed = {"line": number, "id": line_id(line), "error": str(exc)}
            sys.stdout.write(json.dumps(failed, ensure_ascii=False) + "\n")
            continue
        sys.stdout.write(_explain(pipeline, pipeline.process(article, now).classified, topic))
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
