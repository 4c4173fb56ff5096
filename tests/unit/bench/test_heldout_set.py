"""bench/heldout/, the evaluation sets written from TOPICS.md (`articles.jsonl`, every event
class; `war.jsonl`, war-time feed news; `independent.jsonl`, written by others than the rules'
writers): every line is an item `newsmon evaluate` and
bench/heldout_classify.py can read, with the fields, languages and topic names the set promises.

A typo in a topic name would silently count as a negative, and a duplicate id would hide one
item's result behind another's, so both fail here rather than skew the figures.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsmon.cli.commands.evaluate import read_labels
from streams.classify.definitions import load_topics

HELDOUT = Path(__file__).resolve().parents[3] / "bench" / "heldout"
SETS = [HELDOUT / "articles.jsonl", HELDOUT / "war.jsonl", HELDOUT / "independent.jsonl"]
# The war set is feed news: about one item in ten has a headline and no text.
WITHOUT_TEXT = {"war.jsonl"}
LANGUAGES = {"en", "ru", "uk", "de", "fr", "pl"}
FIELDS = {"id": str, "lang": str, "title": str, "text": str, "topics": list}


def items(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


each_set = pytest.mark.parametrize("path", SETS, ids=[p.name for p in SETS])


@each_set
def test_every_line_is_an_object_with_the_fields_and_nothing_else(path: Path) -> None:
    for item in items(path):
        assert set(item) == set(FIELDS), item.get("id")
        for name, kind in FIELDS.items():
            assert isinstance(item[name], kind), (item["id"], name)
        assert str(item["title"]).strip(), item["id"]
        assert str(item["text"]).strip() or path.name in WITHOUT_TEXT, item["id"]


@each_set
def test_ids_are_unique(path: Path) -> None:
    repeated = [i for i, n in Counter(item["id"] for item in items(path)).items() if n > 1]
    assert not repeated


@each_set
def test_languages_are_the_six_shipped_ones(path: Path) -> None:
    assert {item["lang"] for item in items(path)} == LANGUAGES


@each_set
def test_topics_are_shipped_topic_names_without_repeats(path: Path) -> None:
    names = set(load_topics().names)
    for item in items(path):
        topics = item["topics"]
        assert set(topics) <= names, (item["id"], topics)
        assert len(set(topics)) == len(topics), item["id"]


@each_set
def test_each_language_has_positives_of_every_topic_and_negatives(path: Path) -> None:
    names = set(load_topics().names)
    for language in LANGUAGES:
        rows = [item for item in items(path) if item["lang"] == language]
        seen = {t for item in rows for t in item["topics"]}
        assert seen == names, language
        assert any(not item["topics"] for item in rows), language


@each_set
def test_the_evaluate_reader_accepts_every_line(path: Path) -> None:
    rows = read_labels(path)
    assert len(rows) == len(items(path))
    assert {row.article.language for row in rows} == LANGUAGES
