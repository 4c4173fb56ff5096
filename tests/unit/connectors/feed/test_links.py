"""`is_plain_absolute` only vouches for links that urljoin returns unchanged, whatever the base."""

from __future__ import annotations

import itertools
from urllib.parse import urljoin, urlsplit

import pytest

from connectors.feed.fast_text import _EXTRA_SLASHES, join_url
from connectors.feed.links import is_plain_absolute
from connectors.feed.normalise import entry_link

BASES = (
    "",
    "http://feeds.example.com/world/rss.xml",
    "https://feeds.example.com/world/",
    "HTTPS://Feeds.Example.com/a/b?x=1#top",
    "ftp://files.example.org/pub/",
    "file:///tmp/feed.xml",
    "//cdn.example.net/feed",
    "relative/path.xml",
)

PLAIN = (
    "https://news.example.com/2026/03/03/story.html",
    "http://news.example.com",
    "http://news.example.com/",
    "https://news.example.com:8443/a/b/../c/./d",
    "https://news.example.com/a//b",
    "https://news.example.com/search?q=a+b&page=2",
    "https://news.example.com/p?a=1;b=2",
    "https://news.example.com/p#section-2",
    "https://news.example.com/p?x=%20y#frag#more",
    "https://sub_domain.example.com/~user/%7Epage",
    "http://127.0.0.1:8080/feed/1.xml",
    "https://example.com/a?b?c",
)

NOT_PLAIN = (
    "HTTPS://news.example.com/story",  # urlsplit lower-cases the scheme
    "https://news.example.com/story;jsessionid=1",  # params move
    "https://news.example.com/story?",  # empty query dropped
    "https://news.example.com/story#",  # empty fragment dropped
    "https://news.example.com/a b",  # whitespace
    "https://news.example.com/a\tb",  # a tab urlsplit removes
    " https://news.example.com/story",  # leading space urlsplit strips
    "https://user:pw@news.example.com/",  # userinfo
    "https://[2001:db8::1]/story",  # IPv6 literal
    "https://news.example.com/caf\u00e9",  # not ASCII
    "https:///story",  # no host
    "https:story",
    "/story",
    "story.html",
    "//news.example.com/story",
    "mailto:desk@example.com",
    "ftp://files.example.org/a",
    "javascript:alert(1)",
    "",
)


@pytest.mark.parametrize("url", PLAIN)
def test_plain_absolute_links_are_what_urljoin_returns_for_any_base(url: str) -> None:
    assert is_plain_absolute(url)
    for base in BASES:
        assert urljoin(base, url) == url


@pytest.mark.parametrize("url", NOT_PLAIN)
def test_links_urljoin_may_change_are_not_vouched_for(url: str) -> None:
    assert not is_plain_absolute(url)


def _join_without_shortcut(base: str, uri: str) -> str:
    try:
        return urljoin(base, _EXTRA_SLASHES.sub(r"\1\3", uri))
    except ValueError:
        return ""


def _link_without_shortcut(url: str, base: str) -> str | None:
    absolute = urljoin(base, url.strip())
    parts = urlsplit(absolute)
    return absolute if parts.scheme in ("http", "https") and parts.hostname else None


def test_the_shortcut_changes_no_joined_link() -> None:
    for base, url in itertools.product(BASES, PLAIN + NOT_PLAIN):
        assert join_url(base, url) == _join_without_shortcut(base, url)
        if url.strip():
            assert entry_link({"link": url}, base) == _link_without_shortcut(url, base)
