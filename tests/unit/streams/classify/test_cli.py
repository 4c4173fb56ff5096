"""`newsmon classify` and `newsmon evaluate` as a user runs them (the real console script)."""

# ruff: noqa: RUF001  # Cyrillic test texts are meant, not look-alike Latin letters

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.support import cli


def run_newsmon(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return cli.run_newsmon(*args, input=stdin, timeout=60)


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows)
        + "\n",
        encoding="utf-8",
    )
    return path


BODY = (
    "Allied defence ministers agreed in Brussels on Thursday to raise their spending target "
    "and to station more troops on the eastern flank of the alliance next year."
)


def test_classify_writes_one_line_per_input_in_order_with_the_documented_fields(
    tmp_path: Path,
) -> None:
    source = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "id": "n1",
                "title": "NATO ministers agree new spending goal",
                "text": BODY,
                "url": "https://news.example/a?utm_source=rss",
            },
            {"id": "n2", "title": "Weather: sunny spells", "text": "A dry and warm week ahead."},
            {
                "id": "n3",
                "title": "NATO ministers agree new spending goal",
                "text": BODY,
                "url": "https://news.example/a",
            },
            {"id": "n4", "title": "ЕС ввел новые санкции против России", "text": ""},
        ],
    )
    done = run_newsmon("classify", str(source))
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == ["n1", "n2", "n3", "n4"]
    for o in out:
        assert set(o) == {"id", "language", "story_id", "duplicate_of", "topics", "themes"}
    assert [t["name"] for t in out[0]["topics"]] == ["nato"]
    assert set(out[0]["topics"][0]) == {"name", "score", "evidence"}
    assert "ALLIANCE" in out[0]["themes"]
    assert out[1]["topics"] == []
    assert out[1]["themes"] == []
    assert out[2]["duplicate_of"] == "n1" and out[2]["story_id"] == "n1"
    assert out[3]["language"] == "ru" and out[3]["topics"][0]["name"] == "sanctions"


def test_a_bad_line_is_reported_with_its_number_and_the_rest_is_still_classified(
    tmp_path: Path,
) -> None:
    source = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "ok1", "title": "NATO summit opens", "text": BODY},
            "{not json",
            {"id": 7, "title": "id is not a string"},
            {"id": "ok2", "title": "Quiet day", "text": "Nothing happened."},
        ],
    )
    done = run_newsmon("classify", str(source))
    assert done.returncode == 1
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["ok1", None, None, "ok2"]
    assert out[1]["line"] == 2 and "not JSON" in out[1]["error"]
    assert out[2]["line"] == 3 and "'id'" in out[2]["error"]
    assert ":2:" in done.stderr and ":3:" in done.stderr


def test_classify_reads_stdin_and_honours_a_custom_topic_file(tmp_path: Path) -> None:
    topics = tmp_path / "topics.yaml"
    topics.write_text(
        "topics:\n  bridges:\n    description: Bridges.\n    terms:\n      en: ['bridge*']\n",
        encoding="utf-8",
    )
    done = run_newsmon(
        "classify",
        "-",
        "--topics",
        str(topics),
        stdin=json.dumps({"id": "b", "title": "New bridges for the river"}) + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert [t["name"] for t in json.loads(done.stdout)["topics"]] == ["bridges"]


def test_an_invalid_topic_file_stops_classify_with_the_field_named(tmp_path: Path) -> None:
    topics = tmp_path / "topics.yaml"
    topics.write_text("topics:\n  x:\n    description: d\n    terms: {}\n", encoding="utf-8")
    done = run_newsmon("classify", "-", "--topics", str(topics), stdin="")
    assert done.returncode == 2
    assert "'x'" in done.stderr and "'terms'" in done.stderr


def test_evaluate_prints_per_topic_scores_and_the_misclassified_ids(tmp_path: Path) -> None:
    labels = write_jsonl(
        tmp_path / "labels.jsonl",
        [
            {"id": "p1", "title": "NATO summit opens in Vilnius", "text": BODY, "topics": ["nato"]},
            {
                "id": "p2",
                "title": "Quiet day",
                "text": "Nothing happened.",
                "topics": ["sanctions"],
            },
        ],
    )
    done = run_newsmon("evaluate", "--labels", str(labels))
    assert done.returncode == 0, done.stderr
    assert "macro-F1" in done.stdout
    assert "nato" in done.stdout and "foreign_business" in done.stdout
    assert "- p2: expected ['sanctions'], got -" in done.stdout
    assert "p1:" not in done.stdout


@pytest.mark.corpus
def test_evaluate_on_the_dev_corpus_reaches_the_macro_f1_floor(corpus_dir: Path) -> None:
    done = run_newsmon("evaluate", "--labels", str(corpus_dir / "dev.jsonl"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    macro = next(line for line in lines if line.startswith("macro-F1"))
    # Reached 0.959 (precision 0.97-0.98, recall 0.89-0.98 per topic); the floors sit a
    # little below.
    assert float(macro.split()[1]) >= 0.945, done.stdout
    for name in ("nato", "sanctions", "foreign_business"):
        row = next(line for line in lines if line.split()[:1] == [name])
        assert float(row.split()[1]) >= 0.94, f"{name} precision: {done.stdout}"
        assert float(row.split()[2]) >= 0.87, f"{name} recall: {done.stdout}"


@pytest.mark.parametrize(
    ("name", "floor"),
    # Reached 0.961 and 0.977 (2026-12-06), and 0.952 on the independent set (2026-12-07);
    # the floors sit a little below.
    [("articles.jsonl", 0.95), ("war.jsonl", 0.96), ("independent.jsonl", 0.94)],
)
def test_evaluate_on_the_held_out_sets_reaches_their_floor(name: str, floor: float) -> None:
    labels = Path(__file__).resolve().parents[4] / "bench" / "heldout" / name
    done = run_newsmon("evaluate", "--labels", str(labels))
    assert done.returncode == 0, done.stderr
    macro = next(line for line in done.stdout.splitlines() if line.startswith("macro-F1"))
    assert float(macro.split()[1]) >= floor, done.stdout
