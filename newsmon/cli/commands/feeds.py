"""`newsmon feeds list|add|remove|import|status`: the feed list on Kafka and how each feed does.

The list is the configuration file's feeds merged with the compacted topic `newsmon.feeds`;
`add`, `remove` and `import` change only the topic (a configured feed is removed by editing
the configuration); `remove` also deletes the feed's saved state. Running connectors pick
changes up without a restart.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from connectors.opml import OpmlError, parse_opml
from connectors.publisher import KafkaUnavailable, Publisher
from connectors.registry import FeedDefinition, FeedRegistry, decode_feeds
from connectors.service import Topics, ensure_connector_topics, feed_definitions
from connectors.settings import FeedConfig
from connectors.state import FeedState
from connectors.state_store import StateStore
from newsmon.config import Config, ConfigError, load_config
from newsmon.contract.timefmt import format_utc
from newsmon.kafka.compacted import read_to_end

_KAFKA_TIMEOUT_S = 15.0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("feeds", help="list, add, remove, import feeds; show status")
    parser.add_argument("--config", type=Path, help="YAML configuration file")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="every feed: configured and registered")
    add = actions.add_parser("add", help="register a feed")
    add.add_argument("url")
    add.add_argument("--name", help="label for logs and status")
    remove = actions.add_parser("remove", help="unregister a feed")
    remove.add_argument("url")
    imported = actions.add_parser("import", help="register every feed of an OPML file")
    imported.add_argument("file", type=Path)
    actions.add_parser("status", help="per feed: state, last success, last error, schedule")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config)
        if not config.kafka.bootstrap:
            raise ConfigError("set NEWSMON_KAFKA_BOOTSTRAP or kafka.bootstrap")
        action: Callable[[argparse.Namespace, Config], Coroutine[Any, Any, int]] = _ACTIONS[
            args.action
        ]
        return asyncio.run(action(args, config))
    except (ConfigError, OpmlError, KafkaUnavailable, ValueError) as exc:
        print(f"newsmon: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, ConfigError | OpmlError | ValueError) else 1


async def _registered(config: Config) -> list[FeedDefinition]:
    assert config.kafka.bootstrap
    await ensure_connector_topics(config, Topics(), attempts=int(_KAFKA_TIMEOUT_S))
    return decode_feeds(await read_to_end(config.kafka.bootstrap, Topics().feeds))


async def _list(args: argparse.Namespace, config: Config) -> int:
    feeds = feed_definitions(config.connector, (), await _registered(config))
    for feed in feeds.values():
        print(f"{feed.url}\t{feed.source}\t{feed.name or ''}")
    return 0


async def _change(config: Config, feeds: list[FeedDefinition] | None, remove: str | None) -> None:
    assert config.kafka.bootstrap
    await ensure_connector_topics(config, Topics(), attempts=int(_KAFKA_TIMEOUT_S))
    async with Publisher(config.kafka, give_up_after_s=_KAFKA_TIMEOUT_S) as publisher:
        registry = FeedRegistry(config.kafka.bootstrap, publisher)
        if feeds:
            await registry.add(feeds)
        if remove:
            await registry.remove(remove)
            # Its resume state would otherwise stay on the compacted topic for ever. A running
            # owner deletes it too once its poll in flight has saved (connectors/membership.py);
            # this covers the case of no connector running. A configured feed is still polled
            # and keeps its state.
            if not any(f.url == remove for f in config.connector.feeds):
                await StateStore(config.kafka.bootstrap, publisher).forget(remove)


async def _add(args: argparse.Namespace, config: Config) -> int:
    checked = FeedConfig(url=args.url, name=args.name)  # raises ValueError on a bad URL
    await _change(config, [FeedDefinition(checked.url, checked.name)], None)
    print(f"added {checked.url}")
    return 0


async def _remove(args: argparse.Namespace, config: Config) -> int:
    registered = {f.url for f in await _registered(config)}
    if args.url not in registered:
        configured = any(f.url == args.url for f in config.connector.feeds)
        where = "it is in the configuration file" if configured else "it is not registered"
        print(f"newsmon: cannot remove {args.url}: {where}", file=sys.stderr)
        return 1
    await _change(config, None, args.url)
    print(f"removed {args.url}")
    return 0


async def _import(args: argparse.Namespace, config: Config) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise OpmlError(f"cannot read {args.file}: {exc.strerror}") from None
    feeds = [FeedDefinition(url, title) for url, title in parse_opml(data)]
    if feeds:
        await _change(config, feeds, None)
    print(f"imported {len(feeds)} feeds from {args.file}")
    return 0


def _when(state: FeedState, name: str) -> str:
    moment = getattr(state, name)
    return format_utc(moment) if moment is not None else "-"


async def _status(args: argparse.Namespace, config: Config) -> int:
    assert config.kafka.bootstrap
    feeds = feed_definitions(config.connector, (), await _registered(config))
    states = await StateStore(config.kafka.bootstrap, None).load(set(feeds))
    print("state\tlast_success\tlast_error\tinterval_s\tnext_due\tfeed")
    for url in feeds:
        state = states.get(url) or FeedState.initial(url)
        interval = f"{state.interval_s:.0f}" if state.interval_s is not None else "-"
        print(
            f"{state.status}\t{_when(state, 'last_success')}\t{state.last_error or '-'}\t"
            f"{interval}\t{_when(state, 'next_due')}\t{url}"
        )
    return 0


_ACTIONS: dict[str, Callable[[argparse.Namespace, Config], Coroutine[Any, Any, int]]] = {
    "list": _list,
    "add": _add,
    "remove": _remove,
    "import": _import,
    "status": _status,
}
