"""The contract's JSON is written with orjson: the bytes must be those json.dumps wrote before
(compact separators, UTF-8 unescaped, the same escapes, floats as repr), and bad input must
still be a ContractError."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmon.contract import Article, ContractError
from newsmon.contract.records import ClassifiedArticle, Evidence, TopicMatch

NOW = datetime(2026, 12, 5, 4, 0, 0, 123000, tzinfo=UTC)
# Every character a str may hold in JSON text: controls, quotes, backslash, line and
# paragraph separators, astral planes; no lone surrogates (UTF-8 cannot carry them).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


def stdlib_bytes(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@given(title=TEXT, body=TEXT, author=TEXT, weight=st.integers(1, 400_000), score=st.floats(0, 1))
def test_records_encode_to_the_bytes_json_dumps_wrote(
    title: str, body: str, author: str, weight: int, score: float
) -> None:
    article = Article(id="a1", feed="f", url="https://news.example/1", title=title,
                      summary=body, content="", published_at=NOW, fetched_at=NOW,
                      authors=(author,), language=None, guid=body or None)  # fmt: skip
    assert article.to_json() == stdlib_bytes(article.to_dict())
    evidence = Evidence(title or "x", "title", 0, 1, round(weight / 10_000, 4))
    record = ClassifiedArticle(article, (TopicMatch("nato", score, (evidence,)),), "a1", None, NOW)
    assert record.to_json() == stdlib_bytes(record.to_dict())
    assert Article.from_json(article.to_json()) == article


@pytest.mark.parametrize(
    "raw",
    [b"\xff\xfe{}", b'{"id": NaN}', b'{"id": "\\ud800"}', b"", b"[1]", b"{'id': 1}"],
)
def test_undecodable_articles_are_contract_errors(raw: bytes) -> None:
    with pytest.raises(ContractError):
        Article.from_json(raw)
