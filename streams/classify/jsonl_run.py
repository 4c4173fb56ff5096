"""`newsmon classify`'s loop: JSON lines in, one JSON line out per line, in input order.

With one job everything runs in this process. With more, the stateless part of each line
(reading it, cleaning, language, fingerprint, classification) runs in `jobs` worker
processes, fed chunks of lines; either way a chunk's articles are enriched as one batch
(`Enricher.enrich_many`, stage by stage: less CPU per article than one by one). The parent
takes the results back IN INPUT ORDER and runs the de-duplication index on them one by one,
exactly as one job does, so the verdicts (`story_id`, `duplicate_of`) and the output bytes
are the same whatever `jobs` is.
At most a few chunks per worker are in flight, so memory does not grow with the input.

Output lines are `json.dumps(obj, ensure_ascii=False)` of `{"id", "language", "story_id",
"duplicate_of", "topics"}` (or `{"line", "id", "error"}`), spelled out so that the parent only
joins a few strings: the topics' JSON is made in the worker.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) uses
from pathlib import Path
from typing import NamedTuple, TextIO

from newsmon.contract import Article, utc_now
from newsmon.errors import NewsmonError
from streams.classify.definitions import load_topics
from streams.classify.jsonl_input import InputError, line_id, parse_line
from streams.dedupe.fingerprint import Fingerprint
from streams.dedupe.index import DedupeIndex
from streams.pipeline import Enricher, record
from streams.text.language import detect_language

CHUNK_LINES = 200  # lines per task: big enough that the hand-over costs little per line
IN_FLIGHT_PER_JOB = 4  # chunks queued per worker: keeps them busy, bounds memory


class LineDone(NamedTuple):
    """A line read and enriched by a worker: what the index and the output line need."""

    number: int
    article_id: str
    url: str
    guid: str | None
    text: str
    content_hash: str
    band_keys: tuple[str, ...]
    language: str | None
    topics_json: str
    themes_json: str


class Failed(NamedTuple):
    """A line that could not be read as an article."""

    number: int
    article_id: str | None
    error: str


Result = LineDone | Failed
Chunk = list[tuple[int, str]]


class WorkerDied(NewsmonError, RuntimeError):
    """A worker process ended abruptly (killed, out of memory): the lines before `line` were
    written, the rest were not."""

    def __init__(self, line: int) -> None:
        super().__init__(f"a worker process died; output stops before line {line}")
        self.line = line


@dataclass(frozen=True, slots=True)
class Summary:
    lines: int
    failures: int


_enricher: Enricher | None = None  # a worker's own, built once (see `_start_worker`)


def _start_worker(topics_file: Path | None) -> None:
    """Pool initialiser: a forked worker inherits the parent's enricher, others build one."""
    global _enricher
    # Ctrl-C is the parent's to handle: it stops the pool; workers print no tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _enricher is None:
        _enricher = Enricher(load_topics(topics_file))


def _enrich_chunk(chunk: Chunk) -> list[Result]:
    assert _enricher is not None, "worker started without _start_worker"
    return enrich_lines(_enricher, chunk)


def enrich_lines(enricher: Enricher, chunk: Chunk) -> list[Result]:
    """The stateless part of each numbered line of `chunk`, the readable lines enriched as one
    batch (`Enricher.enrich_many`: stage by stage, cheaper than line by line)."""
    results: list[Result | None] = []
    articles: list[Article] = []
    numbers: list[int] = []
    for number, line in chunk:
        try:
            _, article = parse_line(line, utc_now())
        except InputError as exc:
            results.append(Failed(number, line_id(line), str(exc)))
            continue
        results.append(None)  # filled below, in place
        articles.append(article)
        numbers.append(len(results) - 1)
    for at, done in zip(numbers, enricher.enrich_many(articles), strict=True):
        assert done.fingerprint is not None  # made here, in parallel, not in the parent
        clean = done.article
        topics_json = json.dumps([t.to_dict() for t in done.topics], ensure_ascii=False)
        results[at] = LineDone(chunk[at][0], clean.id, clean.url, clean.guid, done.text,
                               done.fingerprint.content_hash, done.fingerprint.band_keys,
                               clean.language, topics_json,
                               json.dumps(list(done.themes), ensure_ascii=False))  # fmt: skip
    return [result for result in results if result is not None]


