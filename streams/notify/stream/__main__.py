"""`python -m streams.notify.stream [--config FILE]`: the live stream alone, until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path

from newsmon.config import ConfigError, load_config
from streams.notify.stream.server import StreamError
from streams.notify.stream.standalone import serve_stream


async def _main(config_path: Path | None) -> None:
    config = load_config(config_path)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve_stream(config, stop)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m streams.notify.stream")
    parser.add_argument("--config", type=Path, help="newsmon YAML configuration")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        asyncio.run(_main(args.config))
    except (ConfigError, StreamError) as exc:
        print(f"newsmon stream: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
