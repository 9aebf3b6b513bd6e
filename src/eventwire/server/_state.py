"""What one server process holds: settings, the store (read-only for reads), the code table, and the
event coder / document processor, each loaded once, lazily, on first use.

DuckDB lets a process open a file read-only or read-write, not both at once. Reads go through one
held read-only connection (:class:`~eventwire.server._reader.SharedReader`, a cursor per request) and
share a :class:`_ReadWriteLock`; the rare ``POST /documents`` write takes it exclusively, closes the
held connection and opens the file read-write.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from eventwire.errors import StoreError
from eventwire.events.codes import CodeTable, cameo_table
from eventwire.records import DocumentResult, Event, RawDocument
from eventwire.server._countries import CountryNames, load_country_names
from eventwire.server._errors import ApiError
from eventwire.server._limits import time_limit
from eventwire.server._reader import SharedReader
from eventwire.settings import Settings
from eventwire.store import EventQuery, Store


class _ReadWriteLock:
    """Many readers or one writer."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writing:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._readers:
                self._cond.wait()
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class ServerState:
    """Everything the routes need; created once by :func:`eventwire.server.create_app`."""

    def __init__(self, db: Path, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.codes: CodeTable = cameo_table()
        self.countries: CountryNames = load_country_names()
        self._lock = _ReadWriteLock()
        self._store = Store.open(
            db,
            read_only=True,
            lock_timeout_s=settings.store_lock_timeout_s,
            memory_limit=settings.store_memory_limit,
        )
        self._reader = SharedReader(self._store, max_queries=settings.api_max_queries)
        self._load_lock = threading.Lock()
        self._code_lock = threading.Lock()
        self._coder: Any = None
        self._processor: Any = None
        # Opened at the first ingest and kept: it holds no connection between writes, but its story
        # index, which a fresh Store would rebuild from the last ``story_window`` signatures (seconds on
        # a large store), survives from one request to the next.
        self._writer: Store | None = None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection with the query time limit armed (the ``Connect`` of the read API)."""
        with (
            self._lock.read(),
            self._reader.cursor() as con,
            time_limit(con, self.settings.sql_time_limit_ms),
        ):
            yield con

    def query(self) -> EventQuery:
        return EventQuery(self.connect)

    def version(self) -> int:
        """Changes whenever the served data may have changed (keys the response cache)."""
        return self._reader.version()

    def close(self) -> None:
        self._reader.close()
        self._store.close()
        if self._writer is not None:
            self._writer.close()

    # -- coding --------------------------------------------------------------------------------------

    def _get_coder(self) -> Any:
        with self._load_lock:
            if self._coder is None:
                from eventwire.events import EventCoder

                self._coder = EventCoder(self.settings)
            return self._coder

    def code_text(self, text: str, when: date | None) -> list[Event]:
        """Events in a pasted text; nothing is stored. The coder is loaded on the first call."""
        coder = self._get_coder()
        with self._code_lock:
            return list(coder.code_text(text, when))

    def ingest(self, doc: RawDocument) -> DocumentResult:
        """Process one document and write it to the store (``POST /documents``)."""
        with self._load_lock:
            if self._processor is None:
                from eventwire.pipeline import Processor

                self._processor = Processor(self.settings)
            processor = self._processor
        with self._code_lock:
            results = processor.process([doc])
        result: DocumentResult = results[0]
        with self._lock.write():
            self._reader.invalidate()  # no request uses it now: the file is closed before we write
            try:
                if self._writer is None:
                    self._writer = Store.open(
                        self.db,
                        lock_timeout_s=self.settings.store_lock_timeout_s,
                        story_window=self.settings.story_window,
                        memory_limit=self.settings.store_memory_limit,
                    )
                self._writer.write_batch(results)
            except StoreError as exc:
                raise ApiError(503, f"the event store cannot be written now: {exc}", "store_busy") from exc
            finally:
                self._reader.invalidate()
        return result
