"""`newsmon worker` in another layout, for bench_worker.py's comparisons in one run:

- `one_step`: one agent on the raw topic does everything (the layout before the two stages;
  right for one worker only);
- `stage_one`: the two-stage worker without stage 2 (decode, clean, language, fingerprint,
  classify -> the enriched topic): the stateless stage alone;
- `stage_one_one_by_one`: the same taking batches of one record (`BATCH_MAX` 1), as stage 1
  ran before it enriched records in batches.

    python bench/worker_variant.py one_step|stage_one|stage_one_one_by_one CONFIG.yaml
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsmon.config import Config, load_config
from streams.agents import enrich
from streams.agents.classify import AGENT_NAME
from streams.app import WorkerApp, build_worker_app
from streams.worker import run_worker


def one_step(config: Config) -> WorkerApp:
    return build_worker_app(config, on_alert=lambda alert: None, one_step=True)


def stage_one(config: Config) -> WorkerApp:
    built = build_worker_app(config, on_alert=lambda alert: None)
    # Never started, so its topic is never subscribed: only the enrich agent consumes.
    built.app.agents.data.pop(AGENT_NAME)
    return built


def stage_one_one_by_one(config: Config) -> WorkerApp:
    enrich.BATCH_MAX = 1  # read by the agent when it starts
    return stage_one(config)


if __name__ == "__main__":
    variant, config_path = sys.argv[1], Path(sys.argv[2])
    build = {"one_step": one_step, "stage_one": stage_one,
             "stage_one_one_by_one": stage_one_one_by_one}[variant]  # fmt: skip
    sys.exit(run_worker(load_config(config_path), build=build))
