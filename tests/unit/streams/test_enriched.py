"""The enriched record between the worker's stages: compact, deterministic, lossless."""

from __future__ import annotations

import orjson
import pytest

from newsmon.contract import Article, ContractError
from streams.classify import TopicSet
from streams.enriched import VERSION, EnrichedRecord
from streams.pipeline import Enricher
from tests.support.articles import nato_story, quiet_article


def test_an_enriched_record_reads_back_to_what_stage_one_made(default_topics: TopicSet) -> None:
    # As read from the raw topic: the wire form keeps times in milliseconds.
    nato = Article.from_json(nato_story("enc.example")[0].to_json())
    made = Enricher(default_topics).enrich(nato)
    value = EnrichedRecord.encode(made, (2, 41), keyless=False)
    record = EnrichedRecord.decode(value)
    assert record.enriched == made  # exact scores, evidence, themes, text and fingerprint
    assert (record.position, record.keyless) == ((2, 41), False)
    assert record.wire == made.article.to_dict()
    assert orjson.dumps(record.wire) == made.article.to_json()
    assert [m.name for m in record.enriched.topics] == ["nato"]
    assert EnrichedRecord.encode(record.enriched, (2, 41), keyless=False) == value


def test_an_enriched_record_is_a_positional_list_without_field_names(
    default_topics: TopicSet,
) -> None:
    quiet = quiet_article("enc.example")
    value = EnrichedRecord.encode(Enricher(default_topics).enrich(quiet), (0, 7), keyless=True)
    data = orjson.loads(value)
    assert data[0] == VERSION and data[6:] == [0, 7, True]
    assert b'"content_hash"' not in value and b'"band_keys"' not in value


def test_an_enriched_record_needs_the_fingerprint(default_topics: TopicSet) -> None:
    made = Enricher(default_topics).enrich(quiet_article("enc.example"), with_fingerprint=False)
    with pytest.raises(ValueError, match="fingerprint"):
        EnrichedRecord.encode(made, (0, 0), keyless=False)


@pytest.mark.parametrize(
    "value",
    [b"not json", b"{}", b"[]", b"[1, {}, \"h\", [], [], [], 0, 0, false]",
     b"[2, {}, \"h\", [], [], [], 0, 0, false]", b"[2, null, \"h\", [], [], [], 0, 0, false]",
     b"[2, {}, \"h\", [], [], [], 0, 0]"],
)  # fmt: skip
def test_a_malformed_enriched_record_is_a_contract_error(value: bytes) -> None:
    with pytest.raises(ContractError):
        EnrichedRecord.decode(value)


def test_a_bad_field_of_an_otherwise_valid_record_is_a_contract_error(
    default_topics: TopicSet,
) -> None:
    made = Enricher(default_topics).enrich(nato_story("enc.example")[0])
    data = orjson.loads(EnrichedRecord.encode(made, (1, 2), keyless=False))
    data[7] = "2"  # an offset that is not an integer
    with pytest.raises(ContractError, match="integer"):
        EnrichedRecord.decode(orjson.dumps(data))
    data[7] = 2
    data[4][0][2][0] = ["term", "title", 0]  # evidence cut short
    with pytest.raises(ContractError, match="malformed"):
        EnrichedRecord.decode(orjson.dumps(data))
