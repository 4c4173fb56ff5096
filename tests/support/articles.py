"""Articles written for the worker's tests: one NATO story told three ways, and filler."""

from __future__ import annotations

from datetime import UTC, datetime

from newsmon.contract import Article, article_id

NATO_TITLE = "NATO allies agree to raise defence spending at Zorblat summit"
NATO_BODY = (
    "NATO leaders meeting in Zorblat agreed that every NATO member will raise defence spending "
    "to three percent, the NATO secretary general said on Tuesday after talks on the "
    "alliance's eastern flank."
)
# The same story as retold by other outlets: one or two words differ.
NATO_RETOLD = (
    (NATO_TITLE, NATO_BODY.replace("eastern flank", "northern flank")),
    (NATO_TITLE.replace("raise", "lift"), NATO_BODY.replace("every", "each")),
)
QUIET_TITLE = "Village bakery wins the regional bread prize"
QUIET_BODY = "A small bakery in the village won the regional bread prize for its sourdough loaf."


def article(url: str, title: str, body: str, feed: str = "test-feed") -> Article:
    now = datetime.now(UTC)
    return Article(
        id=article_id(url, None, feed),
        feed=feed,
        url=url,
        title=title,
        summary=body,
        content="",
        published_at=now,
        fetched_at=now,
        language="en",
    )


def nato_story(site: str) -> list[Article]:
    """Three articles of one story on three URLs under `site` (a unique host per test)."""
    first = article(f"https://{site}/nato/1", NATO_TITLE, NATO_BODY)
    others = [
        article(f"https://{site}/nato/{n}", title, body)
        for n, (title, body) in enumerate(NATO_RETOLD, start=2)
    ]
    return [first, *others]


def quiet_article(site: str, n: int = 1) -> Article:
    return article(f"https://{site}/quiet/{n}", QUIET_TITLE, QUIET_BODY)
