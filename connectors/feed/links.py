"""Recognising links that joining against any base URL leaves exactly as they are.

Almost every link in a feed is already absolute, and `urllib.parse.urljoin` then costs two
parses and a rebuild (the commonest cost of reading an entry) only to return its input. It
returns its input unchanged whenever the link is an absolute http(s) URL that its parse and
rebuild reproduce: lower-case scheme, a plain host, no `;params` (urlparse would move them),
no empty `?` or `#` (urlunparse would drop them), no whitespace or control characters
(urlsplit would strip them) and ASCII only. `tests/connectors/fetch/test_links.py` checks the
claim against `urljoin` on links built to sit on either side of each rule.
"""

from __future__ import annotations

import re

_PLAIN_ABSOLUTE = re.compile(
    r"https?://[A-Za-z0-9._-]+(?::[0-9]{1,5})?"  # host[:port]: no userinfo, no IPv6 brackets
    r"(?:/[^\x00-\x20\x7f;?#]*)?"  # path without params
    r"(?:\?[^\x00-\x20\x7f#]+)?"  # a non-empty query
    r"(?:#[^\x00-\x20\x7f]+)?"  # a non-empty fragment
)


def is_plain_absolute(url: str) -> bool:
    """True when `url` is an absolute http(s) link that `urljoin(base, url)` returns as it
    is, whatever `base`; False means "not known", not "relative"."""
    return url.isascii() and _PLAIN_ABSOLUTE.fullmatch(url) is not None
