"""Per-article CPU cost of the worker's pipeline, stage by stage, on one core.

Run: .venv/bin/python bench/bench_pipeline.py [--articles 3000] [--rounds 5]

Texts come from ../shared/corpus (dev + blind, timing only) when present, else generated
sentences (bench_worker.corpus_texts). Each article is a corpus text with a serial number, as
the worker bench sends them. Prints microseconds per article of:
- clean: the three text fields cleaned and the URL made canonical;
- language: detection on the cleaned text (articles whose feed gives no language);
- fingerprint+dedupe: `DedupeIndex.observe` into a fresh index;
- classify: `Classifier.classify`;
- to_json: `ClassifiedArticle.to_json`;
and articles/s of the whole `ArticlePipeline.process` + `to_json`. Every figure is the best of
`--rounds` rounds. Stages reworked for speed are also timed the old way in the same run: the
modules as they were at BASELINE (read from git; skipped when git or the commit is missing) on
the same inputs (old and new rounds alternating), and the whole pipeline with those old modules
patched in. Last, how many articles get the same cleaned text, language, fingerprint and
classified record (bytes) both ways: the speed work must not change what the pipeline decides.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import time
import types
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_worker import articles, corpus_texts  # noqa: E402
from newsmon.contract import Article  # noqa: E402
from newsmon.contract.records import ClassifiedArticle  # noqa: E402
from newsmon.contract.urls import canonical_url  # noqa: E402
from streams import pipeline as pipeline_module  # noqa: E402
from streams.classify.classifier import Classifier  # noqa: E402
from streams.classify.definitions import load_topics  # noqa: E402
from streams.dedupe import index as dedupe_index  # noqa: E402
from streams.dedupe.fingerprint import fingerprint  # noqa: E402
from streams.dedupe.index import DedupeIndex  # noqa: E402
from streams.pipeline import ArticlePipeline  # noqa: E402
from streams.text.clean import clean_field, clean_html_field  # noqa: E402
from streams.text.language import detect_language  # noqa: E402

Item = TypeVar("Item")
# The last commit before the per-article speed work on cleaning, language and fingerprints.
BASELINE = "ae2cee18efa461356cc318fbe18284b5d5c5913b"
# Modules reworked since BASELINE, in import order (later ones import earlier ones).
CHANGED_MODULES = (
    "streams.dedupe.fingerprint",
    "streams.text.normalize",
    "streams.text.boilerplate",
    "streams.text.clean",
    "streams.text.language",
)


def baseline_modules() -> dict[str, types.ModuleType] | None:
    """CHANGED_MODULES as they were at BASELINE, each importing the others' old versions."""
    current = {name: sys.modules[name] for name in CHANGED_MODULES}
    old: dict[str, types.ModuleType] = {}
    try:
        for name in CHANGED_MODULES:
            path = name.replace(".", "/") + ".py"
            source = subprocess.run(["git", "show", f"{BASELINE}:{path}"], cwd=ROOT,
                                    capture_output=True, text=True, check=True).stdout  # fmt: skip
            module = types.ModuleType(name)
            module.__file__ = f"{BASELINE[:8]}:{path}"
            sys.modules[name] = module  # dataclasses and later imports look it up by name
            exec(compile(source, module.__file__, "exec"), module.__dict__)
            old[name] = module
    except (OSError, subprocess.CalledProcessError):
        return None
    finally:
        sys.modules.update(current)
    return old


@contextlib.contextmanager
def patched_in(old: dict[str, types.ModuleType]) -> Iterator[None]:
    """The pipeline's lookups of the reworked functions answered by the old modules."""
    old_clean = old["streams.text.clean"]
    targets = [
        (dedupe_index, "fingerprint", old["streams.dedupe.fingerprint"].fingerprint),
        (pipeline_module, "clean_field", old_clean.clean_field),
        (pipeline_module, "clean_html_field", old_clean.clean_html_field),
        (pipeline_module, "detect_language", old["streams.text.language"].detect_language),
    ]
    saved = [(module, name, getattr(module, name)) for module, name, _ in targets]
    for module, name, value in targets:
        setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


