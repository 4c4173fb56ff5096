"""feedparser's private helpers that the lxml fast path of `parse_feed` reuses.

The fast path (connectors/feed/fast*.py) reads well-formed UTF-8 feeds with lxml and must
produce exactly what feedparser would; it does so by calling feedparser's own date parser,
HTML sanitiser and URL resolver and by reading its handler table, none of which is public
API. Those names are fetched here and only here, with `private()`.

The fast path is an optimisation: when the installed feedparser is not the release the fast
path was checked against (WRITTEN_FOR; the parity tests compare both paths' Articles), or a
helper is missing, `fast_path_problem()` says so, the fast path is switched off, and every
feed is read by plain feedparser. Nothing else changes; the connector keeps importing.
"""

from __future__ import annotations

import importlib
import logging
from functools import cache
from typing import Any

import feedparser

from newsmon.errors import NewsmonError

log = logging.getLogger(__name__)

# The feedparser release whose internals the fast path reproduces (pinned in pyproject.toml).
WRITTEN_FOR = "6.0.14"
PATCH = "the lxml fast path of parse_feed (connectors/feed/fast*.py)"
# (module, name, attributes of it that the fast path reads)
PRIVATE_HELPERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("feedparser.datetimes", "_parse_date", ()),
    ("feedparser.sanitizer", "_sanitize_html", ()),
    ("feedparser.sanitizer", "_HTMLSanitizer", ("acceptable_elements",)),
    ("feedparser.urls", "ACCEPTABLE_URI_SCHEMES", ()),
    ("feedparser.urls", "resolve_relative_uris", ()),
    ("feedparser.mixin", "_FeedParserMixin", ("namespaces",)),
)


class FeedparserInternalsChanged(NewsmonError, ImportError):
    """A private feedparser helper the fast path uses is gone; the message names it.

    An ImportError, so that importing the fast path fails the way a missing module does and
    `parse_feed` falls back to feedparser."""


def private(module: str, name: str) -> Any:
    """feedparser's `module.name`; raises FeedparserInternalsChanged when it no longer exists."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise FeedparserInternalsChanged(
            f"feedparser {installed_version()} has no {module}.{name}, which {PATCH} uses "
            f"(written for feedparser {WRITTEN_FOR})"
        ) from exc


def installed_version() -> str:
    return str(getattr(feedparser, "__version__", "unknown"))


def fast_path_problem() -> str | None:
    """Why the fast path must stay off with the installed feedparser, or None when it may run."""
    version = installed_version()
    if version != WRITTEN_FOR:
        return (
            f"feedparser {version} is installed but {PATCH} was written and checked for "
            f"feedparser {WRITTEN_FOR}"
        )
    for module, name, attributes in PRIVATE_HELPERS:
        try:
            helper = private(module, name)
        except FeedparserInternalsChanged as exc:
            return str(exc)
        for attribute in attributes:
            if not hasattr(helper, attribute):
                return f"feedparser {version}: {module}.{name} lacks {attribute!r}, used by {PATCH}"
    return None


@cache
def check_at_start() -> bool:
    """True when the fast path may run; otherwise logs (once) why it is off, naming the patch."""
    problem = fast_path_problem()
    if problem is not None:
        log.warning("%s; every feed is read by feedparser instead (slower, same result)", problem)
    return problem is None
