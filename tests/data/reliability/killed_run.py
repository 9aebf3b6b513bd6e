"""Subprocess for the crash tests: ``eventwire`` CLI that SIGKILLs itself at a chosen point.

Usage: python killed_run.py POINT N -- eventwire-args...

POINT is where the process dies, on the N-th time it gets there:
  batch-start     when a batch is handed to the processor (earlier batches are committed)
  mid-transaction inside a store transaction, after the batch's rows are inserted, before COMMIT
  after-commit    right after a batch's transaction has committed
  parquet-write   inside the Parquet writer of `eventwire export --format parquet`
POINT "none" runs the command normally.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Any


def _die_on(count: int, original: Callable[..., Any], before: bool) -> Callable[..., Any]:
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if before and calls == count:
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        if not before and calls == count:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    return wrapper


def _install(point: str, count: int) -> None:
    if point == "batch-start":
        from eventwire.pipeline import Processor

        Processor.process = _die_on(count, Processor.process, before=True)  # type: ignore[method-assign]
    elif point == "mid-transaction":
        from eventwire.store import _aggregate

        _aggregate.refresh_events = _die_on(count, _aggregate.refresh_events, before=False)
    elif point == "after-commit":
        from eventwire.store import Store

        Store.write_batch = _die_on(count, Store.write_batch, before=False)  # type: ignore[method-assign]
    elif point == "parquet-write":
        import pyarrow.dataset as pads  # the module eventwire.store.export writes Parquet through

        real = pads.write_dataset
        visit = _die_on(count, lambda _written: None, before=False)

        def write_dataset(*args: Any, **kwargs: Any) -> Any:
            return real(*args, **kwargs, file_visitor=visit)  # dies after the N-th Parquet file is written

        pads.write_dataset = write_dataset
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
