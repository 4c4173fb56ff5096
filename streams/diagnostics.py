"""Where a running worker waits: every live async generator, down the chain of what it awaits.

mode's SIGUSR1 dump lists the asyncio tasks, but stops at "async_generator_asend" inside
faust's agents and fetcher, which are async generators: exactly where a stalled stream waits.
`waiting_points()` finds the generators themselves (through the garbage collector) and follows
what each awaits, coroutine by coroutine. The worker writes it to its log on SIGUSR2 (mode's
own SIGUSR2 would stop the service in a debugger).
"""

from __future__ import annotations

import gc
import inspect
import logging
from types import FrameType
from typing import Any

log = logging.getLogger(__name__)

MAX_DEPTH = 30  # links followed from one generator (a cycle or a deep chain stops there)


def _where(frame: FrameType | None) -> str:
    if frame is None:
        return "(finished)"
    code = frame.f_code
    return f"{code.co_qualname} ({code.co_filename}:{frame.f_lineno})"


def _chain(awaited: Any) -> list[str]:
    """What `awaited` waits on, outermost first: coroutines and generators by frame, anything
    else (a future, an asend wrapper) by its repr."""
    links: list[str] = []
    while awaited is not None and len(links) < MAX_DEPTH:
        if inspect.iscoroutine(awaited):
            links.append(_where(awaited.cr_frame))
            awaited = awaited.cr_await
        elif inspect.isgenerator(awaited):
            links.append(_where(awaited.gi_frame))
            awaited = awaited.gi_yieldfrom
        else:
            links.append(repr(awaited)[:200])
            break
    return links


def waiting_points() -> list[str]:
    """One paragraph per suspended async generator: where it is, then what it awaits."""
    found: list[str] = []
    for candidate in gc.get_objects():
        if inspect.isasyncgen(candidate) and candidate.ag_frame is not None:
            lines = [_where(candidate.ag_frame), *_chain(candidate.ag_await)]
            found.append("\n    awaits ".join(lines))
    return sorted(found)


def log_waiting_points() -> None:
    points = waiting_points()
    log.warning("%d async generators suspended:\n%s", len(points),
                "\n".join(f"  {point}" for point in points))  # fmt: skip
