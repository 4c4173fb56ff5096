"""The guard around feedparser's private helpers (connectors/compat/feedparser.py).

On the pinned feedparser the fast path is on; with another release, or with a helper renamed,
the connector still imports, reads every feed with plain feedparser, and says which patch is
off and why. The last two run in a fresh interpreter, where feedparser is altered before
newsmon imports it (as an upgraded installation would be).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from connectors.compat import feedparser as feedparser_compat
from connectors.feed.parse import fast_reader

REPO = Path(__file__).resolve().parents[4]

# Runs in a fresh interpreter after a line that alters feedparser; prints what parse_feed did.
_PROBE = """
import logging, sys
logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(message)s")
from connectors.feed import parse_feed
from connectors.feed.parse import fast_reader
body = open(sys.argv[1], "rb").read()
parsed = parse_feed(body, "https://feeds.example.com/rss.xml")
print("fast path on" if fast_reader() else "fast path off")
print(len(parsed.entries), parsed.entries[0]["title"])
"""
FIXTURE = REPO / "tests" / "fixtures" / "feeds" / "fast" / "rss2_plain.xml"


def _pinned_feedparser() -> str:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        if requirement.name == "feedparser":
            (pin,) = [s.version for s in requirement.specifier if s.operator == "=="]
            return pin
    raise AssertionError("feedparser is not pinned in pyproject.toml")


def _probe(alteration: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", alteration + "\n" + _PROBE, str(FIXTURE)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_compat_module_was_written_for_the_pinned_feedparser() -> None:
    assert _pinned_feedparser() == feedparser_compat.WRITTEN_FOR
    assert feedparser_compat.installed_version() == feedparser_compat.WRITTEN_FOR


def test_the_fast_path_is_active_on_the_pinned_feedparser() -> None:
    assert feedparser_compat.fast_path_problem() is None
    from connectors.feed.fast import read_fast

    assert fast_reader() is read_fast


def test_a_renamed_private_helper_turns_the_fast_path_off_and_feeds_still_parse() -> None:
    done = _probe("import feedparser.datetimes as d; del d._parse_date")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "fast path off",
        "2 Ferry operators and unions reach a pay deal",
    ]
    assert "feedparser.datetimes._parse_date" in done.stderr
    assert "lxml fast path" in done.stderr  # names the patch that is off


def test_another_feedparser_release_turns_the_fast_path_off_naming_both_versions() -> None:
    done = _probe("import feedparser; feedparser.__version__ = '6.9.0'")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "fast path off"
    assert "feedparser 6.9.0 is installed" in done.stderr
    assert f"feedparser {feedparser_compat.WRITTEN_FOR}" in done.stderr


def test_a_helper_without_the_attribute_the_fast_path_reads_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # In-process (feedparser itself needs the attribute, so nothing is parsed meanwhile).
    from feedparser.mixin import _FeedParserMixin

    monkeypatch.delattr(_FeedParserMixin, "namespaces")
    problem = feedparser_compat.fast_path_problem()
    assert problem is not None
    assert "feedparser.mixin._FeedParserMixin lacks 'namespaces'" in problem
    assert feedparser_compat.PATCH in problem
