"""`to_articles`: a ParsedFeed's entries as `Article` records, ready to publish.

Links are absolute http(s) URLs (feedparser resolves xml:base and the document URL; we
resolve once more against the feed URL); dates are UTC; text fields are plain text; ids
are stable across fetches even when GUIDs are missing, repeated or change every fetch;
text is bounded (connectors/feed/bounds.py) so that every Article fits in a Kafka record.
"""

from __future__ import annotations

import calendar
import hashlib
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from connectors.feed.bounds import MAX_TEXT_BYTES, MAX_TITLE_CHARS, bounded_text
from connectors.feed.links import is_plain_absolute
from connectors.feed.parsed import ParsedFeed
from connectors.feed.text import collapse, html_to_text, plain_or_html_to_text
from newsmon.contract import Article, article_id

_DATE_KEYS = ("published_parsed", "updated_parsed", "created_parsed")
# A date this far past the fetch is a publisher's clock or format error, not news from the future.
_FUTURE_SLACK = timedelta(days=1)
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_TITLE_FROM_TEXT = 120  # characters of summary used as title when an entry has none
__all__ = ["MAX_TEXT_BYTES", "MAX_TITLE_CHARS", "entry_date", "entry_link", "to_articles"]


def _http_url(candidate: Any, base: str) -> str | None:
    if not isinstance(candidate, str) or not candidate.strip():
        return None
    link = candidate.strip()
    if is_plain_absolute(link):
        return link
    absolute = urljoin(base, link)
    parts = urlsplit(absolute)
    return absolute if parts.scheme in ("http", "https") and parts.hostname else None


def entry_link(entry: Mapping[str, Any], base: str) -> str | None:
    """The entry's web page: its link, else an alternate link, else a permalink GUID."""
    link = _http_url(entry.get("link"), base)
    if link:
        return link
    for candidate in entry.get("links", ()):
        if candidate.get("rel", "alternate") == "alternate":
            link = _http_url(candidate.get("href"), base)
            if link:
                return link
    if entry.get("guidislink"):
        return _http_url(entry.get("id"), base)
    return None


def entry_date(entry: Mapping[str, Any], fetched_at: datetime) -> datetime | None:
    """The entry's publication (else update, else creation) time in UTC, if plausible."""
    for key in _DATE_KEYS:
        parsed = entry.get(key)
        if parsed is None:
            continue
        try:
            # feedparser's struct_time is already UTC; timegm reads it as such.
            moment = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
        except (OverflowError, ValueError, TypeError, OSError):
            continue
        if _EARLIEST <= moment <= fetched_at + _FUTURE_SLACK:
            return moment
    return None


def _detail_text(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str):
        return ""
    detail = entry.get(f"{key}_detail") or {}
    return plain_or_html_to_text(value, detail.get("type"))


def _content_text(entry: Mapping[str, Any]) -> str:
    """Text of the richest content block (the longest), e.g. content:encoded over summary."""
    texts = [
        plain_or_html_to_text(block.get("value", ""), block.get("type"))
        for block in entry.get("content", ())
        if isinstance(block.get("value"), str)
    ]
    return max(texts, key=len, default="")


def _authors(entry: Mapping[str, Any]) -> tuple[str, ...]:
    names: list[str] = []
    for author in entry.get("authors", ()):
        name = collapse(str(author.get("name") or author.get("email") or ""))
        if name and name not in names:
            names.append(name)
    if not names and entry.get("author"):
        names.append(collapse(html_to_text(str(entry["author"]))))
    return tuple(n for n in names if n)


def _raw_date(entry: Mapping[str, Any]) -> str:
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _guid(entry: Mapping[str, Any]) -> str | None:
    value = entry.get("id")
    return value.strip() or None if isinstance(value, str) else None


def _synthetic_guid(feed_url: str, title: str, raw_date: str, summary: str) -> str:
    """A GUID built from what the entry says, stable while the entry is unchanged."""
    basis = "\n".join((feed_url, title, raw_date, "" if raw_date else summary[:500]))
    return "newsmon:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()


def to_articles(feed: ParsedFeed, feed_url: str, fetched_at: datetime) -> list[Article]:
    """One Article per distinct entry (first occurrence wins), in document order.

    `fetched_at` must be timezone-aware; it stands in for a missing or implausible date
    (with `published_at_inferred=True`). Entries with no link, no GUID, no title and no
    text are skipped: there is nothing to identify or show. Titles longer than
    MAX_TITLE_CHARS and summary + content over MAX_TEXT_BYTES (UTF-8) are truncated.
    """
    guid_counts = Counter(g for g in map(_guid, feed.entries) if g is not None)
    articles: list[Article] = []
    seen: set[str] = set()
    for entry in feed.entries:
        link = entry_link(entry, feed_url)
        guid = _guid(entry)
        summary = _detail_text(entry, "summary")
        content = _content_text(entry) or summary
        if not summary and content:
            summary = content[:500]
        title = _detail_text(entry, "title") or summary[:_TITLE_FROM_TEXT]
        title, summary, content = bounded_text(title, summary, content)
        if not (link or guid or title or content):
            continue
        # A GUID shared by several entries of one feed identifies none of them.
        id_guid = guid if guid and guid_counts[guid] == 1 else None
        if link is None and id_guid is None:
            id_guid = _synthetic_guid(feed_url, title, _raw_date(entry), summary)
        ident = article_id(link, id_guid, feed_url)
        if ident in seen:
            continue
        seen.add(ident)
        published = entry_date(entry, fetched_at)
        articles.append(
            Article(
                id=ident,
                feed=feed_url,
                url=link or "",
                title=title,
                summary=summary,
                content=content,
                published_at=published or fetched_at,
                fetched_at=fetched_at,
                authors=_authors(entry),
                language=_language(entry, feed),
                guid=guid,
                published_at_inferred=published is None,
            )
        )
    return articles


def _language(entry: Mapping[str, Any], feed: ParsedFeed) -> str | None:
    for detail_key in ("title_detail", "summary_detail"):
        detail = entry.get(detail_key) or {}
        if detail.get("language"):
            return str(detail["language"]).strip() or None
    return feed.language.strip() if feed.language and feed.language.strip() else None
