"""Size limits on an entry's text, so that every Article fits in one Kafka record.

A record over the topic's `max.message.bytes` (1 MiB by default) is refused by Kafka for
ever; a feed that embeds whole books or base64 images in `content:encoded` must not produce
one. The limits are far above any real news story.
"""

from __future__ import annotations

MAX_TEXT_BYTES = 256 * 1024  # summary + content, UTF-8
MAX_SUMMARY_BYTES = 32 * 1024  # the summary's share; the content takes the rest
MAX_TITLE_CHARS = 1000
_MAX_UTF8_BYTES_PER_CHAR = 4


def truncate_utf8(text: str, max_bytes: int) -> str:
    """`text` cut to at most `max_bytes` of UTF-8, at a character boundary."""
    if len(text) * _MAX_UTF8_BYTES_PER_CHAR <= max_bytes:
        return text  # cannot be over: skip the encoding (the common case)
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    # Dropping a partial trailing character is what errors="ignore" does at the cut.
    return encoded[: max(0, max_bytes)].decode("utf-8", errors="ignore")


def bounded_text(title: str, summary: str, content: str) -> tuple[str, str, str]:
    """Title, summary and content within MAX_TITLE_CHARS and MAX_TEXT_BYTES together."""
    summary = truncate_utf8(summary, MAX_SUMMARY_BYTES)
    content = truncate_utf8(content, MAX_TEXT_BYTES - len(summary.encode("utf-8")))
    return title[:MAX_TITLE_CHARS], summary, content
