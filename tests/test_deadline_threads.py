"""The per-document deadline off the main thread (Dask worker threads, server threads)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from eventwire.errors import DocumentTimeout
from eventwire.pipeline._deadline import deadline


def _in_thread(work: Callable[[], object]) -> BaseException | None:
    caught: list[BaseException] = []

    def body() -> None:
        try:
            work()
        except BaseException as exc:  # the test inspects whatever escaped
            caught.append(exc)

    thread = threading.Thread(target=body)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the deadline did not stop the work"
    return caught[0] if caught else None


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_deadline_threads_stops_slow_work_on_another_thread() -> None:
    def slow() -> None:
        with deadline(0.3, "coding"):
            _spin(20)

    started = time.monotonic()
    error = _in_thread(slow)
    assert isinstance(error, DocumentTimeout)
    assert "coding took longer than document_time_limit_s (0.3 s)" in str(error)
    assert time.monotonic() - started < 10


def test_deadline_threads_finished_work_gets_no_late_exception() -> None:
    def many_fast() -> None:
        for _ in range(300):
            with deadline(0.02, "extraction"):
                _spin(0.0001)
        _spin(0.3)  # every timer has had time to fire by now

    assert _in_thread(many_fast) is None


@pytest.mark.parametrize("limit", [0, -1])
def test_deadline_threads_no_limit_means_no_timer(limit: float) -> None:
    before = threading.active_count()
    with deadline(limit, "coding"):
        assert threading.active_count() == before
