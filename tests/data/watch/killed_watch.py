"""Subprocess for the watch crash tests: the ``eventwire`` CLI, killed (or stopped) at a chosen point.

Usage: python killed_watch.py POINT N -- eventwire-args...

POINT is where the process dies with SIGKILL, the N-th time it gets there:
  page-fetch       when a linked page is about to be fetched (nothing of the cycle is committed)
  mid-transaction  inside the cycle's transaction, after its documents and state are written, before COMMIT
  mid-publish      after an update zip is written (the cycle is committed, its update half written)
  before-mark      when an update's files are all written, before the store records them as published
or, for a clean stop instead of a kill:
  term-at-code     the process sends itself SIGTERM when a coding batch starts
POINT "none" runs the command normally.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Any


def _at(
    count: int, original: Callable[..., Any], before: bool, sig: int = signal.SIGKILL
) -> Callable[..., Any]:
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if before and calls == count:
            os.kill(os.getpid(), sig)
        result = original(*args, **kwargs)
        if not before and calls == count:
            os.kill(os.getpid(), sig)
        return result

    return wrapper


def _install(point: str, count: int) -> None:
    if point == "page-fetch":
        from eventwire.watch._poll import Poller

        Poller._fetch_page = _at(count, Poller._fetch_page, before=True)  # type: ignore[method-assign]
    elif point == "mid-transaction":
        from eventwire.watch._state import WatchState

        WatchState.save = _at(count, WatchState.save, before=False)  # type: ignore[method-assign]
    elif point == "mid-publish":
        from eventwire.store import updates

        updates._write_zip = _at(count, updates._write_zip, before=False)
    elif point == "before-mark":
        from eventwire.watch import _cycle

        _cycle.mark_published = _at(count, _cycle.mark_published, before=True)
    elif point == "term-at-code":
        from eventwire.pipeline import Processor

        Processor.process = _at(count, Processor.process, before=True, sig=signal.SIGTERM)  # type: ignore[method-assign]
    elif point != "none":
        raise SystemExit(f"unknown kill point {point!r}")


def main() -> None:
    point, count, sep, *args = sys.argv[1:]
    assert sep == "--"
    _install(point, int(count))
    from eventwire.cli import main as cli_main

    sys.argv = ["eventwire", *args]
    cli_main()


if __name__ == "__main__":
    main()
