"""A record Kafka refuses for ever (too large) costs that one record, never its feed or others."""

from __future__ import annotations

import asyncio
from xml.sax.saxutils import escape

import pytest

from connectors import metrics
from connectors.publisher import Publisher, Record
from connectors.service import Topics, poll_once
from newsmon.kafka.admin import TopicSpec, ensure_topics
from newsmon.kafka.compacted import read_to_end
from newsmon.kafka.settings import KafkaSettings
from tests.support.connector_env import make_config
from tests.support.feeds import FeedServer, published_by, rss

pytestmark = pytest.mark.kafka

_TOPIC_LIMIT = 16 * 1024  # far below the normaliser's text budget, so the broker refuses


def _feed_with_a_huge_story(name: str) -> bytes:
    items = [("small-1", "short"), ("huge", "x" * 60_000), ("small-2", "short")]
    entries = "".join(
        f"<item><title>{t}</title><link>https://news.example.test/{name}/{t}</link>"
        f"<description>{escape(text)}</description></item>"
        for t, text in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<link>https://news.example.test/</link><description>d</description>{entries}"
        "</channel></rss>"
    ).encode()


async def test_an_article_too_large_for_its_topic_is_skipped_and_everything_else_is_published(
    kafka_bootstrap: str, feed_server: FeedServer, unique_name: str
) -> None:
    topics = Topics(
        articles=f"test.{unique_name}.articles",
        feeds=f"test.{unique_name}.feeds",
        states=f"test.{unique_name}.state",
    )
    limits = {"max.message.bytes": str(_TOPIC_LIMIT)}
    await ensure_topics(kafka_bootstrap, [TopicSpec(topics.articles, 3, 1, configs=limits)])
    big, other = f"{unique_name}/big.xml", f"{unique_name}/other.xml"
    feed_server.bodies[big] = _feed_with_a_huge_story(unique_name)
    feed_server.bodies[other] = rss(unique_name, ["o1", "o2"])
    big_url, other_url = feed_server.url(big), feed_server.url(other)
    config = make_config(kafka_bootstrap, [big_url, other_url], unique_name)

    first = await asyncio.wait_for(poll_once(config, topics=topics), timeout=60)
    assert first[big_url] is not None and first[other_url] is not None

    names = [
        str(a["url"]).rsplit("/", 1)[-1]
        for a in await published_by(kafka_bootstrap, big_url, topics.articles)
    ]
    assert sorted(names) == ["small-1", "small-2"]
    others = await published_by(kafka_bootstrap, other_url, topics.articles)
    assert len(others) == 2

    # The feed's state was saved: the next poll is a 304 and publishes nothing again.
    second = await asyncio.wait_for(poll_once(config, topics=topics), timeout=60)
    assert second[big_url] is not None and second[big_url].articles == []
    assert feed_server.not_modified[big] == 1


async def test_records_that_shared_a_batch_with_a_too_large_one_are_all_published(
    kafka_bootstrap: str, unique_name: str
) -> None:
    """Kafka refuses a batch whole; records of other feeds in it must not be rejected with it."""
    topic = f"test.{unique_name}.shared"
    limits = {"max.message.bytes": str(_TOPIC_LIMIT)}
    await ensure_topics(kafka_bootstrap, [TopicSpec(topic, 1, 1, configs=limits)])
    # Each record fits; one partition and sent in the same instant, they share a batch that
    # does not (the huge one, too large in any batch, is rejected).
    fits = Record(topic, b"fits", b"x" * (_TOPIC_LIMIT * 3 // 4))
    huge = Record(topic, b"huge", b"x" * (_TOPIC_LIMIT * 2))
    small = [Record(topic, f"small-{n}".encode(), b"s" * (_TOPIC_LIMIT // 8)) for n in range(3)]
    async with Publisher(KafkaSettings(bootstrap=kafka_bootstrap)) as publisher:
        outcomes = await asyncio.wait_for(
            asyncio.gather(publisher.publish([small[0], fits, huge]), publisher.publish(small[1:])),
            60,
        )
    assert outcomes == [[huge], []]
    stored = await read_to_end(kafka_bootstrap, topic)
    assert sorted(stored) == [b"fits", b"small-0", b"small-1", b"small-2"]


async def test_a_refused_batch_costs_no_retries_once_the_partition_has_seen_the_producer(
    kafka_bootstrap: str, unique_name: str
) -> None:
    """The idempotent producer numbers its batches per partition and the broker refuses a
    batch before checking its number: the producer that sent a refused batch is out of step on
    that partition. Records sent after it, alone or not, must still go through at once."""
    topic = f"test.{unique_name}.seen"
    limits = {"max.message.bytes": str(_TOPIC_LIMIT)}
    await ensure_topics(kafka_bootstrap, [TopicSpec(topic, 1, 1, configs=limits)])
    first = Record(topic, b"first", b"f" * 100)
    fits = Record(topic, b"fits", b"x" * (_TOPIC_LIMIT * 3 // 4))
    huge = Record(topic, b"huge", b"x" * (_TOPIC_LIMIT * 2))
    small = [Record(topic, f"small-{n}".encode(), b"s" * (_TOPIC_LIMIT // 8)) for n in range(3)]
    later = Record(topic, b"later", b"l" * 100)
    retries_before = metrics.PUBLISH_RETRIES._value.get()
    async with Publisher(KafkaSettings(bootstrap=kafka_bootstrap)) as publisher:
        assert await publisher.publish([first]) == []  # the broker now knows this producer
        outcomes = await asyncio.wait_for(
            asyncio.gather(publisher.publish([small[0], fits, huge]), publisher.publish(small[1:])),
            60,
        )
        assert await asyncio.wait_for(publisher.publish([later]), 60) == []
    assert outcomes == [[huge], []]
    assert metrics.PUBLISH_RETRIES._value.get() == retries_before
    stored = await read_to_end(kafka_bootstrap, topic)
    assert sorted(stored) == [b"first", b"fits", b"later", b"small-0", b"small-1", b"small-2"]


async def test_a_publish_in_flight_survives_another_publish_replacing_the_producer(
    kafka_bootstrap: str, unique_name: str
) -> None:
    """A refusal for size replaces the shared producer. A publish still waiting on that
    producer (here for the metadata of a topic it has not written to yet) must finish, not hang
    on a producer stopped under it."""
    limited = f"test.{unique_name}.limited"
    limits = {"max.message.bytes": str(_TOPIC_LIMIT)}
    await ensure_topics(kafka_bootstrap, [TopicSpec(limited, 1, 1, configs=limits)])
    huge = Record(limited, b"huge", b"x" * (_TOPIC_LIMIT * 2))
    async with Publisher(KafkaSettings(bootstrap=kafka_bootstrap)) as publisher:

        async def refuse_then_create(topic: str) -> list[Record]:
            # The broker creates no topic on demand: the other publish waits for this one's
            # metadata until it exists, so it is still waiting when the producer is replaced.
            rejected = await publisher.publish([huge])
            await ensure_topics(kafka_bootstrap, [TopicSpec(topic, 1, 1)])
            return rejected

        for round_ in range(3):
            fresh = Record(f"test.{unique_name}.fresh{round_}", b"k", b"v")
            outcomes = await asyncio.wait_for(
                asyncio.gather(publisher.publish([fresh]), refuse_then_create(fresh.topic)), 30
            )
            assert outcomes == [[], [huge]]
        assert sorted(await read_to_end(kafka_bootstrap, fresh.topic)) == [b"k"]
