"""The garbage collector's full-collection pause in a worker, with what it builds at start-up
frozen (`gc.freeze()`, as `newsmon worker` does once its app is built) and without.

Run: .venv/bin/python bench/bench_gc_pause.py [--rounds 3]

Each variant runs in a child process of its own: the worker's enricher (the compiled topics,
the model, the lemma tables) is built, frozen or not, then warmed on the corpus texts
(../shared/corpus, else generated sentences), so that its per-word caches hold what a running
worker's would, made after the freeze as a worker makes them. Then `gc.collect()` (a full
collection: what Python runs when enough objects have survived since the last one) is timed
`--rounds` times; the best counts. A full collection stops the process: no article moves
while it runs. Baseline: the variant without the freeze, in the same run.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_worker import corpus_texts  # noqa: E402


def measure(frozen: bool, rounds: int) -> dict[str, float]:
    """In this process: build, freeze (or not), warm, then the best full-collection pause."""
    from streams.classify.definitions import load_topics
    from streams.pipeline import Enricher
    from streams.text.language import detect_language

    enricher = Enricher(load_topics())
    if frozen:
        gc.freeze()
    texts, _ = corpus_texts()
    for title, text in texts:
        enricher.classifier.classify(title, "", text, detect_language(f"{title}\n{text}"))
    pauses = []
    for _ in range(rounds):
        started = time.perf_counter()
        gc.collect()
        pauses.append((time.perf_counter() - started) * 1000)
    return {"pause_ms": min(pauses), "tracked": len(gc.get_objects())}


def child(frozen: bool, rounds: int) -> dict[str, float]:
    argv = [sys.executable, __file__, "--child", "frozen" if frozen else "as-is"]
    done = subprocess.run([*argv, "--rounds", str(rounds)], capture_output=True, check=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=("frozen", "as-is"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child == "frozen", args.rounds)))
        return 0
    _, source = corpus_texts()
    as_is, frozen = child(False, args.rounds), child(True, args.rounds)
    print(f"enricher built, then warmed on {source}; best of {args.rounds} full collections")
    for name, found in (("as built (baseline)", as_is), ("frozen once built", frozen)):
        print(f"  {name:20} {found['pause_ms']:7.1f} ms, {found['tracked']:,.0f} objects tracked")
    print(f"  frozen: x{as_is['pause_ms'] / frozen['pause_ms']:.0f} shorter")
    return 0


if __name__ == "__main__":
    sys.exit(main())
