"""`streams.diagnostics`: where suspended async generators wait."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from streams.diagnostics import waiting_points


async def _wait_for(event: asyncio.Event) -> None:
    await event.wait()


async def _numbers(event: asyncio.Event) -> AsyncIterator[int]:
    yield 1
    await _wait_for(event)
    yield 2


async def test_a_suspended_generator_is_shown_down_to_what_it_awaits() -> None:
    event = asyncio.Event()
    numbers = _numbers(event)
    assert await numbers.__anext__() == 1
    pending = asyncio.ensure_future(numbers.__anext__())
    await asyncio.sleep(0)
    [point] = [p for p in waiting_points() if "_numbers" in p]
    assert "test_diagnostics.py" in point
    assert "awaits _wait_for" in point  # the coroutine it awaits, by name
    assert "Event.wait" in point  # and what that one awaits
    event.set()
    assert await pending == 2
    await numbers.aclose()
    assert not [p for p in waiting_points() if "_numbers" in p]
