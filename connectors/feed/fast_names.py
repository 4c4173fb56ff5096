"""Element names as feedparser sees them, and which of them the fast path may meet.

feedparser lower-cases an element's local name and prefixes it with the standard prefix of
its namespace (`dc_creator`, `content_encoded`; RSS 1.0 and Atom 1.0 have none), then calls
the `_start_<name>`/`_end_<name>` handler if it has one, else stores the text under the
name. The fast path reproduces a few handlers exactly; an element with any other handler
might change what `to_articles` reads, so its document goes to feedparser.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from connectors.compat.feedparser import private

_MIXIN: Any = private("feedparser.mixin", "_FeedParserMixin")
_STANDARD_PREFIX: dict[str, str] = {
    str(uri).lower(): str(prefix) for uri, prefix in _MIXIN.namespaces.items()
}

# Entry keys `to_articles` reads: an unknown element stored under one of these would matter.
CONSUMED_KEYS = frozenset(
    {
        "link",
        "links",
        "id",
        "guidislink",
        "title",
        "title_detail",
        "summary",
        "summary_detail",
        "content",
        "author",
        "authors",
        "author_detail",
        "published",
        "published_parsed",
        "updated",
        "updated_parsed",
        "created",
        "created_parsed",
    }
)

# Handlers that only fill keys `to_articles` never reads (tags, enclosures, media, geo...).
HARMLESS_HANDLERS = frozenset(
    {
        "category",
        "dc_subject",
        "enclosure",
        "comments",
        "rights",
        "dc_rights",
        "language",
        "dc_language",
        "dc_publisher",
        "dc_contributor",
        "media_content",
        "media_thumbnail",
        "media_category",
        "media_rating",
        "media_credit",
        "media_restriction",
        "media_license",
        "media_player",
        "media_group",
        "georss_point",
        "georss_line",
        "georss_polygon",
        "georss_box",
        "georss_where",
        "where",
        "gml_point",
        "gml_pos",
        "cc_license",
        "creativecommons_license",
        "itunes_image",
        "itunes_duration",
        "itunes_explicit",
        "itunes_subtitle",
        "itunes_keywords",
        "itunes_block",
        "itunes_category",
        "itunes_link",
    }
)


class Unsupported(Exception):
    """feedparser may read this document differently from the fast path: let it read it."""


def feedparser_name(tag: str, prefix: str | None) -> str:
    """feedparser's name for an element with lxml `tag` ({ns}local) and document `prefix`."""
    name = _BY_TAG.get(tag)
    return name if name is not None else _name(tag, prefix)


def name_of(el: Any) -> str:
    """feedparser's name for lxml element `el` (see `feedparser_name`)."""
    name = _BY_TAG.get(el.tag)
    return name if name is not None else _name(el.tag, el.prefix)


# Names of elements in no namespace or a namespace feedparser knows do not depend on the prefix.
_BY_TAG: dict[str, str] = {}


@lru_cache(maxsize=4096)
def _name(tag: str, prefix: str | None) -> str:
    """feedparser's name for an element with lxml `tag` ({ns}local) and document `prefix`.

    Raises Unsupported for an unknown namespace without a prefix (feedparser reads those as
    if they had no namespace at all).
    """
    if tag.startswith("{"):
        namespace, local = tag[1:].split("}", 1)
    else:
        namespace, local = "", tag
    lower = namespace.lower()
    if "backend.userland.com/rss" in lower:
        lower = "http://backend.userland.com/rss"
    standard = _STANDARD_PREFIX.get(lower)
    if standard is None:
        if not prefix:
            raise Unsupported(f"default namespace {namespace!r} unknown to feedparser")
        standard = prefix
    elif len(_BY_TAG) < 4096:
        _BY_TAG[tag] = f"{standard}_{local.lower()}" if standard else local.lower()
    local = local.lower()
    return f"{standard}_{local}" if standard else local


@lru_cache(maxsize=4096)
def is_harmless(name: str) -> bool:
    """True when feedparser handling element `name` cannot change an entry key we read."""
    if name in HARMLESS_HANDLERS:
        return True
    if name in CONSUMED_KEYS:
        return False
    return not (hasattr(_MIXIN, f"_start_{name}") or hasattr(_MIXIN, f"_end_{name}"))
