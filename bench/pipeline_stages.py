"""Child of bench/bench_pipeline.py: times the worker's per-article stages on the code it imports.

    python bench/pipeline_stages.py ARTICLES.jsonl NOW ROUNDS

Run with PYTHONPATH set to a source tree (this checkout or a baseline from git), it uses only
names that exist in both, and prints one JSON object: CPU microseconds per article of each stage
(best of ROUNDS, `time.process_time`, so time the machine gives to other processes is not
counted) and, per article, short digests of what each stage decided, for the parity check.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from newsmon.contract import Article
from newsmon.contract.records import ClassifiedArticle
from newsmon.contract.urls import canonical_url
from streams.classify.classifier import Classifier
from streams.classify.definitions import load_topics
from streams.dedupe.index import DedupeIndex
from streams.pipeline import ArticlePipeline, clean_article
from streams.text.clean import clean_field, clean_html_field
from streams.text.language import detect_language

# `streams.dedupe.fingerprint` the module (the package re-exports a function of that name).
fingerprint_module = importlib.import_module("streams.dedupe.fingerprint")
fingerprint = fingerprint_module.fingerprint
language_module = importlib.import_module("streams.text.language")


BATCH = 100  # raw records per batch in the batched run of the whole pipeline


def dedupe_text(clean: Article) -> str:
    """What the pipeline hands to the dedupe index (the same formula in both trees)."""
    body = clean.content if clean.summary in clean.content else f"{clean.summary} {clean.content}"
    return f"{clean.title}\n{body}".strip()


def fingerprint_parts(text: str) -> tuple[str, tuple[str, ...]]:
    made = fingerprint(text)
    return made.content_hash, made.band_keys


def best_us(work: Callable[[], object], count: int, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best / count * 1e6


def digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=6).hexdigest()


def measure(raw: Sequence[bytes], now: datetime, rounds: int) -> dict[str, Any]:
    topics = load_topics(None)
    classifier = Classifier(topics)
    items = [Article.from_json(line) for line in raw]
    cleaned = [clean_article(a) for a in items]
    joined = [" ".join(p for p in (c.title, c.summary, c.content) if p) for c in cleaned]
    texts = [dedupe_text(c) for c in cleaned]
    topic_matches = [classifier.classify(c.title, c.summary, c.content, c.language)
                     for c in cleaned]  # fmt: skip
    records = [ClassifiedArticle(c, t, c.id, None, now)
               for c, t in zip(cleaned, topic_matches, strict=True)]  # fmt: skip
    n = len(raw)

    def decode() -> None:
        for line in raw:
            Article.from_json(line)

    def clean() -> None:
        for a in items:
            clean_field(a.title), clean_html_field(a.summary), clean_html_field(a.content)
            canonical_url(a.url)

    def language() -> None:
        for text in joined:
            detect_language(text)

    def fingerprints() -> None:
        for text in texts:
            fingerprint(text)

    # The batch forms of two stages where the code has them (else one by one, as above).
    many_languages = getattr(language_module, "detect_languages", None)
    many_prints = getattr(fingerprint_module, "fingerprints", None)

    def languages_batched() -> None:
        for at in range(0, n, BATCH):
            if many_languages is None:
                for text in joined[at : at + BATCH]:
                    detect_language(text)
            else:
                many_languages(joined[at : at + BATCH])

    def fingerprints_batched() -> None:
        for at in range(0, n, BATCH):
            if many_prints is None:
                for text in texts[at : at + BATCH]:
                    fingerprint(text)
            else:
                many_prints(texts[at : at + BATCH])

    def dedupe() -> None:
        index = DedupeIndex()  # fresh each round: every article is new to it
        for c, text in zip(cleaned, texts, strict=True):
            index.observe(c.id, c.url, c.guid, text, 0.0)

    def classify() -> None:
        for c in cleaned:
            classifier.classify(c.title, c.summary, c.content, c.language)

    def encode() -> None:
        for record in records:
            record.to_json()

    outputs: list[bytes] = []

    # One pipeline for every round, as the worker keeps one: its classifier's per-language
    # tables and word caches fill on the first round (as in the worker's first minutes), the
    # best round is the steady state. The index is new each round: every article is new to it.
    pipeline = ArticlePipeline(topics, DedupeIndex())

    def whole() -> None:
        # What the worker does per record besides Kafka, the stages interleaved as they run.
        pipeline.dedupe = DedupeIndex()
        outputs.clear()
        for line in raw:
            outputs.append(pipeline.process(Article.from_json(line), now).classified.to_json())

    batched: list[bytes] = []
    process_many = getattr(pipeline, "process_many", None)  # absent before batches

    def whole_batched() -> None:
        # The same, BATCH raw records at a time, as a worker that takes them from its stream in
        # batches: stage by stage within a batch. Code without `process_many` runs one by one.
        pipeline.dedupe = DedupeIndex()
        batched.clear()
        for at in range(0, len(raw), BATCH):
            items = [Article.from_json(line) for line in raw[at : at + BATCH]]
            if process_many is None:
                results = [pipeline.process(item, now) for item in items]
            else:
                results = process_many(items, now)
            batched.extend(result.classified.to_json() for result in results)

    stages = {
        "decode (JSON in)": decode,
        "clean (3 fields+URL)": clean,
        "language": language,
        f"language, batches of {BATCH}": languages_batched,
        "fingerprint": fingerprints,
        f"fingerprint, batches of {BATCH}": fingerprints_batched,
        "dedupe (incl. fp)": dedupe,
        "classify": classify,
        "encode (JSON out)": encode,
        "whole pipeline": whole,
        f"whole, batches of {BATCH}": whole_batched,
    }
    timings = {name: best_us(work, n, rounds) for name, work in stages.items()}
    if batched != outputs:
        raise AssertionError("the pipeline in batches wrote other records than one by one")
    return {
        "us": timings,
        "parity": {
            "cleaned text": [digest(c.title, c.summary, c.content, c.url) for c in cleaned],
            "language": [digest(c.language) for c in cleaned],
            "fingerprint": [digest(*fingerprint_parts(t)) for t in texts],
            "topics": [digest(r.to_json()) for r in records],
            "classified record": [digest(out) for out in outputs],
        },
    }


def main(argv: list[str]) -> int:
    path, now_text, rounds = argv
    with open(path, "rb") as handle:
        raw = handle.read().splitlines()
    now = datetime.fromisoformat(now_text)
    detect_language("Warm-up: the language model is loaded on first use, not timed.")
    json.dump(measure(raw, now, int(rounds)), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
