"""`newsmon fetch URL [URL ...]`: fetch and parse feeds without Kafka, for debugging.

stdout: one JSON line per article (the Article wire form). stderr: one JSON line per feed
that failed, `{"feed": url, "error": kind, "detail": text}`. Exit status 0 when every feed
was read (even with no entries), 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from connectors.feed.read import read_document
from connectors.fetch import FeedError, FeedErrorKind, Fetcher
from connectors.fetch.fetch_once import fetch_and_parse
from connectors.settings import ConnectorSettings
from newsmon.contract import Article, utc_now


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "fetch", help="fetch and parse feeds, print their articles as JSON lines (no Kafka)"
    )
    parser.add_argument("urls", nargs="*", metavar="URL", help="http(s) URL of a feed")
    parser.add_argument(
        "--file",
        action="append",
        default=[],
        type=Path,
        metavar="PATH",
        help="parse a local feed file instead of fetching (repeatable)",
    )
    parser.add_argument("--contact", help="contact URL or e-mail for the User-Agent")
    parser.add_argument("--deadline", type=float, help="overall deadline per fetch, in seconds")
    parser.add_argument(
        "--block-private",
        action="store_true",
        help="refuse private, loopback and link-local addresses "
        "(also on when NEWSMON_BLOCK_PRIVATE_ADDRESSES=1)",
    )
    parser.set_defaults(handler=run)


def _settings(args: argparse.Namespace) -> ConnectorSettings:
    overrides: dict[str, Any] = {}
    if args.contact:
        overrides["contact"] = args.contact
    if args.deadline:
        overrides["fetch_deadline_s"] = args.deadline
    from_env = os.environ.get("NEWSMON_BLOCK_PRIVATE_ADDRESSES", "").strip().lower()
    if args.block_private or from_env in ("1", "true", "yes", "on"):
        overrides["block_private_addresses"] = True
    return ConnectorSettings(**overrides)


def _emit(articles: list[Article], out: TextIO) -> None:
    for article in articles:
        out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    out.flush()


def _report(feed: str, error: FeedError, err: TextIO) -> None:
    err.write(json.dumps({"feed": feed, "error": str(error.kind), "detail": error.detail}) + "\n")
    err.flush()


def _read_file(path: Path, settings: ConnectorSettings) -> list[Article]:
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise FeedError(FeedErrorKind.PARSE_ERROR, f"cannot read {path}: {exc}") from exc
    url = path.resolve().as_uri()
    return read_document(body, url, url, None, utc_now(), settings.max_body_bytes).articles


async def _fetch_all(urls: list[str], settings: ConnectorSettings, out: TextIO, err: TextIO) -> int:
    failures = 0
    async with Fetcher(settings) as fetcher:
        tasks = [asyncio.create_task(fetch_and_parse(fetcher, url)) for url in urls]
        for url, task in zip(urls, tasks, strict=True):
            try:
                _result, articles = await task
            except FeedError as exc:
                failures += 1
                _report(url, exc, err)
                continue
            _emit(articles or [], out)
    return failures


def run(args: argparse.Namespace) -> int:
    if not args.urls and not args.file:
        print("newsmon fetch: give at least one URL or --file PATH", file=sys.stderr)
        return 2
    settings = _settings(args)
    failures = 0
    for path in args.file:
        try:
            _emit(_read_file(path, settings), sys.stdout)
        except FeedError as exc:
            failures += 1
            _report(str(path), exc, sys.stderr)
    if args.urls:
        failures += asyncio.run(_fetch_all(args.urls, settings, sys.stdout, sys.stderr))
    return 1 if failures else 0
