"""Distinct NATO stories written for the burst tests: each its own story (no near duplicates).

Each story's words beyond "NATO" are drawn from made-up syllable pairs with a generator seeded
by the story's number, so two stories share almost no word shingles and never join one story.
"""

from __future__ import annotations

import random
from datetime import datetime

from newsmon.contract import Article, article_id

_SYLLABLES = ("ka", "lor", "mi", "net", "ost", "pra", "qui", "ros", "sel", "tam", "ul", "ver",
              "wen", "xa", "yol", "zed", "bri", "cor", "dun", "fal")  # fmt: skip
_VOCABULARY = tuple(a + b for a in _SYLLABLES for b in _SYLLABLES)


def nato_article(n: int, at: datetime, site: str = "burst.example") -> Article:
    """Story number `n`, published (and fetched) at `at`, on a feed of `site`."""
    pick = random.Random(n).choices  # test text, not security
    title = f"NATO {' '.join(pick(_VOCABULARY, k=5))}"
    body = f"The NATO alliance said {' '.join(pick(_VOCABULARY, k=24))}."
    url = f"https://{site}/nato/{n}"
    feed = f"https://{site}/feed.xml"
    return Article(id=article_id(url, None, feed), feed=feed, url=url, title=title, summary=body,
                   content="", published_at=at, fetched_at=at, language="en")  # fmt: skip
