"""`newsmon fetch`: articles as JSON lines on stdout, failures as JSON lines on stderr."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsmon.cli.main import main
from newsmon.contract import Article
from tests.support.fetch_env import FIXTURES


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def fixture_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(FIXTURES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_fetch_prints_one_article_per_line_and_exits_zero(
    fixture_site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fetch", f"{fixture_site}/rss_relative_links.xml"]) == 0
    lines = capsys.readouterr().out.splitlines()
    articles = [Article.from_json(line) for line in lines]
    assert [a.title for a in articles] == ["Ministers meet in Brussels", "Harbour reopens"]


def test_a_failed_feed_is_reported_on_stderr_and_exits_one(
    fixture_site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["fetch", f"{fixture_site}/html_page.xml", f"{fixture_site}/rss_windows1251.xml"])
    captured = capsys.readouterr()
    assert code == 1
    (report,) = [json.loads(line) for line in captured.err.splitlines()]
    assert report["feed"].endswith("/html_page.xml")
    assert report["error"] == "not_a_feed"
    assert len(captured.out.splitlines()) == 1


def test_file_option_parses_a_local_feed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch", "--file", str(FIXTURES / "atom_html_content.xml")]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_the_environment_switches_the_private_address_guard_on(
    fixture_site: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSMON_BLOCK_PRIVATE_ADDRESSES", "1")
    assert main(["fetch", f"{fixture_site}/rss_relative_links.xml"]) == 1
    (report,) = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert report["error"] == "blocked_address"