def best_us_per_item(work: Callable[[Sequence[Item]], object], items: Sequence[Item],
                     rounds: int) -> float:  # fmt: skip
    """Best of `rounds` timings of `work(items)`, in microseconds per item."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        work(items)
        best = min(best, time.perf_counter() - started)
    return best / len(items) * 1e6


def cleaned_fields(article: Article) -> tuple[str, str, str, str]:
    return (
        clean_field(article.title),
        clean_html_field(article.summary),
        clean_html_field(article.content),
        canonical_url(article.url),
    )


def joined_text(fields: tuple[str, str, str, str]) -> str:
    """What `clean_article` hands to language detection."""
    return " ".join(p for p in fields[:3] if p)


def dedupe_text(fields: tuple[str, str, str, str]) -> str:
    """What `ArticlePipeline.process` hands to the dedupe index."""
    title, summary, content, _ = fields
    body = content if summary in content else f"{summary} {content}"
    return f"{title}\n{body}".strip()


def stage_costs(items: list[Article], rounds: int) -> dict[str, float]:
    topics = load_topics(None)
    classifier = Classifier(topics)
    fields = [cleaned_fields(a) for a in items]
    joined = [joined_text(f) for f in fields]
    languages = [detect_language(text) for text in joined]
    now = datetime.now(UTC)

    def clean(batch: Sequence[Article]) -> None:
        for article in batch:
            cleaned_fields(article)

    def language(batch: Sequence[str]) -> None:
        for text in batch:
            detect_language(text)

    def dedupe(batch: Sequence[tuple[str, str, str, str]]) -> None:
        index = DedupeIndex()  # fresh each round: every article is new to it
        for n, item in enumerate(batch):
            index.observe(str(n), item[3], None, dedupe_text(item), 0.0)

    def classify(batch: Sequence[int]) -> None:
        for n in batch:
            title, summary, content, _ = fields[n]
            classifier.classify(title, summary, content, languages[n])

    records = [
        ClassifiedArticle(a, classifier.classify(f[0], f[1], f[2], lang), a.id, None, now)
        for a, f, lang in zip(items, fields, languages, strict=True)
    ]

    def to_json(batch: Sequence[ClassifiedArticle]) -> None:
        for record in batch:
            record.to_json()

    return {
        "clean": best_us_per_item(clean, items, rounds),
        "language": best_us_per_item(language, joined, rounds),
        "fingerprint+dedupe": best_us_per_item(dedupe, fields, rounds),
        "classify": best_us_per_item(classify, range(len(items)), rounds),
        "to_json": best_us_per_item(to_json, records, rounds),
    }


def pipeline_rate(texts: list[tuple[str, str]], count: int, run: str) -> float:
    """Articles/s of `process` + `to_json` (what the worker does per record besides Kafka)."""
    # New articles (and a fresh index) each run, so that no run replays the one before.
    items = articles(texts, count, run)
    pipeline = ArticlePipeline(load_topics(None), DedupeIndex())
    now = datetime.now(UTC)
    started = time.perf_counter()
    for article in items:
        pipeline.process(article, now).classified.to_json()
    return count / (time.perf_counter() - started)


def old_and_new(items: list[Article], old: dict[str, types.ModuleType], rounds: int
                ) -> dict[str, tuple[float, float]]:  # fmt: skip
    """Stage -> (old us/article, new us/article), on the same inputs in this run."""
    texts = [dedupe_text(cleaned_fields(a)) for a in items]
    raw_fields = [field for a in items for field in (a.title, a.summary, a.content)]
    old_fingerprint = old["streams.dedupe.fingerprint"].fingerprint
    old_clean_html_field = old["streams.text.clean"].clean_html_field
    old_language = old["streams.text.language"]
    joined = [joined_text(cleaned_fields(a)) for a in items]

    def per_article(old_way: Callable[[str], object], new_way: Callable[[str], object],
                    inputs: list[str]) -> tuple[float, float]:  # fmt: skip
        """Best us per article of each way; their rounds alternate (drift hits both alike)."""
        best = {old_way: float("inf"), new_way: float("inf")}
        for _ in range(rounds):
            for way in best:
                started = time.perf_counter()
                for text in inputs:
                    way(text)
                best[way] = min(best[way], time.perf_counter() - started)
        return best[old_way] / len(items) * 1e6, best[new_way] / len(items) * 1e6

    return {
        "clean (3 fields)": per_article(old_clean_html_field, clean_html_field, raw_fields),
        "language": per_article(old_language.detect_language, detect_language, joined),
        "fingerprint": per_article(old_fingerprint, fingerprint, texts),
    }


def same_decisions(items: list[Article], old: dict[str, types.ModuleType]) -> str:
    """How many articles the old modules and the new ones treat alike: the same cleaned
    fields, language, fingerprint (content hash and band keys) and classified record."""
    old_clean = old["streams.text.clean"].clean_html_field
    old_language = old["streams.text.language"].detect_language
    old_fingerprint = old["streams.dedupe.fingerprint"].fingerprint
    same = {"cleaned text": 0, "language": 0, "fingerprint": 0}
    for article in items:
        fields = cleaned_fields(article)
        old_fields = tuple(old_clean(f) for f in (article.title, article.summary, article.content))
        same["cleaned text"] += fields[:3] == old_fields
        same["language"] += detect_language(joined_text(fields)) == old_language(
            joined_text(fields)
        )
        new_print, old_print = (
            fingerprint(dedupe_text(fields)),
            old_fingerprint(dedupe_text(fields)),
        )
        same["fingerprint"] += (new_print.content_hash, new_print.band_keys) == (
            old_print.content_hash,
            old_print.band_keys,
        )
    same["classified record"] = identical_records(items, old)
    return ", ".join(f"{what} {count}/{len(items)}" for what, count in same.items())


def identical_records(items: list[Article], old: dict[str, types.ModuleType]) -> int:
    """How many articles the pipeline turns into the same output bytes either way."""
    now = datetime.now(UTC)

    def records() -> list[bytes]:
        pipeline = ArticlePipeline(load_topics(None), DedupeIndex())
        return [pipeline.process(article, now).classified.to_json() for article in items]

    new_records = records()
    with patched_in(old):
        old_records = records()
    return sum(new == old for new, old in zip(new_records, old_records, strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    texts, source = corpus_texts()
    items = articles(texts, args.articles, "stages")
    detect_language("Warm-up: the language model is loaded on first use, not timed.")
    print(f"texts: {source}; {args.articles} articles; best of {args.rounds} rounds")

    costs = stage_costs(items, args.rounds)
    for name, us in costs.items():
        print(f"  {name:<20} {us:8.1f} us/article")
    print(f"  {'sum of stages':<20} {sum(costs.values()):8.1f} us/article")
    old = baseline_modules()
    if old is not None:
        old["streams.text.language"].detect_language("Warm-up: the old module has its own model.")
    rate = old_rate = 0.0
    for round_ in range(args.rounds):
        # Old and new rounds alternate, so that drift in the machine's speed hits both alike.
        rate = max(rate, pipeline_rate(texts, args.articles, f"new{round_}"))
        if old is not None:
            with patched_in(old):
                old_rate = max(old_rate, pipeline_rate(texts, args.articles, f"old{round_}"))
    print(f"whole pipeline (process + to_json): {rate:,.0f} articles/s "
          f"({1e6 / rate:.1f} us/article)")  # fmt: skip

    if old is None:
        print(f"old way: skipped (cannot read {BASELINE[:8]} from git)")
        return 0
    print(f"old way (modules at {BASELINE[:8]}) vs new, same inputs:")
    for stage, (old_us, new_us) in old_and_new(items, old, args.rounds).items():
        print(f"  {stage:<20} {old_us:8.1f} -> {new_us:6.1f} us/article  (x{old_us / new_us:.2f})")
    print(f"  {'whole pipeline':<20} {old_rate:8,.0f} -> {rate:6,.0f} articles/s  "
          f"(x{rate / old_rate:.2f})")  # fmt: skip
    print(f"same as the old way: {same_decisions(items, old)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
