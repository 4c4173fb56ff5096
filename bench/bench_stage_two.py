"""Per-article CPU cost of the worker's stage 2 in process, today's code vs the previous.

Run: .venv/bin/python bench/bench_stage_two.py [--articles 4000] [--rounds 3] [--baseline C]

Stage 2 (`RecordProcessor.process_enriched`: decode the enriched record, exact and near
de-duplication, the story's state, its alerts and bursts, the output records) runs in one
process for the whole group, so its cost per article bounds a pool (bench_worker.py). Both
trees get the same enriched records, made once by today's stage 1 from corpus texts with a
serial number each (bench_worker.articles: copies of a text are near-duplicates, so stories
grow as in the worker bench), and the same clock. Each tree runs in a child process
(baseline_tree.python_env), the two alternating `--rounds` times; a figure is the best CPU time
(`time.process_time`) of a fresh processor (dict tables) over every record. Parity: the SHA-256
of every output record (topic, key, value) and alert, in order, must be the same both ways.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.baseline_tree import baseline_tree, python_env  # noqa: E402
from bench.stage_two_child import START  # noqa: E402

# main before stage 2's own speed work (the cached timestamps and story states).
BASELINE = "0609dae"
CHILD = ROOT / "bench" / "stage_two_child.py"  # runs stage 2 on the tree on its PYTHONPATH


def enriched_records(count: int, out: Path) -> None:
    """Stage 1's records for `count` corpus articles, one JSON line each (key, value)."""
    from bench.bench_worker import articles, corpus_texts
    from streams.deadletter import SourceRecord
    from tests.support.builders import build_processor

    texts, source = corpus_texts()
    print(f"texts: {source}")
    enrich = build_processor().enrich
    assert enrich is not None
    items = articles(texts, count, "stage-two")
    raw = [SourceRecord("raw", n % 3, n, a.key(), a.to_json()) for n, a in enumerate(items)]
    with out.open("w") as lines:
        for outcome in enrich.process_many(raw, START):
            record = outcome.outgoing[0]
            lines.write(json.dumps({"key": record.key.hex(), "value": record.value.hex()}) + "\n")


def run_child(tree: Path, records: Path, rounds: int) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(CHILD), str(records), str(rounds)],
        env=python_env(tree), capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"stage 2 in {tree} failed:\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", default=BASELINE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, baseline_tree(args.baseline) as old:
        records = Path(tmp) / "enriched.jsonl"
        enriched_records(args.articles, records)
        if old is None:
            print(f"baseline {args.baseline} not found in git: today's code only")
        today: list[float] = []
        before: list[float] = []
        digests: set[object] = set()
        for _ in range(args.rounds):
            new = run_child(ROOT, records, 1)
            today.append(float(str(new["us"])))
            digests.add(new["digest"])
            if old is not None:
                prior = run_child(old, records, 1)
                before.append(float(str(prior["us"])))
                digests.add(prior["digest"])
        print(f"stage 2 in process, {args.articles} articles, best of {args.rounds}: "
              f"today {min(today):.1f} µs per article")  # fmt: skip
        if before:
            print(f"  {args.baseline}: {min(before):.1f} µs per article; "
                  f"today x{min(before) / min(today):.2f} as fast")  # fmt: skip
            print(f"  rounds today {[round(v, 1) for v in today]}, "
                  f"{args.baseline} {[round(v, 1) for v in before]}")  # fmt: skip
        same = len(digests) == 1
        print(f"outputs (records and alerts, in order): {'identical' if same else 'DIFFER'}")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
