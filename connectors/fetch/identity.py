"""How newsmon introduces itself to publishers."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

# Feed types first; generic XML next; anything last, because some publishers serve feeds
# as text/html or application/octet-stream and we sniff the body anyway.
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)


def newsmon_version() -> str:
    try:
        return version("newsmon")
    except PackageNotFoundError:
        return "0+unknown"


def user_agent(contact: str) -> str:
    """`newsmon/0.1.0 (+https://example.org/contact)`: names us and says how to reach us."""
    return f"newsmon/{newsmon_version()} (+{contact})"
