"""Topic classification: topic definitions (YAML), a term matcher and a scorer."""

from streams.classify.classifier import Classifier
from streams.classify.definitions import (
    TopicDefinition,
    TopicFileError,
    TopicSet,
    load_topics,
    parse_topics,
)

__all__ = [
    "Classifier",
    "TopicDefinition",
    "TopicFileError",
    "TopicSet",
    "load_topics",
    "parse_topics",
]
