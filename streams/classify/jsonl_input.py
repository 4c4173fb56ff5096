"""Turning the JSON lines that `newsmon classify` and `newsmon evaluate` read into Articles.

A line is an object with `id` and `title` or `text` (strings), and optionally `url`,
`published` (ISO 8601; without a zone it is read as UTC) and `lang`. Anything else raises
`InputError` naming the field.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import orjson

from newsmon.contract import Article
from newsmon.errors import NewsmonError


class InputError(NewsmonError, ValueError):
    """A line cannot be read as an article; the message says why."""


def _optional_str(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"field {name!r} must be a string, got {type(value).__name__}")
    return value


def _published(text: str, fallback: datetime) -> datetime:
    if not text.strip():
        return fallback
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"field 'published': {exc}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _loads(line: str) -> Any:
    """orjson's reading of the line; where it refuses one (NaN, a lone surrogate, bad JSON)
    the standard library decides, so that the same lines pass and errors read the same."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg} at column {exc.colno}") from None


def parse_line(line: str, now: datetime) -> tuple[dict[str, Any], Article]:
    """The decoded object and the Article built from it (feed "cli", the input id kept)."""
    data = _loads(line)
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object, got {type(data).__name__}")
    ident = data.get("id")
    if not isinstance(ident, str) or not ident.strip():
        raise InputError("field 'id' must be a non-empty string")
    title = _optional_str(data, "title")
    text = _optional_str(data, "text")
    if not title.strip() and not text.strip():
        raise InputError("fields 'title' and 'text' are both empty")
    published = _published(_optional_str(data, "published"), now)
    article = Article(
        id=ident,
        feed="cli",
        url=_optional_str(data, "url"),
        title=title,
        summary="",
        content=text,
        published_at=published,
        fetched_at=now,
        language=_optional_str(data, "lang") or None,
    )
    return data, article


def line_id(line: str) -> str | None:
    """The `id` of a line that could not be read, when it has a string one (else None)."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return None
    ident = data.get("id") if isinstance(data, dict) else None
    return ident if isinstance(ident, str) else None
