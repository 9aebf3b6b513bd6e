"""A writer's connection kept open between units of work, given up as soon as someone else waits.

Opening a DuckDB file and closing it (which checkpoints) cost ~30 ms each; a run that writes a batch
every second or two spent ~4 % of its time on them. :class:`ConnectionHolder` keeps the connection
after a unit of work instead, and closes it when

- another process waits for the file: a reader (read-only :class:`~eventwire.store.Store`,
  ``eventwire serve``, ``eventwire events``) touches ``<db>.read-wanted`` while it retries, a writer
  ``<db>.write-wanted``; a watcher thread looks every ``poll_s`` and a unit of work looks before it
  starts and after it ends. Files older than :data:`STALE_S` were left by a process that died;
- the writer has been idle for ``idle_s`` (slow input, a cluster that has not delivered yet), so
  tools that do not announce themselves (the ``duckdb`` shell) get the file in a pause;
- a unit of work fails, or the store closes.

While a unit of work runs the connection belongs to it alone (the holder keeps nothing), so the
watcher never closes a connection in use.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb

STALE_S = 10.0  # a wanted-file older than this was left by a process that died


def fresh_signal(path: Path, stale_s: float = STALE_S) -> bool:
    """Whether ``path`` exists and was touched less than ``stale_s`` ago."""
    try:
        age = time.time() - os.stat(path).st_mtime
    except OSError:
        return False
    return age < stale_s


class ConnectionHolder:
    """One read-write connection, kept between units of work while nobody else wants the file."""

    def __init__(
        self,
        connect: Callable[[], duckdb.DuckDBPyConnection],
        signals: Sequence[Path],
        idle_s: float,
        poll_s: float = 0.05,
    ) -> None:
        self._connect = connect
        self._signals = tuple(signals)
        self._idle_s = idle_s
        self._poll_s = poll_s
        self._mutex = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._idle_since = 0.0
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    @property
    def holding(self) -> bool:
        """Whether a connection is kept open (the file is locked) between units of work now."""
        with self._mutex:
            return self._con is not None

    @contextmanager
    def use(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The held connection, or a new one; kept afterwards unless someone waits or the work failed."""
        with self._mutex:
            con, self._con = self._con, None
        if con is not None and self._wanted():
            con.close()
            con = None
        if con is None:
            con = self._connect()
        try:
            yield con
        except BaseException:
            con.close()
            raise
        if self._stop.is_set() or self._wanted():
            con.close()
            return
        with self._mutex:
            if self._con is None:
                self._con, con = con, None
                self._idle_since = time.monotonic()
        if con is not None:  # another unit of work (nested or on another thread) kept its own
            con.close()
        self._start_watcher()

    def close(self) -> None:
        """Stop the watcher and close the held connection."""
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=1.0)
        self._release()

    def _wanted(self) -> bool:
        return any(fresh_signal(path) for path in self._signals)

    def _release(self) -> None:
        with self._mutex:
            con, self._con = self._con, None
            if con is not None:
                con.close()

    def _start_watcher(self) -> None:
        if self._watcher is None and not self._stop.is_set():
            self._watcher = threading.Thread(target=self._watch, name="eventwire-store-hold", daemon=True)
            self._watcher.start()

    def _watch(self) -> None:
        while not self._stop.wait(self._poll_s):
            with self._mutex:
                if self._con is None:
                    continue
                idle = time.monotonic() - self._idle_since >= self._idle_s
            if idle or self._wanted():
                self._release()
