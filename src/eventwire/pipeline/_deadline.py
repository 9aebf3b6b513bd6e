"""A wall-clock deadline for one piece of work (``settings.document_time_limit_s``).

``deadline(seconds, what)`` arms a one-shot ``SIGALRM`` timer; when it fires, the running Python code
gets a :class:`~eventwire.errors.DocumentTimeout` at its next bytecode boundary. Signals can only be
handled on the main thread of a process, so on any other thread (a Dask worker runs tasks on one, the
HTTP server runs requests on one) a timer thread raises the same exception in the working thread with
CPython's ``PyThreadState_SetAsyncExc``, also delivered at the next bytecode boundary.

Long stretches inside C code (one lxml parse, one regular expression) are interrupted only when they
return to Python; the size limits (``max_document_bytes``, ``max_text_chars``) bound those.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from eventwire.errors import DocumentTimeout


def enforceable() -> bool:
    """True when a deadline can use SIGALRM here (main thread of a process, SIGALRM available)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` inside the block once ``seconds`` of wall-clock time have passed.

    A limit of 0 or less, or a place where signals cannot be used, means no limit. An enclosing
    deadline is suspended for the block and re-armed with its remaining time afterwards.
    """
    if seconds <= 0:
        yield
        return
    if not enforceable():
        with _thread_deadline(seconds, what):
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


@contextmanager
def _thread_deadline(seconds: float, what: str) -> Iterator[None]:
    """:func:`deadline` for a thread other than the main one: a timer thread raises the timeout in it."""
    message = f"{what} took longer than document_time_limit_s ({seconds:g} s)"

    class Expired(DocumentTimeout):  # an async exception is raised from its class, without arguments
        def __init__(self) -> None:
            super().__init__(message)

    target = ctypes.c_ulong(threading.get_ident())
    guard = threading.Lock()
    state = {"open": True, "fired": False}

    def expire() -> None:
        with guard:
            if state["open"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(Expired))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with guard:
            state["open"] = False
        timer.cancel()
        if state["fired"]:  # fired as the block ended: withdraw an exception not delivered yet
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
