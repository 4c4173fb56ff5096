"""One pass over the feeds against the real broker: publish once, resume, survive crashes."""

from __future__ import annotations

import pytest

from connectors.publisher import KafkaUnavailable
from connectors.service import Topics, poll_once
from connectors.state_store import StateStore
from newsmon.broker.local import free_port
from tests.support.connector_env import make_config
from tests.support.feeds import FeedServer, published_by, rss

pytestmark = pytest.mark.kafka


async def test_new_entries_are_published_once_and_a_restart_publishes_nothing_again(
    kafka_bootstrap: str, feed_server: FeedServer, topics: Topics, unique_name: str
) -> None:
    path = f"{unique_name}/world.xml"
    feed_server.bodies[path] = rss(unique_name, ["a", "b", "c"])
    url = feed_server.url(path)
    config = make_config(kafka_bootstrap, [url], unique_name)

    first = await poll_once(config, topics=topics)
    assert first[url] is not None and first[url].ok
    assert len(first[url].articles) == 3

    # A fresh call is a restarted connector: it must load validators and seen ids from Kafka.
    second = await poll_once(config, topics=topics)
    assert second[url] is not None and second[url].ok and second[url].articles == []
    assert feed_server.not_modified[path] == 1, "the ETag was not kept across the restart"

    feed_server.bodies[path] = rss(unique_name, ["d", "a", "b", "c"])
    third = await poll_once(config, topics=topics)
    assert third[url] is not None
    assert [a.url.rsplit("/", 1)[-1] for a in third[url].articles] == ["d"]
    assert third[url].duplicates == 3

    articles = await published_by(kafka_bootstrap, url)
    assert sorted(str(a["url"]).rsplit("/", 1)[-1] for a in articles) == ["a", "b", "c", "d"]


async def test_a_crash_between_publishing_and_saving_state_loses_nothing(
    kafka_bootstrap: str,
    feed_server: FeedServer,
    topics: Topics,
    unique_name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = f"{unique_name}/crash.xml"
    feed_server.bodies[path] = rss(unique_name, ["a", "b"])
    url = feed_server.url(path)
    config = make_config(kafka_bootstrap, [url], unique_name)

    class Killed(BaseException):  # like a SIGKILL, nothing in the connector may absorb it
        pass

    async def crash(self: StateStore, state: object) -> None:
        raise Killed("process killed before the state was saved")

    with monkeypatch.context() as patch:
        patch.setattr(StateStore, "save", crash)
        with pytest.raises(Killed, match="killed"):
            await poll_once(config, topics=topics)

    feed_server.bodies[path] = rss(unique_name, ["c", "a", "b"])
    after = await poll_once(config, topics=topics)
    assert after[url] is not None and after[url].ok
    # Nothing was saved, so the restart sees every entry as new: re-published, not lost.
    assert len(after[url].articles) == 3
    ids = [a["url"] for a in await published_by(kafka_bootstrap, url)]
    assert {str(u).rsplit("/", 1)[-1] for u in ids} == {"a", "b", "c"}
    assert len(ids) == 5  # a and b twice: harmless, their ids are the same


async def test_a_failing_feed_is_reported_with_its_error_kind_and_others_still_publish(
    kafka_bootstrap: str, feed_server: FeedServer, topics: Topics, unique_name: str
) -> None:
    good, bad = f"{unique_name}/good.xml", f"{unique_name}/bad.xml"
    feed_server.bodies[good] = rss(unique_name, ["x"])
    feed_server.status[bad] = 503
    config = make_config(
        kafka_bootstrap, [feed_server.url(good), feed_server.url(bad)], unique_name
    )

    results = await poll_once(config, topics=topics)

    failed = results[feed_server.url(bad)]
    assert failed is not None and failed.error is not None
    assert failed.error.kind == "http_5xx"
    assert failed.state.failures == 1 and failed.state.last_error == "http_5xx"
    ok = results[feed_server.url(good)]
    assert ok is not None and len(ok.articles) == 1


async def test_a_broker_that_does_not_answer_gives_a_clear_error(
    topics: Topics, unique_name: str
) -> None:
    config = make_config(f"127.0.0.1:{free_port()}", ["http://127.0.0.1:9/feed.xml"], unique_name)
    with pytest.raises(KafkaUnavailable, match="does not answer"):
        await poll_once(config, topics=topics, kafka_timeout_s=2.0)


async def test_a_permanent_redirect_moves_the_feed_but_keeps_its_identity(
    kafka_bootstrap: str, feed_server: FeedServer, topics: Topics, unique_name: str
) -> None:
    old, new = f"{unique_name}/old.xml", f"{unique_name}/new.xml"
    feed_server.moved[old] = new
    feed_server.bodies[new] = rss(unique_name, ["a"])
    url = feed_server.url(old)
    config = make_config(kafka_bootstrap, [url], unique_name)

    first = await poll_once(config, topics=topics)
    assert first[url] is not None and first[url].state.url == feed_server.url(new)
    requests_to_old = feed_server.requests[old]

    second = await poll_once(config, topics=topics)  # restarted: fetches the new URL directly
    assert second[url] is not None and second[url].ok and second[url].articles == []
    assert feed_server.requests[old] == requests_to_old
    assert feed_server.not_modified[new] == 1
