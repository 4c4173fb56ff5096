"""Reading feed lists exported by feed readers (OPML 1.0/2.0) for `newsmon feeds import`."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from newsmon.errors import NewsmonError


class OpmlError(NewsmonError, ValueError):
    """The file is not OPML we can read; the message says why."""


def _feed_url(outline: Element) -> str | None:
    # OPML 2.0 says xmlUrl; some exporters write xmlurl or url.
    for name in ("xmlUrl", "xmlurl", "url"):
        value = outline.get(name)
        if value and value.strip().startswith(("http://", "https://")):
            return value.strip()
    return None


def parse_opml(data: bytes) -> list[tuple[str, str | None]]:
    """Every feed of the document as (url, title), in document order, without repeats.

    Folders (outlines nested in outlines) are flattened; outlines without an http(s) feed URL
    are skipped. Raises OpmlError on XML that is not well-formed, unsafe, or not OPML.
    """
    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException) as exc:
        raise OpmlError(f"not readable XML: {exc}") from exc
    if root.tag.lower() != "opml":
        raise OpmlError(f"the root element is <{root.tag}>, not <opml>")
    feeds: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for outline in root.iter("outline"):
        url = _feed_url(outline)
        if url is None or url in seen:
            continue
        seen.add(url)
        title = outline.get("title") or outline.get("text")
        feeds.append((url, title.strip() if title and title.strip() else None))
    return feeds
