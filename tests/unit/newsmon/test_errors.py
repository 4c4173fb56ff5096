"""Every error class newsmon defines derives from `newsmon.errors.NewsmonError` and keeps its
standard base, so `except NewsmonError` catches them all and old `except` clauses still work."""

from __future__ import annotations

import ast
import builtins
import importlib
from pathlib import Path

import pytest

from newsmon.errors import NewsmonError

REPO = Path(__file__).resolve().parents[3]
# Classes that look like errors but are control flow that never leaves its module.
NOT_ERRORS = {
    "connectors.feed.fast_names.Unsupported": "the fast path's 'let feedparser read it' signal",
}
_STANDARD_BASES = {"Exception", "ValueError", "RuntimeError", "OSError", "ImportError"}


def _error_classes() -> list[tuple[str, str, str]]:
    """(module, class, first standard base) of every class deriving from a standard exception
    or from another of ours, found by reading the source."""
    found = []
    for root in ("newsmon", "connectors", "streams"):
        for path in sorted((REPO / root).rglob("*.py")):
            module = ".".join(path.relative_to(REPO).with_suffix("").parts)
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                if not isinstance(node, ast.ClassDef):
                    continue
                names = [b.id for b in node.bases if isinstance(b, ast.Name)]
                standard = [n for n in names if n in _STANDARD_BASES]
                if standard or "NewsmonError" in names:
                    found.append((module, node.name, standard[0] if standard else "Exception"))
    return found


def test_the_scan_finds_the_known_errors() -> None:
    names = {name for _, name, _ in _error_classes()}
    assert {"ConfigError", "ContractError", "BrokerError", "FeedError", "KafkaUnavailable"} <= names
    assert len(names) >= 11


@pytest.mark.parametrize(("module", "name", "standard"), _error_classes())
def test_each_error_derives_from_newsmon_error_and_keeps_its_standard_base(
    module: str, name: str, standard: str
) -> None:
    if f"{module}.{name}" in NOT_ERRORS:
        pytest.skip(NOT_ERRORS[f"{module}.{name}"])
    cls = getattr(importlib.import_module(module), name)
    if cls is NewsmonError:
        return
    assert issubclass(cls, NewsmonError), f"{module}.{name}"
    assert issubclass(cls, getattr(builtins, standard)), f"{module}.{name} lost its base {standard}"
