"""One read-only DuckDB connection per server process, shared by every request through cursors.

Opening a DuckDB file costs 10-30 ms; a cursor (a duplicate of the connection, safe to use from its own
thread and interruptible on its own) costs microseconds. :class:`SharedReader` keeps the connection
open and hands each request a cursor.

Writers still get their turn. DuckDB lets one process write a file OR several read it; while the
server holds its read-only connection nobody can write, so the data it sees cannot change under it. A
writer that finds the file locked (``Store`` in another process: ``eventwire run``, ``import-gdelt``)
touches ``<db>.write-wanted`` while it retries (see :func:`eventwire.store.write_wanted_path`). A
watcher thread sees that file within ``poll_s``, stops handing out the shared connection and closes it
as soon as the requests using it finish; until the file is gone (or goes stale after
``_STALE_S``), requests open their own short-lived connection, taking turns with the writer between
its batches as before. Each (re)open whose file differs from the last one (size or mtime of the
database and its WAL) bumps :meth:`SharedReader.version`, which keys the response cache.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from eventwire.store import Store, write_wanted_path

_STALE_S = 10.0  # a write-wanted file older than this was left by a writer that died


@dataclass(slots=True)
class _Lease:
    con: duckdb.DuckDBPyConnection
    users: int = 0
    retired: bool = False


def _file_signature(db: Path) -> tuple[int, ...]:
    out: list[int] = []
    for path in (db, Path(f"{db}.wal")):
        try:
            info = path.stat()
        except OSError:
            out += [-1, -1]
            continue
        out += [info.st_size, info.st_mtime_ns]
    return tuple(out)


class SharedReader:
    """Cursors over one held read-only connection; per-request connections while a writer waits."""

    def __init__(self, store: Store, poll_s: float = 0.05, max_queries: int = 4) -> None:
        self._store = store
        # A burst of distinct queries is served faster a few at a time than all at once: they share
        # two cores, and the response cache fills sooner when each one finishes quickly.
        self._slots = threading.BoundedSemaphore(max(1, max_queries))
        self._db = Path(store.path)
        self._wanted = write_wanted_path(store.path)
        self._mutex = threading.Lock()
        self._lease: _Lease | None = None
        self._signature: tuple[int, ...] | None = None
        self._version = 0
        self._paused = False
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, args=(poll_s,), daemon=True)
        self._watcher.start()

    def version(self) -> int:
        """Changes whenever the data this reader serves may have changed.

        While the connection is held nobody can write, so the number stands; otherwise the file is
        looked at (two ``stat`` calls) in case another process wrote since the last open.
        """
        with self._mutex:
            if self._lease is None:
                self._bump_if_changed()
            return self._version

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request (or a fresh connection while a writer waits for the file)."""
        with self._slots, self._cursor() as cur:
            yield cur

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        lease = self._take()
        if lease is None:
            with self._store.connection() as con:
                self._note_signature()
                yield con
            return
        cur = lease.con.cursor()
        try:
            yield cur
        finally:
            cur.close()
            self._give_back(lease)

    def invalidate(self) -> None:
        """Close the held connection (when its users are done) and bump the version: this process wrote."""
        with self._mutex:
            self._retire()
            self._version += 1
            self._signature = None

    def pause(self) -> None:
        """Stop sharing; close the held connection as soon as no request uses it."""
        with self._mutex:
            self._paused = True
            self._retire()

    def resume(self) -> None:
        with self._mutex:
            self._paused = False

    def wait_idle(self, timeout_s: float) -> bool:
        """Wait until the held connection (if any) is closed; False when ``timeout_s`` ran out."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._mutex:
                if self._lease is None:
                    return True
            time.sleep(0.005)
        return False

    def close(self) -> None:
        self._stop.set()
        self._watcher.join(timeout=1.0)
        with self._mutex:
            self._retire()

    def _take(self) -> _Lease | None:
        with self._mutex:
            if self._paused or self._stop.is_set():
                return None
            if self._lease is None:
                self._lease = _Lease(self._open())
            self._lease.users += 1
            return self._lease

    def _open(self) -> duckdb.DuckDBPyConnection:
        con = self._store.open_connection()
        self._bump_if_changed()
        return con

    def _note_signature(self) -> None:
        with self._mutex:
            self._bump_if_changed()

    def _bump_if_changed(self) -> None:
        signature = _file_signature(self._db)
        if signature != self._signature:
            if self._signature is not None:
                self._version += 1
            self._signature = signature

    def _give_back(self, lease: _Lease) -> None:
        with self._mutex:
            lease.users -= 1
            if lease.retired and lease.users == 0:
                lease.con.close()

    def _retire(self) -> None:
        lease, self._lease = self._lease, None
        if lease is None:
            return
        lease.retired = True
        if lease.users == 0:
            lease.con.close()

    def _writer_waits(self) -> bool:
        try:
            age = time.time() - os.stat(self._wanted).st_mtime
        except OSError:
            return False
        return age < _STALE_S

    def _watch(self, poll_s: float) -> None:
        while not self._stop.wait(poll_s):
            waits = self._writer_waits()
            if waits != self._paused:
                if waits:
                    self.pause()
                else:
                    self.resume()
