"""Fetching feeds over HTTP, politely and within bounds: conditional GET, Retry-After,
cache hints, per-host limits, manual redirects, a body cap applied after decompression,
an overall deadline and an optional guard against private addresses.

The runtime calls `Fetcher.fetch`, or `connectors.fetch.fetch_once.fetch_and_parse` for
fetch + parse + normalise (not re-exported here: it sits on top of `connectors.feed`,
which itself uses this package's decoder and errors). Every failure is a `FeedError`.
"""

from connectors.fetch.errors import FeedError, FeedErrorKind
from connectors.fetch.http import Fetcher, FetchResult, Validators

__all__ = ["FeedError", "FeedErrorKind", "FetchResult", "Fetcher", "Validators"]
