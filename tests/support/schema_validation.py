"""Validate wire messages against the JSON Schema files shipped in the packages."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource


def _load(package: str, name: str) -> dict[str, Any]:
    text = resources.files(package).joinpath("schemas", name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


ARTICLE = _load("newsmon.contract", "article.schema.json")
CLASSIFIED = _load("newsmon.contract", "classified_article.schema.json")
ALERT = _load("newsmon.contract", "alert.schema.json")
DEADLETTER = _load("newsmon.contract", "deadletter.schema.json")
STORY = _load("newsmon.contract", "story.schema.json")

_REGISTRY = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema))
    for schema in (ARTICLE, CLASSIFIED, ALERT, DEADLETTER, STORY)
)


def validate(schema: dict[str, Any], message: bytes | dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `message` does not follow `schema`."""
    document = json.loads(message) if isinstance(message, bytes) else message
    Draft202012Validator(schema, registry=_REGISTRY, format_checker=FormatChecker()).validate(
        document
    )
