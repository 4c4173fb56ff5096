"""Start-up: how long a process takes to have the classifier ready, against another revision.

Every command that classifies (`newsmon worker`, `classify`, `explain`, `evaluate`, `backtest`)
first loads the topic files and compiles their frames for every language; a worker that takes
over after a crash pays it before it reads a record. Each round starts one child Python per
tree, alternating, which imports newsmon, loads the shipped topics and builds the classifier
with its tables preloaded; the figure is the child's own time for that (not the interpreter's
start). The other revision is read from git (`--against`, default main) into a temporary tree.

    .venv/bin/python bench/bench_startup.py [--against REV] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from baseline_tree import ROOT, baseline_tree, python_env

CHILD = """
import time
started = time.perf_counter()
from streams.classify.classifier import Classifier
from streams.classify.definitions import load_topics
Classifier(load_topics(None))
print(time.perf_counter() - started)
"""


def ready_s(tree: Path) -> float:
    """Seconds a child Python importing from `tree` takes to have the classifier ready."""
    # Run in the tree: `python -c` puts the working directory before PYTHONPATH.
    done = subprocess.run([sys.executable, "-c", CHILD], env=python_env(tree), cwd=tree,
                          check=True, capture_output=True, text=True)  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main", help="git revision to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    with baseline_tree(args.against) as other:
        if other is None:
            print(f"cannot read {args.against} from git", file=sys.stderr)
            return 2
        times: dict[str, list[float]] = {"this checkout": [], args.against: []}
        ready_s(ROOT)  # the first build of the city table is cached per machine
        for _ in range(args.rounds):
            times["this checkout"].append(ready_s(ROOT))
            times[args.against].append(ready_s(other))
    base = statistics.median(times[args.against])
    print(f"classifier ready, median of {args.rounds} rounds (alternating):")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(f"  {name:>14}: {median:6.2f} s  (x{median / base:.2f} of {args.against})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
