"""A faust app that does nothing but copy records: the ceiling faust itself puts on the worker.

Run by bench_worker.py as `python bench/faust_relay.py worker -l warn` with RELAY_CONFIG (a
newsmon configuration file), RELAY_SOURCE and RELAY_SINK in the environment. It is built by
`streams.app.create_app`, so it has exactly the worker's faust settings, and its one agent
sends every record to the sink the way the worker sends its outputs (straight to faust's
producer), without cleaning, classifying, tables or delivery checks.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsmon.config import load_config
from streams.app import create_app

config = load_config(Path(os.environ["RELAY_CONFIG"]), env={})
app = create_app(config)
source = app.topic(os.environ["RELAY_SOURCE"], key_type=bytes, value_type=bytes)
sink = os.environ["RELAY_SINK"]


@app.agent(source, name="relay", concurrency=1)
async def relay(stream: Any) -> None:
    async for event in stream.events():
        message = event.message
        await app.producer.send(sink, message.key, message.value, None, None, None)


if __name__ == "__main__":
    app.main()
