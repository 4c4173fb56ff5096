"""Feed states on the real broker: what a poll writes, what a restart reads, what remove clears."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

import pytest

from connectors.publisher import Publisher, Record
from connectors.service import Topics, ensure_connector_topics, poll_once
from connectors.state import SEEN_IDS_LIMIT, FeedState
from connectors.state_store import StateStore
from newsmon.kafka.compacted import read_to_end
from newsmon.kafka.settings import KafkaSettings
from tests.support.connector_env import make_config
from tests.support.connector_fakes import schema_1_record
from tests.support.feeds import FeedServer, rss

pytestmark = pytest.mark.kafka


@pytest.fixture
def own_topics(topics: Topics, unique_name: str) -> Topics:
    """Fresh state and feed-list topics, and articles kept off the shared raw topic."""
    return replace(topics, articles=f"test.{unique_name}.raw")


@pytest.fixture
async def state_kafka(kafka_bootstrap: str, own_topics: Topics, unique_name: str) -> KafkaSettings:
    """Kafka settings with `own_topics` created, for tests that use the store directly."""
    config = make_config(kafka_bootstrap, [], unique_name)
    await ensure_connector_topics(config, own_topics, attempts=15)
    return config.kafka


class StateWrites:
    """What `Publisher.publish` is asked to write to the state topic, one list per call."""

    def __init__(self, topic: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[list[tuple[bytes, int]]] = []
        real = Publisher.publish

        async def publish(publisher: Publisher, records: Sequence[Record]) -> list[Record]:
            mine = [(r.key, len(r.value or b"")) for r in records if r.topic == topic]
            rejected = await real(publisher, records)
            if mine:  # counted once acknowledged: what reached the broker
                self.calls.append(mine)
            return rejected

        monkeypatch.setattr(Publisher, "publish", publish)

    def keys(self) -> list[list[bytes]]:
        return [[key for key, _ in call] for call in self.calls]

    def value_bytes(self) -> int:
        return sum(size for call in self.calls for _, size in call)


async def test_polls_answered_304_write_only_the_small_record_and_a_restart_resumes_all(
    kafka_bootstrap: str,
    feed_server: FeedServer,
    own_topics: Topics,
    unique_name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = f"{unique_name}/busy.xml"
    feed_server.bodies[path] = rss(unique_name, [f"story-{n}" for n in range(SEEN_IDS_LIMIT)])
    url = feed_server.url(path)
    config = make_config(kafka_bootstrap, [url], unique_name)
    first = (await poll_once(config, topics=own_topics))[url]
    assert first is not None and len(first.state.seen_ids) == SEEN_IDS_LIMIT

    writes = StateWrites(own_topics.states, monkeypatch)
    polls = 3
    results = [(await poll_once(config, topics=own_topics))[url] for _ in range(polls)]
    assert feed_server.not_modified[path] == polls  # each call was a restarted connector
    last = results[-1]
    assert last is not None and last.ok and last.articles == []

    assert writes.keys() == [[url.encode()]] * polls
    assert writes.value_bytes() < polls * 500  # a thousand seen ids would be ~35 KB a poll
    # Nothing was lost by not rewriting the seen ids: validators, seen ids and schedule.
    saved = (await StateStore(kafka_bootstrap, None, topic=own_topics.states).load({url}))[url]
    assert saved.seen_ids == last.state.seen_ids
    assert saved.record_json() == last.state.record_json()  # times to the millisecond
    assert saved.next_due is not None and first.state.next_due is not None
    assert saved.next_due > first.state.next_due


async def test_new_entries_write_the_seen_ids_acknowledged_before_the_small_record(
    kafka_bootstrap: str,
    feed_server: FeedServer,
    own_topics: Topics,
    unique_name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = f"{unique_name}/news.xml"
    feed_server.bodies[path] = rss(unique_name, ["a", "b"])
    url = feed_server.url(path)
    config = make_config(kafka_bootstrap, [url], unique_name)
    await poll_once(config, topics=own_topics)

    feed_server.bodies[path] = rss(unique_name, ["c", "a", "b"])
    writes = StateWrites(own_topics.states, monkeypatch)
    result = (await poll_once(config, topics=own_topics))[url]
    assert result is not None and len(result.articles) == 1

    # Two calls: the small record is not even sent before the seen ids are acknowledged.
    assert writes.keys() == [[result.state.seen_ids_key()], [url.encode()]]
    saved = await StateStore(kafka_bootstrap, None, topic=own_topics.states).load({url})
    assert saved[url].seen_ids == result.state.seen_ids


async def test_a_schema_1_state_on_the_topic_loads_and_its_first_save_keeps_its_seen_ids(
    kafka_bootstrap: str, own_topics: Topics, unique_name: str, state_kafka: KafkaSettings
) -> None:
    url = f"https://{unique_name}.invalid/old.xml"
    async with Publisher(state_kafka) as publisher:
        old_record = schema_1_record(url, etag='"from before the upgrade"')
        await publisher.publish([Record(own_topics.states, url.encode(), old_record)])
        store = StateStore(kafka_bootstrap, publisher, topic=own_topics.states)
        loaded = (await store.load())[url]
        assert loaded.seen_ids == ("old-1", "old-2", "old-3")
        assert loaded.etag == '"from before the upgrade"' and loaded.next_due is not None

        # A 304: only the schedule changes. The seen ids must still reach their own record,
        # as the small record now replaces the one that held them.
        polled = loaded.evolve(next_due=loaded.next_due + timedelta(minutes=30))
        await store.save(polled)

    restarted = StateStore(kafka_bootstrap, None, topic=own_topics.states)
    assert (await restarted.load())[url] == polled
    stored = await read_to_end(kafka_bootstrap, own_topics.states)
    assert json.loads(stored[url.encode()])["schema_version"] == 2
    assert "seen_ids" not in json.loads(stored[url.encode()])


async def test_forget_removes_both_records_of_a_feed(
    kafka_bootstrap: str, own_topics: Topics, unique_name: str, state_kafka: KafkaSettings
) -> None:
    url = f"https://{unique_name}.invalid/gone.xml"
    async with Publisher(state_kafka) as publisher:
        store = StateStore(kafka_bootstrap, publisher, topic=own_topics.states)
        await store.save(FeedState(feed=url, url=url, etag='"e"', seen_ids=("x", "y")))
        assert len(await read_to_end(kafka_bootstrap, own_topics.states)) == 2
        await store.forget(url)
    assert await read_to_end(kafka_bootstrap, own_topics.states) == {}
    assert await StateStore(kafka_bootstrap, None, topic=own_topics.states).load() == {}


async def test_after_another_process_forgot_a_feed_its_next_save_writes_the_seen_ids_again(
    kafka_bootstrap: str, own_topics: Topics, unique_name: str, state_kafka: KafkaSettings
) -> None:
    """`feeds remove` then `feeds add` while the connector runs: the connector's store must not
    trust its memory of the seen ids on Kafka, or a restart would find none and re-publish."""
    url = f"https://{unique_name}.invalid/back.xml"
    state = FeedState(feed=url, url=url, etag='"e"', seen_ids=("x", "y"))
    async with Publisher(state_kafka) as publisher:
        connector = StateStore(kafka_bootstrap, publisher, topic=own_topics.states)
        await connector.save(state)
        await StateStore(kafka_bootstrap, publisher, topic=own_topics.states).forget(url)
        connector.assume_unsaved(url)  # what the connector does on seeing the removal
        await connector.save(state.evolve(etag='"f"'))
    reloaded = await StateStore(kafka_bootstrap, None, topic=own_topics.states).load()
    assert reloaded[url].seen_ids == ("x", "y")
