"""`newsmon classify --jobs N` against one job and against the previous code, same input.

Run: .venv/bin/python bench/bench_classify_jobs.py [--articles 20000] [--rounds 2]

Input: the corpus texts (../shared/corpus, throughput and parity only; generated sentences when
absent), each copy with its own id, URL and a serial number in its text, so that copies are
near-duplicates (one story) but never exact ones. Each configuration runs as a user runs it
(the console module in a child process, output to a file), configurations alternating over
`--rounds`; the best wall time counts. Start-up (imports, topic file, language model, worker
processes, and the classifier's tables and lemma dictionaries of each language, which it loads
on its first article in that language: seconds of CPU for the six shipped languages) is
measured on a short input, the first line of each language of the input, and reported apart:
the steady rate is the articles over the wall time beyond start-up. (Today's code enriches
the first chunk before it forks workers, so on that short input it forks none.) CPU is the
children's user+system time beyond start-up per article, "cores" is CPU / wall, and
"CPU-bound" the rate that CPU cost allows on the cores a configuration uses (one for one
process), which is what to read when other processes load the machine. The outputs of every
configuration must be byte-identical.
Goal: --jobs (the CPUs) >= 10,000 articles/s steady on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.baseline_tree import BASELINE, baseline_tree, python_env  # noqa: E402
from bench.bench_worker import CORPUS, corpus_texts  # noqa: E402

GOAL = 10_000.0


@dataclass
class Run:
    wall: float
    cpu: float
    output: bytes


def write_input(path: Path, count: int) -> None:
    texts, _ = corpus_texts()
    languages = []
    for name in ("dev.jsonl", "blind.jsonl"):
        if (CORPUS / name).exists():
            lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
            languages += [json.loads(line).get("lang") for line in lines]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            title, text = texts[n % len(texts)]
            row = {"id": f"b{n}", "title": title, "text": f"{text} (copy {n})",
                   "url": f"https://bench.example/{n}"}  # fmt: skip
            if languages and languages[n % len(languages)]:
                row["lang"] = languages[n % len(languages)]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_openings(source: Path, path: Path) -> None:
    """The first line of each language (`lang`, or none) of `source`: the start-up input."""
    firsts: dict[str | None, str] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        firsts.setdefault(json.loads(line).get("lang"), line)
    path.write_text("".join(line + "\n" for line in firsts.values()), encoding="utf-8")


def run(tree: Path, source: Path, jobs: int | None) -> Run:
    command = [sys.executable, "-m", "newsmon.cli.main", "classify", str(source)]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=python_env(tree), capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", default=BASELINE, help="the previous code's commit")
    args = parser.parse_args(argv)
    cores = len(os.sched_getaffinity(0))

    with tempfile.TemporaryDirectory() as tmp, baseline_tree(args.baseline) as old_tree:
        source, openings = Path(tmp) / "in.jsonl", Path(tmp) / "one.jsonl"
        write_input(source, args.articles)
        write_openings(source, openings)
        configs: dict[str, tuple[Path, int | None]] = {}
        if old_tree is not None:
            configs[f"previous code ({args.baseline})"] = (old_tree, None)
        configs["--jobs 1"] = (ROOT, 1)
        for jobs in sorted({2, cores}):
            configs[f"--jobs {jobs}"] = (ROOT, jobs)
        best: dict[str, Run] = {}
        startup: dict[str, Run] = {}
        for _ in range(args.rounds):
            for name, (tree, jobs) in configs.items():
                for store, path in ((startup, openings), (best, source)):
                    result = run(tree, path, jobs)
                    if name not in store or result.wall < store[name].wall:
                        store[name] = result

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{args.articles} articles, {cores} CPUs, best of {args.rounds} rounds; "
          f"load average at the end {load} (other processes share the CPUs)")  # fmt: skip
    print(f"  {'configuration':<24} {'wall s':>7} {'start s':>8} {'art/s':>8} {'steady':>8} "
          f"{'CPU us/art':>10} {'cores':>6} {'CPU-bound':>9}")  # fmt: skip
    steady: dict[str, float] = {}
    for name, result in best.items():
        beyond = max(result.wall - startup[name].wall, 1e-9)
        steady[name] = args.articles / beyond
        cpu_us = max(result.cpu - startup[name].cpu, 1e-9) / args.articles * 1e6
        busy = result.cpu / result.wall
        # What the CPUs could sustain at this CPU cost per article were they all ours (one
        # for a single process): the figure to read when other processes load the machine.
        # (The previous code runs without --jobs: its default, the CPUs, since 08d04e1.)
        bound = (1 if configs[name][1] == 1 else cores) * 1e6 / cpu_us
        print(f"  {name:<24} {result.wall:7.2f} {startup[name].wall:8.2f} "
              f"{args.articles / result.wall:8,.0f} {steady[name]:8,.0f} "
              f"{cpu_us:10.1f} {busy:6.2f} {bound:9,.0f}")  # fmt: skip
    reference = best["--jobs 1"].output
    same = {name: result.output == reference for name, result in best.items()}
    print("output byte-identical to --jobs 1: "
          + ", ".join(f"{name} {'yes' if ok else 'NO'}" for name, ok in same.items()))  # fmt: skip
    top = f"--jobs {cores}"
    print(f"{top} vs --jobs 1: x{steady[top] / steady['--jobs 1']:.2f} steady, "
          f"x{best['--jobs 1'].wall / best[top].wall:.2f} wall")  # fmt: skip
    met = steady[top] >= GOAL
    print(f"goal: {top} >= {GOAL:,.0f} articles/s steady: {'met' if met else 'NOT met'} "
          f"({steady[top]:,.0f}/s)")  # fmt: skip
    return 0 if met and all(same.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
