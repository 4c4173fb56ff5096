"""Dead letters: the error kind, the coordinates and the original bytes of a failed record."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from newsmon.contract import Article, ContractError
from streams.deadletter import SourceRecord, dead_letter, error_kind

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SOURCE = SourceRecord("newsmon.articles.raw", 2, 41, b"key-1", b"\x00\x01 payload")
SCHEMA_FILE = Path(__file__).parents[3] / "newsmon/contract/schemas/deadletter.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text())


def decode_error(raw: bytes) -> ContractError:
    with pytest.raises(ContractError) as caught:
        Article.from_json(raw)
    return caught.value


def test_bytes_that_are_not_json_are_a_decode_error() -> None:
    assert error_kind(decode_error(b"\xff\xfe")) == "decode"
    assert error_kind(decode_error(b"{not json")) == "decode"


def test_json_that_is_not_an_article_is_a_contract_error() -> None:
    assert error_kind(decode_error(b"[1, 2]")) == "contract"
    assert error_kind(decode_error(b'{"schema_version": 1}')) == "contract"


def test_any_other_exception_is_a_processing_error() -> None:
    assert error_kind(RuntimeError("boom")) == "processing"


def test_a_dead_letter_keeps_the_coordinates_key_and_bytes_and_matches_its_schema() -> None:
    letter = dead_letter(SOURCE, decode_error(b"\xff"), NOW)
    data = json.loads(letter.to_json())
    jsonschema.validate(data, SCHEMA)
    assert (data["topic"], data["partition"], data["offset"]) == ("newsmon.articles.raw", 2, 41)
    assert data["key"] == "key-1"
    assert base64.b64decode(data["payload"]) == SOURCE.value
    assert data["error_kind"] == "decode"
    assert data["reason"].startswith("ContractError: not JSON")


def test_a_huge_exception_text_is_cut_to_a_readable_reason() -> None:
    letter = dead_letter(SOURCE, RuntimeError("x" * 10_000), NOW)
    assert len(letter.reason) <= 1000
    assert letter.error_kind == "processing"
