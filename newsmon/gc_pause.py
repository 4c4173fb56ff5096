"""Pausing the cyclic garbage collector while a process builds what it keeps for life."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after it.

    For building the objects a process keeps until it ends: the imported modules, the compiled
    topics and the lemma tables, hundreds of thousands of objects and next to no garbage. Each
    full collection while they are made walks every object made so far, which took a quarter
    to a half of `newsmon classify`'s start-up (bench/bench_startup.py)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
