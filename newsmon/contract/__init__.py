"""The one contract every service shares: records, their JSON Schemas and the topic names.

`article` is what connectors publish; `records` what the worker and the notifier write and read
(classified articles, alerts, stories, dead letters); `topics` every Kafka topic name; `schemas/`
the JSON Schema of each record, shipped for downstream apps.
"""

from newsmon.contract.article import SCHEMA_VERSION, Article, ContractError, article_id
from newsmon.contract.timefmt import format_utc, parse_utc, utc_now

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ContractError",
    "article_id",
    "format_utc",
    "parse_utc",
    "utc_now",
]
