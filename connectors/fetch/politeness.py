"""Per-host politeness: at most N requests in flight to one host, and a minimum gap
between the starts of two requests to it, whatever the number of feeds it serves."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class _HostState:
    slots: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0


class HostGate:
    """`async with gate.slot(host):` waits for a free slot and for the spacing, then holds
    the slot for the whole request (headers and body)."""

    def __init__(self, concurrency: int, spacing_s: float) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self._concurrency = concurrency
        self._spacing_s = spacing_s
        self._hosts: dict[str, _HostState] = {}

    def _state(self, host: str) -> _HostState:
        state = self._hosts.get(host)
        if state is None:
            state = _HostState(asyncio.Semaphore(self._concurrency))
            self._hosts[host] = state
        return state

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        state = self._state(host.lower())
        async with state.slots:
            loop = asyncio.get_running_loop()
            async with state.lock:
                # Reserve the next start time under the lock, then sleep outside the
                # bookkeeping: waiters queue in order and each gets its own start time.
                now = loop.time()
                start = max(now, state.next_start)
                state.next_start = start + self._spacing_s
            if start > now:
                await asyncio.sleep(start - now)
            yield
