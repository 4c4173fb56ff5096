"""Stream positions: the next offset of every partition, as the SSE event id.

A position is written `p0:12.p1:7.p2:0` (partition `p<n>`, then the offset of the next record
to send from it), partitions in ascending order. It is what a client sends back as
`Last-Event-ID`; resuming from it sends exactly the records after the event that carried it,
on every partition, so there is neither a gap nor a repeat whatever the interleaving.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from newsmon.errors import NewsmonError

_PART = re.compile(r"p(0|[1-9][0-9]{0,5}):(0|[1-9][0-9]{0,18})")
_MAX_LENGTH = 64 * 1024  # far above any real topic's partitions; bounds the parsing work


class PositionError(NewsmonError, ValueError):
    """A position token that cannot be read; the message says what is wrong with it."""


def encode_position(offsets: Mapping[int, int]) -> str:
    """The token for `offsets` (partition -> next offset)."""
    return ".".join(f"p{partition}:{offsets[partition]}" for partition in sorted(offsets))


def decode_position(token: str) -> dict[int, int]:
    """Partition -> next offset read from `token`; raises PositionError when malformed."""
    if not token or len(token) > _MAX_LENGTH:
        raise PositionError("a position is a non-empty list like p0:12.p1:7")
    offsets: dict[int, int] = {}
    for part in token.split("."):
        match = _PART.fullmatch(part)
        if match is None:
            raise PositionError(f"{part[:40]!r} is not p<partition>:<offset>")
        partition, offset = int(match[1]), int(match[2])
        if partition in offsets:
            raise PositionError(f"partition {partition} appears twice")
        offsets[partition] = offset
    return offsets
