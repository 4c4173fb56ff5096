"""Reading feed documents: bytes -> `ParsedFeed` (feedparser, bounded and sniffed) ->
`Article` records (links resolved, dates in UTC, HTML reduced to text, stable ids)."""

from connectors.feed.normalise import to_articles
from connectors.feed.parse import parse_feed
from connectors.feed.parsed import ParsedFeed

__all__ = ["ParsedFeed", "parse_feed", "to_articles"]
