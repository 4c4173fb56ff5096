"""`newsmon connectors --once` and `newsmon feeds ...` as an operator runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newsmon.broker.local import free_port
from tests.support.cli import newsmon_env, run_newsmon_async
from tests.support.feeds import FeedServer, published_by, rss

pytestmark = pytest.mark.kafka


async def newsmon(*args: str, bootstrap: str | None = None) -> tuple[int, str, str]:
    env = newsmon_env(NEWSMON_KAFKA_BOOTSTRAP=bootstrap) if bootstrap else newsmon_env()
    return await run_newsmon_async(*args, env=env, timeout=90)


def write_config(tmp_path: Path, feeds: list[str]) -> Path:
    path = tmp_path / "newsmon.yaml"
    connector = {"feeds": [{"url": u} for u in feeds], "per_host_spacing_s": 0.0}
    path.write_text(yaml.safe_dump({"connector": connector}))
    return path


async def test_connectors_once_exits_zero_when_every_feed_was_fetched(
    kafka_bootstrap: str, feed_server: FeedServer, unique_name: str, tmp_path: Path
) -> None:
    path = f"{unique_name}/cli.xml"
    feed_server.bodies[path] = rss(unique_name, ["a", "b"])
    config = write_config(tmp_path, [feed_server.url(path)])

    status, out, err = await newsmon(
        "connectors", "--once", "--config", str(config), bootstrap=kafka_bootstrap
    )

    assert status == 0, err
    assert "1/1 feeds fetched, 2 articles published" in out
    assert len(await published_by(kafka_bootstrap, feed_server.url(path))) == 2


async def test_connectors_once_exits_one_with_a_line_per_failed_feed(
    kafka_bootstrap: str, feed_server: FeedServer, unique_name: str, tmp_path: Path
) -> None:
    good, gone = f"{unique_name}/good.xml", f"{unique_name}/gone.xml"
    feed_server.bodies[good] = rss(unique_name, ["a"])
    extra = feed_server.url(gone)  # 404 from the server: given with --feed

    status, out, err = await newsmon(
        "connectors", "--once", "--config", str(write_config(tmp_path, [feed_server.url(good)])),
        "--feed", extra, bootstrap=kafka_bootstrap,
    )  # fmt: skip

    assert status == 1
    assert f"{extra}: http_4xx:" in err
    assert "1/2 feeds fetched" in out


async def test_connectors_once_without_a_bootstrap_says_how_to_set_one(tmp_path: Path) -> None:
    status, _, err = await newsmon(
        "connectors", "--once", "--config", str(write_config(tmp_path, []))
    )
    assert status == 2
    assert "set NEWSMON_KAFKA_BOOTSTRAP or kafka.bootstrap" in err


async def test_connectors_once_with_kafka_down_fails_clearly_without_a_traceback(
    tmp_path: Path,
) -> None:
    status, _, err = await newsmon(
        "connectors", "--once", "--config", str(write_config(tmp_path, [])),
        "--kafka-timeout", "2", bootstrap=f"127.0.0.1:{free_port()}",
    )  # fmt: skip
    assert status == 1
    assert "does not answer" in err
    assert "Traceback" not in err


async def test_feeds_add_import_status_and_remove(
    kafka_bootstrap: str, unique_name: str, tmp_path: Path
) -> None:
    added = f"https://{unique_name}.invalid/added.xml"
    opml = tmp_path / "reader.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        f'<outline text="One" xmlUrl="https://{unique_name}.invalid/one.xml"/>'
        f'<outline text="Two" xmlUrl="https://{unique_name}.invalid/two.xml"/>'
        "</body></opml>"
    )
    config = write_config(tmp_path, [f"https://{unique_name}.invalid/configured.xml"])
    base = ("feeds", "--config", str(config))
    try:
        assert (await newsmon(*base, "add", added, "--name", "Added", bootstrap=kafka_bootstrap))[
            0
        ] == 0
        status, out, _ = await newsmon(*base, "import", str(opml), bootstrap=kafka_bootstrap)
        assert status == 0 and "imported 2 feeds" in out

        status, out, _ = await newsmon(*base, "list", bootstrap=kafka_bootstrap)
        ours = [line.split("\t") for line in out.splitlines() if unique_name in line]
        assert sorted((cols[0].rsplit("/", 1)[-1], cols[1]) for cols in ours) == [
            ("added.xml", "topic"), ("configured.xml", "config"),
            ("one.xml", "topic"), ("two.xml", "topic"),
        ]  # fmt: skip

        status, out, _ = await newsmon(*base, "status", bootstrap=kafka_bootstrap)
        assert status == 0
        assert any(line.startswith("new\t") and added in line for line in out.splitlines())

        status, _, err = await newsmon(*base, "remove", added, bootstrap=kafka_bootstrap)
        assert status == 0, err
        _, out, _ = await newsmon(*base, "list", bootstrap=kafka_bootstrap)
        assert added not in out
        status, _, err = await newsmon(
            *base, "remove", f"https://{unique_name}.invalid/configured.xml",
            bootstrap=kafka_bootstrap,
        )  # fmt: skip
        assert status == 1 and "configuration file" in err
    finally:
        for name in ("added", "one", "two"):
            await newsmon(*base, "remove", f"https://{unique_name}.invalid/{name}.xml",
                          bootstrap=kafka_bootstrap)  # fmt: skip


async def test_feeds_remove_forgets_the_feeds_saved_state(
    kafka_bootstrap: str, unique_name: str, tmp_path: Path
) -> None:
    from connectors.publisher import Publisher
    from connectors.state import FeedState
    from connectors.state_store import StateStore
    from newsmon.kafka.settings import KafkaSettings

    url = f"https://{unique_name}.invalid/gone.xml"
    base = ("feeds", "--config", str(write_config(tmp_path, [])))
    assert (await newsmon(*base, "add", url, bootstrap=kafka_bootstrap))[0] == 0
    async with Publisher(KafkaSettings(bootstrap=kafka_bootstrap)) as publisher:
        store = StateStore(kafka_bootstrap, publisher)
        await store.save(FeedState(feed=url, url=url, etag='"polled before"'))
        assert url in await store.load({url})
        status, _, err = await newsmon(*base, "remove", url, bootstrap=kafka_bootstrap)
        assert status == 0, err
        assert url not in await store.load({url})