def _chunks(lines: Iterable[str]) -> Iterator[Chunk]:
    chunk: Chunk = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue  # blank lines are ignored, not answered
        chunk.append((number, line))
        if len(chunk) >= CHUNK_LINES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _json_str(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


class _Writer:
    """Runs the index over results in input order and writes their output lines."""

    def __init__(self, out: TextIO, err: TextIO, source: str) -> None:
        self._index = DedupeIndex()
        self._out = out
        self._err = err
        self._source = source
        self.lines = 0
        self.failures = 0

    def write(self, results: list[Result]) -> None:
        parts: list[str] = []
        for result in results:
            self.lines += 1
            if isinstance(result, Failed):
                self.failures += 1
                self._out.write("".join(parts))
                parts.clear()
                self._out.flush()
                print(f"newsmon classify: {self._source}:{result.number}: {result.error}",
                      file=self._err)  # fmt: skip
                failed = {"line": result.number, "id": result.article_id, "error": result.error}
                self._out.write(json.dumps(failed, ensure_ascii=False) + "\n")
                continue
            verdict = record(self._index, result.article_id, result.url, result.guid,
                             result.text, Fingerprint(result.content_hash, result.band_keys),
                             utc_now().timestamp())  # fmt: skip
            parts.append(
                f'{{"id": {_json_str(result.article_id)}, "language": {_json_str(result.language)}'
                f', "story_id": {_json_str(verdict.story_id)}'
                f', "duplicate_of": {_json_str(verdict.duplicate_of)}'
                f', "topics": {result.topics_json}, "themes": {result.themes_json}}}\n'
            )
        self._out.write("".join(parts))


def classify_lines(lines: Iterable[str], topics_file: Path | None, jobs: int, out: TextIO,
                   err: TextIO, source: str) -> Summary:  # fmt: skip
    """Classify every line of `lines` into `out` (errors also named on `err`), in order.

    Raises TopicFileError for a bad topic file (before reading any line), OSError and
    UnicodeDecodeError from reading `lines`, WorkerDied when a worker process ends abruptly."""
    global _enricher
    enricher = Enricher(load_topics(topics_file))
    writer = _Writer(out, err, source)
    if jobs <= 1:
        for chunk in _chunks(lines):
            writer.write(enrich_lines(enricher, chunk))
        return Summary(writer.lines, writer.failures)
    # Forked workers inherit the compiled topics and the language model (loaded now, shared
    # copy-on-write) instead of each reading them again. The first chunk is enriched here
    # before they start, for the same reason: the classifier builds its tables and loads
    # the lemma dictionaries of each language on its first article in it (~5 s of CPU for
    # the six shipped languages), which every worker would otherwise do again.
    _enricher = enricher
    detect_language("Loading the language model before the workers start, so they share it.")
    chunks = _chunks(lines)
    first = next(chunks, None)
    if first is None:
        return Summary(0, 0)
    writer.write(enrich_lines(enricher, first))
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # What the workers inherit stays shared: the collector would otherwise touch (and so
    # copy) every inherited object's page in each of them.
    gc.freeze()
    try:
        with ProcessPoolExecutor(jobs, context, _start_worker, (topics_file,)) as pool:
            _run_pool(pool, chunks, jobs * IN_FLIGHT_PER_JOB, writer)
    finally:
        gc.unfreeze()
        _enricher = None
    return Summary(writer.lines, writer.failures)


def _run_pool(
    pool: ProcessPoolExecutor, chunks: Iterator[Chunk], window: int, writer: _Writer
) -> None:
    # (first line number, its chunk's future), in input order. The executor, unlike
    # multiprocessing.Pool, reports a worker that died instead of waiting for it for ever.
    pending: deque[tuple[int, Future[list[Result]]]] = deque()

    def write_oldest() -> None:
        first, future = pending.popleft()
        try:
            results = future.result()
        except BrokenProcessPool:
            raise WorkerDied(first) from None
        writer.write(results)

    for chunk in chunks:
        pending.append((chunk[0][0], pool.submit(_enrich_chunk, chunk)))
        if len(pending) >= window:
            write_oldest()
    while pending:
        write_oldest()
