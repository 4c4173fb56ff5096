"""Reading feed documents: bytes -> `ParsedFeed` (feedparser, bounded and sniffed) ->
`Article` records (links resolved, dates in UTC, HTML reduced to text, stable ids)."""

from connectors.feed.normalise import to_articles
from connectors.feed.parse import ParsedFeed, parse_feed

__all__ = ["ParsedFeed", "parse_feed", "to_articles"]
