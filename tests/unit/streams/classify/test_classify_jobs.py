"""`newsmon classify --jobs N`: the same output, line for line and byte for byte, as one job.

The stateless work runs in worker processes (real ones here), de-duplication in the parent in
input order; the inputs span several chunks so that near and exact duplicates of an article
are read by another worker than the original.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from streams.classify import jsonl_run
from streams.classify.jsonl_run import Chunk, Result, WorkerDied, classify_lines, enrich_lines
from streams.pipeline import Enricher
from tests.support.cli import newsmon_argv, run_newsmon

STORIES = [
    "Defence ministers of the alliance met in Brussels on {day} and agreed to raise the "
    "spending target and to send more troops to the eastern flank next year, officials said.",
    "The government announced new sanctions on {day} that freeze the assets of three banks "
    "and ban exports of machine tools, the finance ministry said in a statement.",
    "A car maker said on {day} it would sell its local plant and leave the market after "
    "forty years, handing the factory to a domestic investor for a symbolic sum.",
    "Heavy rain is expected across the north on {day}, with local flooding possible in "
    "low-lying valleys and gusts of wind along the coast, forecasters said.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def input_lines(count: int) -> list[str]:
    """Articles whose stories repeat: exact copies (same URL), near copies (another day,
    another outlet), blank lines and unreadable lines among them."""
    lines = []
    for n in range(count):
        story = STORIES[n % len(STORIES)].format(day=DAYS[(n // len(STORIES)) % len(DAYS)])
        if n % 97 == 13:
            lines.append("{not json")
        elif n % 89 == 5:
            lines.append(json.dumps({"id": n, "title": "an id that is not a string"}))
        elif n % 71 == 3:
            lines.append("")
        else:
            row = {"id": f"a{n}", "title": story.split(",")[0], "text": story,
                   "url": f"https://outlet{n % 3}.example/{n % 40}"}  # fmt: skip
            lines.append(json.dumps(row, ensure_ascii=False))
    return lines


def classify(lines: list[str], jobs: int) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    summary = classify_lines(iter(lines), None, jobs, out, err, "in.jsonl")
    return out.getvalue(), err.getvalue(), summary.failures


def test_two_jobs_write_the_same_lines_as_one_across_many_chunks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jsonl_run, "CHUNK_LINES", 7)  # many chunks, spread over both workers
    lines = input_lines(400)
    one = classify(lines, jobs=1)
    two = classify(lines, jobs=2)
    assert two == one
    out = [json.loads(line) for line in one[0].splitlines()]
    assert len(out) == sum(1 for line in lines if line.strip())
    assert one[2] == sum(1 for o in out if "error" in o) > 0
    # Copies and stories were recognised, in workers other than their originals' too.
    assert any(o.get("duplicate_of") for o in out)
    assert any(o.get("story_id") not in (None, o["id"]) and not o["duplicate_of"] for o in out)


def test_no_lines_or_only_blank_ones_write_nothing_with_any_jobs() -> None:
    for lines in ([], ["", "  ", "\t"]):
        assert classify(lines, jobs=2) == classify(lines, jobs=1) == ("", "", 0)


def test_a_single_chunk_is_all_done_before_any_worker_starts() -> None:
    lines = input_lines(30)  # fewer than CHUNK_LINES: the parent's first chunk is everything
    assert classify(lines, jobs=3) == classify(lines, jobs=1)


def test_output_lines_are_json_dumps_of_the_documented_objects() -> None:
    lines = input_lines(60)
    text, _, _ = classify(lines, jobs=1)
    # one output line per non-blank input line: an empty output would check nothing
    assert len(text.splitlines()) == sum(1 for line in lines if line.strip())
    for line in text.splitlines():
        assert line == json.dumps(json.loads(line), ensure_ascii=False)


def test_the_console_script_gives_the_same_bytes_for_any_jobs(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(input_lines(300)) + "\n", encoding="utf-8")
    command = newsmon_argv("classify", str(source), "--jobs")
    runs = [
        subprocess.run([*command, jobs], capture_output=True, timeout=120, check=False)
        for jobs in ("1", "2", "3")
    ]
    assert [run.returncode for run in runs] == [1, 1, 1]  # the unreadable lines
    assert runs[1].stdout == runs[0].stdout and runs[2].stdout == runs[0].stdout
    assert runs[1].stderr == runs[0].stderr


def test_jobs_must_be_a_positive_number() -> None:
    done = run_newsmon("classify", "-", "--jobs", "0", input="", timeout=60)
    assert done.returncode == 2
    assert "--jobs" in done.stderr and "at least 1" in done.stderr


@pytest.mark.corpus
def test_the_corpus_classifies_alike_with_two_jobs(corpus_dir: Path) -> None:
    lines = []
    for name in ("dev.jsonl", "blind.jsonl"):
        lines += (corpus_dir / name).read_text(encoding="utf-8").splitlines()
    assert classify(lines * 2, jobs=2) == classify(lines * 2, jobs=1)


def _dying_enrich_lines(enricher: Enricher, chunk: Chunk) -> list[Result]:
    """Ends the worker process abruptly on the line numbered 150, as the OOM killer would."""
    if any(number == 150 for number, _ in chunk):
        os._exit(9)
    return enrich_lines(enricher, chunk)


def test_a_worker_that_dies_stops_the_run_with_the_line_it_stopped_at(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jsonl_run, "CHUNK_LINES", 10)
    # Forked workers inherit the patched module.
    monkeypatch.setattr(jsonl_run, "enrich_lines", _dying_enrich_lines)
    lines = [line for line in input_lines(400) if line.strip()]
    out = io.StringIO()
    with pytest.raises(WorkerDied) as died:
        classify_lines(iter(lines), None, 2, out, io.StringIO(), "in.jsonl")
    assert died.value.line <= 150
    assert len(out.getvalue().splitlines()) == died.value.line - 1  # every line before it
