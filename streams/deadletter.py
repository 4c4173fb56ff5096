"""Dead letters: records the worker could not decode or process, kept with their coordinates.

A failure never stops the partition and never drops the record: it is wrapped in a
`DeadLetter` (reason, error kind, source topic, partition, offset, original key and bytes)
and written to `newsmon.deadletter`, keyed like the original record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsmon.contract import ContractError
from newsmon.contract.records import DeadLetter, ErrorKind

_MAX_REASON = 1000  # a reason is for a human; a huge exception text must not bloat the topic


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """Where a raw record came from and what it carried, exactly as consumed."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes


def error_kind(exc: BaseException) -> ErrorKind:
    """`decode` for bytes that are not JSON text, `contract` for JSON that is not an Article,
    `processing` for anything that failed after the Article was built."""
    if isinstance(exc, ContractError):
        cause = exc.__cause__
        if isinstance(cause, UnicodeDecodeError | ValueError) and str(exc).startswith("not JSON"):
            return "decode"
        return "contract"
    return "processing"


def describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 1] + "…"


def dead_letter(
    source: SourceRecord, exc: BaseException, now: datetime, kind: ErrorKind | None = None
) -> DeadLetter:
    """The dead letter for `source` that failed with `exc`; `kind` defaults to `error_kind(exc)`."""
    return DeadLetter(
        reason=describe(exc),
        error_kind=kind or error_kind(exc),
        topic=source.topic,
        partition=source.partition,
        offset=source.offset,
        key=source.key,
        payload=source.value,
        failed_at=now,
    )
