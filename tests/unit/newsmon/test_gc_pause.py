"""The collector pause used while a process builds its lasting tables."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from newsmon.gc_pause import collector_paused


@pytest.fixture
def collector_on() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.enable()
    yield
    if not enabled:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after(collector_on: None) -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_turns_it_on_again(collector_on: None) -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("building failed")
    assert gc.isenabled()


def test_a_pause_inside_a_pause_leaves_the_outer_one_paused(collector_on: None) -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    enabled = gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        if enabled:
            gc.enable()


def test_overlapping_pauses_in_two_threads_turn_it_on_again_once_both_end(
    collector_on: None,
) -> None:
    inside, release = threading.Event(), threading.Event()

    def pause_in_another_thread() -> None:
        with collector_paused():
            inside.set()
            release.wait(5)

    other = threading.Thread(target=pause_in_another_thread)
    with collector_paused():
        other.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the other thread's pause still runs
    release.set()
    other.join(5)
    assert gc.isenabled()
