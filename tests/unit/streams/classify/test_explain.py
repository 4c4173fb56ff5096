"""Explanations: every cue with its weight, the context, exclusions, score and threshold."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from streams.classify import Classifier
from tests.support.cli import run_newsmon


def test_a_given_label_lists_its_cues_with_weights_and_the_threshold(
    classifier: Classifier,
) -> None:
    explained = classifier.explain(
        "EU adopts new sanctions against Russia", "", "", "en", "sanctions"
    )
    assert explained.labelled
    assert explained.threshold == 0.5
    assert explained.context_required and explained.context_found
    counted = [c for c in explained.cues if c.note.startswith("counted")]
    assert {c.text for c in counted} >= {"sanction*"}
    assert any(c.kind == "frame" for c in counted)
    assert explained.raw == pytest.approx(sum(c.weight for c in explained.cues))
    assert explained.score == pytest.approx(explained.raw / (explained.raw + 1))
    text = explained.render()
    assert "GIVEN" in text
    assert "threshold 0.50" in text


def test_a_withheld_label_shows_the_missing_context(classifier: Classifier) -> None:
    explained = classifier.explain("Sanctions bite", "", "", "en", "sanctions")
    assert not explained.labelled
    assert not explained.context_found
    assert any(c.note == "no context" and c.text == "sanction*" for c in explained.cues)
    assert "MISSING" in explained.render()


def test_exclusions_and_descriptors_are_shown_where_they_applied(classifier: Classifier) -> None:
    explained = classifier.explain(
        "Qatar named a major non-NATO ally of the United States", "", "", "en", "nato"
    )
    assert not explained.labelled
    notes = {(c.kind, c.note) for c in explained.cues}
    assert ("exclusion", "exclusion applied") in notes
    assert ("term", "inside an exclusion") in notes


def test_explaining_an_unknown_topic_is_a_key_error(classifier: Classifier) -> None:
    with pytest.raises(KeyError):
        classifier.explain("x", "", "", "en", "weather")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_newsmon(*args)


def test_classify_explain_prints_each_topic_decision(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    rows = [
        {"id": "a1", "title": "Carmaker to exit Russia and sell its plant", "text": ""},
        {"id": "a2", "title": "Band pulls out of Russia tour", "text": ""},
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    done = _run("classify", str(source), "--explain", "--topic", "foreign_business")
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.split("\n\n")[:2]
    assert first.startswith("== a1 [en]")
    assert "topic foreign_business: GIVEN" in first
    assert "frame:firm_moves_market" in first
    assert "topic foreign_business: WITHHELD" in second
    assert "exclusion applied" in second
    assert "nato" not in done.stdout


def test_classify_explain_refuses_an_unknown_topic(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "title": "t", "text": ""}\n', encoding="utf-8")
    done = _run("classify", str(source), "--explain", "--topic", "weather")
    assert done.returncode == 2
    assert "weather" in done.stderr
