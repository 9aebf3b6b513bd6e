"""A clean stop on Ctrl-C or SIGTERM: the first signal asks the watcher to stop, a second one forces it.

On the first SIGINT / SIGTERM :class:`StopOnSignals` sets its event; the watcher sees it between two
requests, between two coding batches and while it sleeps, writes what the cycle finished and returns.
A second signal raises :class:`KeyboardInterrupt` where the main thread is (an open transaction rolls
back; the store stays as after the last commit, as after ``kill -9``). The previous handlers come back
when the block ends.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopOnSignals:
    """Context manager: ``stop`` is set by the first SIGINT/SIGTERM; ``on_first`` is told which one."""

    def __init__(self, stop: threading.Event, on_first: Callable[[str], None] | None = None) -> None:
        self.stop = stop
        self.on_first = on_first
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.stop.is_set():
            raise KeyboardInterrupt
        self.stop.set()
        if self.on_first is not None:
            self.on_first(signal.Signals(signum).name)

    def __enter__(self) -> StopOnSignals:
        if threading.current_thread() is threading.main_thread():
            for sig in _SIGNALS:
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()
