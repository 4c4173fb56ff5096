"""`newsmon backtest FILE.jsonl [--topics FILE]`: the alerts a corpus would have raised.

Reads JSON lines (`id`, `title`, `text`, `published`; optional `url`, `feed`, `lang`; `-` for
stdin), sorts them by `published` (input order among equal times) and replays them through the
worker's own code (`streams.backtest`), with the corpus's time as the clock. Prints each alert
that would have fired (new, update, burst) with its evidence, then a count per topic and kind,
so that `alert_threshold`, `update_at_outlets` and the `burst` settings can be tuned on past
news before they are deployed. `--json` prints the alerts as JSON lines instead (the records
`newsmon.alerts` would have carried) and the summary on stderr.

A line that cannot be read is reported on stderr with its line number and skipped; the exit
status is then 1 (2 for an unreadable file or topic file).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from pathlib import Path
from typing import IO, Any

from newsmon.cli.commands.classify import open_input
from newsmon.contract import Article, utc_now
from newsmon.contract.alert import ALERT_KINDS, Alert
from newsmon.contract.timefmt import format_utc
from streams.backtest import Backtest, BacktestResult
from streams.classify.definitions import TopicFileError, TopicSet, load_topics
from streams.classify.jsonl_input import InputError, parse_line


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "backtest", help="replay a JSON-lines corpus through the alert rules; print the alerts"
    )
    parser.add_argument("file", help="JSON lines (id, title, text, published, ...); - = stdin")
    parser.add_argument("--topics", type=Path, default=None, help="topic file (default: packaged)")
    parser.add_argument("--json", action="store_true", help="alerts as JSON lines")
    parser.set_defaults(handler=run)


def read_corpus(lines: IO[str], name: str) -> tuple[list[Article], int]:
    """The readable articles in publication order, and the number of unreadable lines."""
    articles: list[tuple[float, int, Article]] = []
    failures = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            article = _article(line)
        except InputError as exc:
            failures += 1
            print(f"newsmon backtest: {name}:{number}: {exc}", file=sys.stderr)
            continue
        articles.append((article.published_at.timestamp(), number, article))
    articles.sort(key=lambda item: (item[0], item[1]))
    return [article for _, _, article in articles], failures


def _article(line: str) -> Article:
    data, article = parse_line(line, utc_now())
    published = data.get("published")
    if not isinstance(published, str) or not published.strip():
        raise InputError("field 'published' is required: the backtest's clock is the corpus's")
    feed = data.get("feed", "backtest")
    if not isinstance(feed, str) or not feed.strip():
        raise InputError("field 'feed' must be a non-empty string")
    # Fetched when published: the event time of every rule is the publication time.
    return dataclasses.replace(article, feed=feed, fetched_at=article.published_at)


def run(args: argparse.Namespace) -> int:
    try:
        topics = load_topics(args.topics)
    except TopicFileError as exc:
        print(f"newsmon: {exc}", file=sys.stderr)
        return 2
    try:
        with open_input(args.file) as lines:
            articles, failures = read_corpus(lines, args.file)
    except OSError as exc:
        print(f"newsmon backtest: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"newsmon backtest: {args.file} is not UTF-8: {exc}", file=sys.stderr)
        return 2
    result = asyncio.run(Backtest(topics).run(articles))
    if args.json:
        for alert in result.alerts:
            sys.stdout.write(alert.to_json().decode() + "\n")
        sys.stderr.write(summary(result, topics, failures))
    else:
        for alert in result.alerts:
            sys.stdout.write(describe(alert))
        sys.stdout.write(summary(result, topics, failures))
    return 1 if failures else 0


def describe(alert: Alert) -> str:
    """An alert and its evidence, in a few lines."""
    when = format_utc(alert.created_at)
    head = f"{when} {alert.kind.upper()} [{alert.severity}] {alert.topic}: {alert.title}"
    lines = [head, f"    {alert.reason}"]
    if alert.burst is not None:
        burst = alert.burst
        lines.append(
            f"    window {format_utc(burst.window_start)} .. {format_utc(burst.window_end)}: "
            f"{burst.count} stories, {burst.expected:.2f} expected, p={burst.p_value:.3g}, "
            f"{alert.outlets} outlets"
        )
        lines.append(f"    stories: {', '.join(alert.story_ids)}")
    else:
        lines.append(f"    {alert.outlets} outlets, terms: {', '.join(alert.terms) or '-'}")
        lines.append(f"    story {alert.story_id}: {len(alert.article_ids)} articles, {alert.url}")
    return "\n".join(lines) + "\n"


def summary(result: BacktestResult, topics: TopicSet, failures: int) -> str:
    """A table of alerts per topic and kind after a line on what was read."""
    counts = result.counts(topics.names)
    width = max(len("topic"), *(len(name) for name in topics.names))
    lines = [
        f"\n{result.articles} articles replayed, {failures} unreadable lines, "
        f"{result.dead_letters} dead letters, {len(result.alerts)} alerts",
        f"{'topic':<{width}}  " + "  ".join(f"{kind:>6}" for kind in ALERT_KINDS),
    ]
    for name in topics.names:
        lines.append(f"{name:<{width}}  " + "  ".join(f"{counts[name][k]:>6}" for k in ALERT_KINDS))
    return "\n".join(lines) + "\n"
