"""`newsmon evaluate --labels FILE.jsonl [--topics FILE]`: measure the classifier.

Each line is an article as `newsmon classify` reads it plus `topics`, the judged topic names.
Prints per-topic precision, recall and F1, the macro average, and every misclassified id with
the evidence behind what was assigned. Exit status 0, or 2 when an input cannot be read (the
message names the line).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from newsmon.contract import utc_now
from streams.classify.definitions import TopicFileError, load_topics
from streams.classify.evaluation import LabelledArticle, evaluate
from streams.classify.jsonl_input import InputError, parse_line


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "evaluate", help="per-topic precision, recall and F1 on judged articles"
    )
    parser.add_argument("--labels", type=Path, required=True, help="JSON lines with `topics`")
    parser.add_argument("--topics", type=Path, default=None, help="topic file (default: packaged)")
    parser.set_defaults(handler=run)


def read_labels(path: Path) -> list[LabelledArticle]:
    """Raises InputError naming the line; OSError when the file cannot be read."""
    now = utc_now()
    rows = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data, article = parse_line(line, now)
            except InputError as exc:
                raise InputError(f"{path}:{number}: {exc}") from None
            labels = data.get("topics")
            if not isinstance(labels, list) or not all(isinstance(t, str) for t in labels):
                raise InputError(f"{path}:{number}: field 'topics' must be a list of names")
            rows.append(LabelledArticle(article, frozenset(labels)))
    return rows


def run(args: argparse.Namespace) -> int:
    try:
        topics = load_topics(args.topics)
        rows = read_labels(args.labels)
    except (TopicFileError, InputError) as exc:
        print(f"newsmon evaluate: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"newsmon evaluate: cannot read {args.labels}: {exc.strerror}", file=sys.stderr)
        return 2
    print(evaluate(rows, topics, utc_now()).render())
    return 0
