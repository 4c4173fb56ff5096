"""Pausing the cyclic garbage collector while a process builds what it keeps for life."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Pauses may overlap (nested, or in two threads): the first to begin records whether the
# collector was on, and the last to end restores that.
_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after it.

    For building the objects a process keeps until it ends: the imported modules, the compiled
    topics and the lemma tables, hundreds of thousands of objects and next to no garbage. Each
    full collection while they are made walks every object made so far, which took a quarter
    to a half of `newsmon classify`'s start-up (bench/bench_startup.py)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
