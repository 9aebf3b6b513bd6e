"""A wall-clock deadline for one piece of work (``settings.document_time_limit_s``).

``deadline(seconds, what)`` arms a one-shot ``SIGALRM`` timer; when it fires, the running Python code
gets a :class:`~eventwire.errors.DocumentTimeout` at its next bytecode boundary. Signals can only be
handled on the main thread of a process, so elsewhere (a Dask worker thread, a server thread) and on
platforms without ``SIGALRM`` the deadline is not enforced and the work simply runs to its end.

Long stretches inside C code (one lxml parse, one regular expression) are interrupted only when they
return to Python; the size limits (``max_document_bytes``, ``max_text_chars``) bound those.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from eventwire.errors import DocumentTimeout


def enforceable() -> bool:
    """True when a deadline can be enforced here (main thread of a process, SIGALRM available)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` inside the block once ``seconds`` of wall-clock time have passed.

    A limit of 0 or less, or a place where signals cannot be used, means no limit. An enclosing
    deadline is suspended for the block and re-armed with its remaining time afterwards.
    """
    if seconds <= 0 or not enforceable():
        yield
        return

    def expired(_signum: int, _frame: FrameType | None) -> None:
        raise DocumentTimeout(f"{what} took longer than document_time_limit_s ({seconds:g} s)")

    previous = signal.signal(signal.SIGALRM, expired)
    outer_left, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left > 0:
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - started), 0.001))
