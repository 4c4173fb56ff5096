"""bench/heldout/articles.jsonl, the evaluation set written from TOPICS.md: every line is an
item `newsmon evaluate` and bench/heldout_classify.py can read, with the fields, languages and
topic names the set promises.

A typo in a topic name would silently count as a negative, and a duplicate id would hide one
item's result behind another's, so both fail here rather than skew the figures.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from newsmon.cli.commands.evaluate import read_labels
from streams.classify.definitions import load_topics

SET = Path(__file__).resolve().parents[3] / "bench" / "heldout" / "articles.jsonl"
LANGUAGES = {"en", "ru", "uk", "de", "fr", "pl"}
FIELDS = {"id": str, "lang": str, "title": str, "text": str, "topics": list}


def items() -> list[dict[str, Any]]:
    with SET.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def test_every_line_is_an_object_with_the_fields_and_nothing_else() -> None:
    for item in items():
        assert set(item) == set(FIELDS), item.get("id")
        for name, kind in FIELDS.items():
            assert isinstance(item[name], kind), (item["id"], name)
        assert str(item["title"]).strip() and str(item["text"]).strip(), item["id"]


def test_ids_are_unique() -> None:
    repeated = [i for i, n in Counter(item["id"] for item in items()).items() if n > 1]
    assert not repeated


def test_languages_are_the_six_shipped_ones() -> None:
    assert {item["lang"] for item in items()} == LANGUAGES


def test_topics_are_shipped_topic_names_without_repeats() -> None:
    names = set(load_topics().names)
    for item in items():
        topics = item["topics"]
        assert set(topics) <= names, (item["id"], topics)
        assert len(set(topics)) == len(topics), item["id"]


def test_each_language_has_positives_of_every_topic_and_negatives() -> None:
    names = set(load_topics().names)
    for language in LANGUAGES:
        rows = [item for item in items() if item["lang"] == language]
        seen = {t for item in rows for t in item["topics"]}
        assert seen == names, language
        assert any(not item["topics"] for item in rows), language


def test_the_evaluate_reader_accepts_every_line() -> None:
    rows = read_labels(SET)
    assert len(rows) == len(items())
    assert {row.article.language for row in rows} == LANGUAGES
