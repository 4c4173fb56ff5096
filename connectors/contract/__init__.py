"""The records connectors publish, shared with every later step of the pipeline.

Each step owns the records it emits: connectors own `Article` and the topic names,
`streams.contract` owns what the worker writes.
"""

from connectors.contract.article import SCHEMA_VERSION, Article, ContractError, article_id
from connectors.contract.timefmt import format_utc, parse_utc, utc_now

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ContractError",
    "article_id",
    "format_utc",
    "parse_utc",
    "utc_now",
]
