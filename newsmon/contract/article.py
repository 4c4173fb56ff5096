"""`Article`: one news item as a connector publishes it to `newsmon.articles.raw`.

Messages are JSON objects (UTF-8) keyed by the article id; the layout is documented by
`schemas/article.schema.json`, which downstream apps may validate against.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from newsmon.contract.timefmt import format_utc, parse_utc
from newsmon.contract.urls import canonical_url
from newsmon.errors import NewsmonError

SCHEMA_VERSION = 1
_ID_LENGTH = 32  # hex digits of SHA-256: 128 bits, collision-free at any plausible volume


class ContractError(NewsmonError, ValueError):
    """A message does not match the record it claims to be; the text names the field."""


def article_id(url: str | None, guid: str | None, feed: str) -> str:
    """Stable id: a hash of the canonical URL, or of the feed and its GUID when there is no link."""
    if url and url.strip():
        basis = "url:" + canonical_url(url)
    elif guid and guid.strip():
        basis = f"guid:{feed}\n{guid.strip()}"
    else:
        raise ContractError("an article needs a url or a guid to have an id")
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:_ID_LENGTH]


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    feed: str
    url: str
    title: str
    summary: str
    content: str
    published_at: datetime
    fetched_at: datetime
    authors: tuple[str, ...] = ()
    language: str | None = None
    guid: str | None = None
    # True when the feed gave no usable date and `published_at` is the fetch time.
    published_at_inferred: bool = False
    schema_version: int = field(default=SCHEMA_VERSION)

    def to_dict(self) -> dict[str, Any]:
        # Spelled out, in field order: asdict() deep-copies every field and even a loop over
        # fields() costs more than the JSON encoding, once per article published.
        return {
            "id": self.id,
            "feed": self.feed,
            "url": self.url,
            "title": self.title,
            "summary": self.summary,
            "content": self.content,
            "published_at": format_utc(self.published_at),
            "fetched_at": format_utc(self.fetched_at),
            "authors": list(self.authors),
            "language": self.language,
            "guid": self.guid,
            "published_at_inferred": self.published_at_inferred,
            "schema_version": self.schema_version,
        }

    def to_json(self) -> bytes:
        # orjson writes the same bytes as json.dumps(ensure_ascii=False, separators=(",", ":"))
        # (UTF-8, the same escapes, floats as repr) at a tenth of the cost.
        return orjson.dumps(self.to_dict())

    def key(self) -> bytes:
        return self.id.encode("ascii")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build an Article from its wire form; raises ContractError naming the bad field."""
        return cls(**article_fields(data))

    @classmethod
    def from_json(cls, raw: bytes | str) -> Article:
        try:
            # Stricter than json.loads where it matters: invalid UTF-8, lone surrogates, NaN
            # and a byte order mark are refused here rather than failing later.
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise ContractError(f"not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise ContractError(f"expected a JSON object, got {type(data).__name__}")
        return cls.from_dict(data)


def _str_field(data: dict[str, Any], name: str, *, optional: bool = False) -> Any:
    value = data.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ContractError(f"field {name!r} must be a string, got {type(value).__name__}")
    return value


def _time_field(data: dict[str, Any], name: str) -> datetime:
    value = _str_field(data, name)
    try:
        return parse_utc(value)
    except ValueError as exc:
        raise ContractError(f"field {name!r}: {exc}") from exc


def article_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Validate and convert the Article part of a wire object into constructor arguments."""
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ContractError(f"field 'schema_version' must be {SCHEMA_VERSION}, got {version!r}")
    authors = data.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise ContractError("field 'authors' must be a list of strings")
    inferred = data.get("published_at_inferred", False)
    if not isinstance(inferred, bool):
        raise ContractError("field 'published_at_inferred' must be a boolean")
    return {
        "id": _str_field(data, "id"),
        "feed": _str_field(data, "feed"),
        "url": _str_field(data, "url"),
        "title": _str_field(data, "title"),
        "summary": _str_field(data, "summary"),
        "content": _str_field(data, "content"),
        "published_at": _time_field(data, "published_at"),
        "fetched_at": _time_field(data, "fetched_at"),
        "authors": tuple(authors),
        "language": _str_field(data, "language", optional=True),
        "guid": _str_field(data, "guid", optional=True),
        "published_at_inferred": inferred,
    }
