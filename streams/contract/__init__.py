"""Records the worker writes: classified articles, alerts and dead letters."""

from streams.contract.records import (
    SCHEMA_VERSION,
    Alert,
    ClassifiedArticle,
    DeadLetter,
    Evidence,
    TopicMatch,
    alert_id,
)

__all__ = [
    "SCHEMA_VERSION",
    "Alert",
    "ClassifiedArticle",
    "DeadLetter",
    "Evidence",
    "TopicMatch",
    "alert_id",
]
