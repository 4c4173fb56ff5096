"""The worker's two stages (`EnrichProcessor`, then `RecordProcessor.process_enriched`) against
the one-step processor: the same records out, whatever raw partition each article came from."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from unittest import mock

from newsmon.contract import Article
from streams.agents.enrich_processor import EnrichProcessor
from streams.agents.outcome import Outgoing
from streams.deadletter import SourceRecord
from tests.support.articles import article, nato_story, quiet_article
from tests.support.builders import build_processor, sample

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
RAW = "newsmon.articles.raw"
ENRICHED = "newsmon.articles.enriched"


def stage_one() -> EnrichProcessor:
    enrich = build_processor().enrich
    assert enrich is not None
    return enrich


def enriched_source(out: Outgoing, offset: int) -> SourceRecord:
    return SourceRecord(ENRICHED, 0, offset, out.key, out.value)


def test_stage_one_writes_one_enriched_record_keyed_like_the_raw_one() -> None:
    nato = nato_story("one.example")[0]
    [out] = stage_one().process(SourceRecord(RAW, 2, 41, nato.key(), nato.to_json()), NOW).outgoing
    assert (out.topic, out.key) == (ENRICHED, nato.key())


def test_a_replay_of_stage_one_writes_the_same_bytes() -> None:
    quiet = quiet_article("one.example")
    source = SourceRecord(RAW, 1, 7, quiet.key(), quiet.to_json())
    first = stage_one().process(source, NOW).outgoing
    again = stage_one().process(source, datetime(2027, 1, 1, tzinfo=UTC)).outgoing
    assert first == again


def test_an_undecodable_raw_record_is_dead_lettered_in_stage_one() -> None:
    [out] = stage_one().process(SourceRecord(RAW, 0, 5, b"k", b"\xffnot json"), NOW).outgoing
    letter = json.loads(out.value)
    assert (out.topic, letter["error_kind"], letter["offset"]) == (
        "newsmon.deadletter",
        "decode",
        5,
    )


def test_two_stages_write_what_one_step_writes_and_tell_a_replay_by_the_raw_position() -> None:
    story = nato_story("two.example")
    copy = article("https://mirror.two.example/copy", story[0].title, story[0].summary)
    # Raw partitions differ per article, as on a real topic keyed by article id; the last two
    # records are a crash replay of the first and the first published again elsewhere.
    raws = [SourceRecord(RAW, n % 3, 10 + n, a.key(), a.to_json())
            for n, a in enumerate([*story, copy, quiet_article("two.example")])]  # fmt: skip
    raws.append(raws[0])
    raws.append(SourceRecord(RAW, raws[0].partition, 99, raws[0].key, raws[0].value))
    one_step = build_processor()
    expected = [one_step.processor.process(r, NOW) for r in raws]
    enrich, two_step = stage_one(), build_processor()
    got = []
    for offset, r in enumerate(raws):
        [out] = enrich.process(r, NOW).outgoing
        # The enriched record's own offset is not the raw one: stage 2 must use the raw one.
        got.append(two_step.processor.process_enriched(enriched_source(out, 500 + offset), NOW))
    assert [o.outgoing for o in got] == [o.outgoing for o in expected]
    assert [a.id for o in got for a in o.alerts] == [a.id for o in expected for a in o.alerts]
    assert len(expected[0].alerts) >= 1
    # The replay re-emitted the first record's alerts (same ids); the re-publication none.
    assert [a.id for a in got[-2].alerts] == [a.id for a in got[0].alerts]
    assert got[-1].alerts == []
    assert json.loads(got[-1].outgoing[0].value)["duplicate_of"] == story[0].id


def test_a_stage_two_replay_of_one_enriched_record_redoes_its_alerts() -> None:
    nato = nato_story("again.example")[0]
    [out] = stage_one().process(SourceRecord(RAW, 1, 3, nato.key(), nato.to_json()), NOW).outgoing
    built = build_processor()
    first = built.processor.process_enriched(enriched_source(out, 0), NOW)
    # Stage 1 replayed after a crash: the same raw record, a new enriched offset.
    again = built.processor.process_enriched(enriched_source(out, 1), NOW)
    assert [a.id for a in again.alerts] == [a.id for a in first.alerts] != []


def test_stage_two_counts_no_raw_record_as_consumed() -> None:
    built = build_processor()
    assert built.enrich is not None
    nato = nato_story("count.example")[0]
    [out] = built.enrich.process(SourceRecord(RAW, 0, 0, nato.key(), nato.to_json()), NOW).outgoing
    built.processor.process_enriched(enriched_source(out, 0), NOW)
    assert sample(built.metrics, "newsmon_worker_articles_consumed_total") == 1


def test_stage_two_dead_letters_a_malformed_enriched_record_and_goes_on() -> None:
    built = build_processor()
    outcome = built.processor.process_enriched(SourceRecord(ENRICHED, 0, 4, b"k", b"[9]"), NOW)
    [out] = outcome.outgoing
    letter = json.loads(out.value)
    assert (out.topic, letter["error_kind"], letter["topic"], letter["offset"]) == (
        "newsmon.deadletter", "contract", ENRICHED, 4,
    )  # fmt: skip
    quiet = quiet_article("on.example")
    [good] = (
        stage_one().process(SourceRecord(RAW, 0, 1, quiet.key(), quiet.to_json()), NOW).outgoing
    )
    after = built.processor.process_enriched(enriched_source(good, 5), NOW)
    assert after.outgoing[0].topic == "newsmon.articles.classified"


def test_a_stage_two_failure_is_dead_lettered_under_the_raw_record_with_the_cleaned_article() -> (
    None
):
    nato = nato_story("dead.example")[0]
    [out] = stage_one().process(SourceRecord(RAW, 2, 17, nato.key(), nato.to_json()), NOW).outgoing
    built = build_processor()
    pipeline = built.processor._pipeline  # type: ignore[attr-defined]
    with mock.patch.object(pipeline, "decide", side_effect=RuntimeError("boom")):
        outcome = built.processor.process_enriched(enriched_source(out, 5), NOW)
    [letter_record] = outcome.outgoing
    letter = json.loads(letter_record.value)
    assert (letter["topic"], letter["partition"], letter["offset"]) == (RAW, 2, 17)
    assert letter_record.key == nato.key()
    cleaned = Article.from_json(base64.b64decode(letter["payload"]))
    assert (cleaned.id, letter["error_kind"]) == (nato.id, "processing")
    # Outputs Kafka refuses later are dead-lettered under the same raw record.
    assert outcome.origin is not None
    assert (outcome.origin.topic, outcome.origin.offset) == (RAW, 17)


def test_a_raw_record_without_a_key_is_named_without_one_in_stage_two() -> None:
    nato = nato_story("nokey.example")[0]
    [out] = stage_one().process(SourceRecord(RAW, 0, 2, None, nato.to_json()), NOW).outgoing
    assert out.key == b""
    outcome = build_processor().processor.process_enriched(enriched_source(out, 0), NOW)
    assert outcome.origin is not None and outcome.origin.key is None


def test_stage_one_on_a_batch_writes_what_it_writes_record_by_record() -> None:
    story = nato_story("batch.example")
    others = [
        article("https://batch.example/de", "Neue Sanktionen gegen Reedereien beschlossen",
                "Die Regierung verhängt Exportverbote und friert Konten von drei Firmen ein."),
        article("https://batch.example/fr", "Un constructeur quitte le marché russe",
                "Le groupe annonce la vente de son usine et la fin de ses activités locales."),
        article("https://batch.example/en", "Harbour report", "Ferries ran on time today."),
    ]  # fmt: skip
    raw = [*story, quiet_article("batch.example"), *others]
    sources = [SourceRecord(RAW, n % 3, n, a.key(), a.to_json()) for n, a in enumerate(raw)]
    sources.insert(5, SourceRecord(RAW, 1, 99, b"k", b"\xffnot json"))
    sources.insert(9, SourceRecord(RAW, 2, 98, None, b'{"id": "no article"}'))
    enrich = stage_one()
    one_by_one = [enrich.process(s, NOW) for s in sources]
    assert enrich.process_many(sources, NOW) == one_by_one


def test_a_batch_that_fails_is_enriched_one_by_one_and_only_the_bad_article_is_dead() -> None:
    good, bad = quiet_article("a.example"), quiet_article("b.example")
    sources = [SourceRecord(RAW, 0, n, a.key(), a.to_json()) for n, a in enumerate([good, bad])]
    enrich = stage_one()
    real = enrich._enricher.enrich

    def enrich_one(item: Article, **kwargs: bool) -> object:
        if item.id == bad.id:
            raise ValueError("a bug on this article")
        return real(item, **kwargs)

    with (
        mock.patch.object(enrich._enricher, "enrich_many", side_effect=ValueError("batch")),
        mock.patch.object(enrich._enricher, "enrich", side_effect=enrich_one),
    ):
        [kept, dead] = enrich.process_many(sources, NOW)
    assert [o.topic for o in kept.outgoing] == [ENRICHED]
    assert [o.topic for o in dead.outgoing] == ["newsmon.deadletter"]
