"""Per-host politeness: at most N requests in flight to one host, and a minimum gap
between the starts of two requests to it, whatever the number of feeds it serves."""

from __future__ import annotations

import asyncio
from types import TracebackType


class _Host:
    """One host's slots and the earliest time the next request to it may start."""

    __slots__ = ("next_start", "slots", "spacing_s")

    def __init__(self, concurrency: int, spacing_s: float) -> None:
        self.slots = asyncio.Semaphore(concurrency)
        self.spacing_s = spacing_s
        self.next_start = 0.0

    async def __aenter__(self) -> None:
        await self.slots.acquire()
        try:
            if self.spacing_s <= 0:
                return
            # Reserve the start time before sleeping (nothing awaits in between, so no lock
            # is needed): waiters queue in order and each gets its own start time.
            now = asyncio.get_running_loop().time()
            start = max(now, self.next_start)
            self.next_start = start + self.spacing_s
            if start > now:
                await asyncio.sleep(start - now)
        except BaseException:
            self.slots.release()
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.slots.release()


class HostGate:
    """`async with gate.slot(host):` waits for a free slot and for the spacing, then holds
    the slot for the whole request (headers and body)."""

    def __init__(self, concurrency: int, spacing_s: float) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self._concurrency = concurrency
        self._spacing_s = spacing_s
        self._hosts: dict[str, _Host] = {}

    def slot(self, host: str) -> _Host:
        key = host.lower()
        state = self._hosts.get(key)
        if state is None:
            state = self._hosts[key] = _Host(self._concurrency, self._spacing_s)
        return state
