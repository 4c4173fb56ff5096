"""Metrics exposition and the publisher's behaviour while Kafka is away."""

from __future__ import annotations

import asyncio
import urllib.request

import pytest

from connectors import metrics
from connectors.publisher import KafkaUnavailable, PublishAborted, Publisher, article_records
from connectors.state import FeedStatus
from newsmon.broker.local import free_port
from newsmon.contract.article import Article
from newsmon.kafka.settings import KafkaSettings


def test_every_label_value_is_exposed_at_zero_before_anything_happens() -> None:
    port = free_port()
    metrics.serve(port)
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    for outcome in metrics.FETCH_OUTCOMES:
        assert f'newsmon_connector_fetches_total{{outcome="{outcome}"}}' in text
    for status in FeedStatus:
        assert f'newsmon_connector_feeds{{state="{status.value}"}}' in text
    for outcome in metrics.WEBSUB_OUTCOMES:
        assert f'newsmon_connector_websub_deliveries_total{{outcome="{outcome}"}}' in text
    for name in (
        "newsmon_connector_fetch_bytes_total",
        "newsmon_connector_fetch_duration_seconds_bucket",
        "newsmon_connector_parse_duration_seconds_bucket",
        "newsmon_connector_articles_published_total",
        "newsmon_connector_duplicates_suppressed_total",
    ):
        assert name in text


def test_an_unknown_error_kind_is_counted_as_other_not_as_a_new_label() -> None:
    before = metrics.FETCHES.labels(outcome="other")._value.get()
    metrics.count_fetch("something_new")
    assert metrics.FETCHES.labels(outcome="other")._value.get() == before + 1


def test_a_publisher_without_a_bootstrap_says_how_to_set_one() -> None:
    with pytest.raises(ValueError, match="NEWSMON_KAFKA_BOOTSTRAP"):
        Publisher(KafkaSettings())


async def test_a_publisher_gives_up_connecting_only_when_told_to() -> None:
    kafka = KafkaSettings(bootstrap=f"127.0.0.1:{free_port()}")
    with pytest.raises(KafkaUnavailable, match="does not answer"):
        await Publisher(kafka, give_up_after_s=0.5, backoff_initial_s=0.1).start()


async def test_a_publisher_waiting_for_kafka_stops_without_confirming_anything() -> None:
    stop = asyncio.Event()
    publisher = Publisher(
        KafkaSettings(bootstrap=f"127.0.0.1:{free_port()}"), stop=stop, backoff_initial_s=0.1
    )
    attempt = asyncio.create_task(publisher.start())
    await asyncio.sleep(1.0)
    assert not attempt.done(), "the publisher gave up on Kafka by itself"
    stop.set()
    with pytest.raises(PublishAborted):
        await asyncio.wait_for(attempt, timeout=10)


def test_articles_are_keyed_by_their_id_on_the_raw_topic() -> None:
    from datetime import UTC, datetime

    moment = datetime(2026, 3, 1, tzinfo=UTC)
    article = Article(
        "0" * 32, "https://f.test/rss", "https://f.test/a", "t", "s", "c", moment, moment
    )
    (record,) = article_records([article])
    assert (record.topic, record.key, record.value) == (
        "newsmon.articles.raw",
        b"0" * 32,
        article.to_json(),
    )
