"""`newsmon backtest` on a corpus written for it (backtest_corpus.jsonl, beside this file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsmon.cli.main import main

CORPUS = Path(__file__).with_name("backtest_corpus.jsonl")


def test_the_corpus_gives_its_new_alerts_and_one_burst_in_publication_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["backtest", str(CORPUS), "--json"]) == 0
    out, err = capsys.readouterr()
    alerts = [json.loads(line) for line in out.splitlines()]
    times = [a["created_at"] for a in alerts]
    assert times == sorted(times)  # the out-of-order line was replayed at its time
    new = [a["story_id"] for a in alerts if a["kind"] == "new"]
    # Each story alerts once: the summit's second and third outlets and the same link
    # through a second feed add none.
    assert new == ["base-1", "base-2", "base-3", "base-4", "base-5", "summit-a",
                   "surge-1", "surge-2", "surge-3", "surge-4", "surge-5", "surge-6",
                   "surge-7", "after-1"]  # fmt: skip
    [burst] = [a for a in alerts if a["kind"] == "burst"]
    assert burst["story_ids"] == [f"surge-{i}" for i in range(1, 6)]
    assert burst["burst"]["window_start"] == "2026-03-02T13:54:00.000Z"
    assert burst["burst"]["count"] == 5 and burst["outlets"] == 3
    assert burst["created_at"] == "2026-03-02T14:08:00.000Z"
    assert "18 articles replayed, 0 unreadable lines" in err
    assert [line.split() for line in err.splitlines() if line.startswith("nato")] == [
        [
            "nato",
            *(
                str(sum(a["topic"] == "nato" and a["kind"] == kind for a in alerts))
                for kind in ("new", "update", "burst")
            ),
        ]
    ]


def test_the_text_report_shows_the_evidence_and_the_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["backtest", str(CORPUS)]) == 0
    out = capsys.readouterr().out
    assert "BURST [warning] nato: 5 new nato stories in 15 min" in out
    assert "5 stories, 0.04 expected, p=1.01e-09, 3 outlets" in out
    assert "terms: sanction*, " in out and "price cap" in out
    assert "topic                new  update   burst" in out


def test_stricter_burst_settings_in_a_topic_file_remove_the_burst(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packaged = Path(__file__).parents[4] / "streams" / "classify" / "topics.yaml"
    strict = packaged.read_text().replace("min_count: 5,", "min_count: 8,")
    topics = tmp_path / "topics.yaml"
    topics.write_text(strict)
    assert main(["backtest", str(CORPUS), "--json", "--topics", str(topics)]) == 0
    kinds = [json.loads(line)["kind"] for line in capsys.readouterr().out.splitlines()]
    assert "burst" not in kinds and kinds.count("new") == 14


def test_unreadable_lines_are_reported_and_the_rest_replayed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "c.jsonl"
    good = CORPUS.read_text().splitlines()[1]
    corpus.write_text("\n".join([good, "{not json", json.dumps({"id": "x", "title": "t"})]) + "\n")
    assert main(["backtest", str(corpus)]) == 1
    out, err = capsys.readouterr()
    assert f"{corpus}:2: not JSON" in err
    assert f"{corpus}:3: field 'published' is required" in err
    assert "1 articles replayed, 2 unreadable lines" in out


def test_a_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backtest", "/nonexistent/corpus.jsonl"]) == 2
    assert "cannot read /nonexistent/corpus.jsonl" in capsys.readouterr().err
