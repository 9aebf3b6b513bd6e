"""The event store: one DuckDB file with the ledger, articles, mentions, events and actors.

Concurrency (DuckDB allows one read-write process OR many read-only ones per file): a :class:`Store`
holds the file lock only while it works. Every call opens a connection, does its work in one
transaction and closes it, so a running ``eventwire run`` (writer) and ``eventwire serve`` (readers,
``read_only=True``) take turns between batches; whoever finds the file locked retries until
``lock_timeout_s`` runs out and then raises :class:`~eventwire.errors.StoreError`. While a writable
store waits for the lock it keeps touching ``<db>.write-wanted`` (:func:`write_wanted_path`), so a
reader that holds its connection open (``eventwire serve``) knows to let go. ``":memory:"`` keeps one
connection for the store's lifetime. See docs/store.md.

A long-running writer (``eventwire run``: ``hold_s`` > 0) keeps its connection between batches instead
(:class:`~eventwire.store._hold.ConnectionHolder`) and lets go within 50 ms when a reader waits: a
read-only store touches ``<db>.read-wanted`` (:func:`read_wanted_path`) while it retries.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import duckdb
import pyarrow as pa

from eventwire.errors import StoreError
from eventwire.records import DocumentResult, DocumentStatus
from eventwire.store import _rows
from eventwire.store._hold import ConnectionHolder
from eventwire.store.dedup import STORY_WINDOW, StoryIndex
from eventwire.store.parts import BatchRows, RowSchemas, read_part, remove_part
from eventwire.store.query import EventQuery
from eventwire.store.schema import SCHEMA_VERSION, current_version, migrate
from eventwire.store.writer import AlsoWrite, BatchWriter, load_index

__all__ = ["SCHEMA_VERSION", "EventQuery", "Store", "read_wanted_path", "write_wanted_path"]

_FINAL = ("ok", "skipped", "failed")


def write_wanted_path(db: str | Path) -> Path:
    """The file a writer touches while it waits for the database's lock (readers holding it let go)."""
    return Path(f"{db}.write-wanted")


def read_wanted_path(db: str | Path) -> Path:
    """The file a reader touches while it waits for the database's lock (a holding writer lets go)."""
    return Path(f"{db}.read-wanted")


def _touch(path: Path) -> bool:
    try:
        path.touch()
    except OSError:
        return False
    return True


class Store:
    """The DuckDB event store. Use :meth:`open`; a context manager."""

    def __init__(
        self,
        path: str,
        read_only: bool,
        lock_timeout_s: float = 30.0,
        hold_s: float = 0.0,
        story_window: int = STORY_WINDOW,
        memory_limit: str = "",
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.lock_timeout_s = lock_timeout_s
        self.story_window = story_window
        self.config: dict[str, str | bool | int | float | list[str]] = (
            {"memory_limit": memory_limit} if memory_limit else {}
        )
        self._held: duckdb.DuckDBPyConnection | None = None
        self._holder: ConnectionHolder | None = None
        if hold_s > 0 and not read_only and path != ":memory:":
            signals = (read_wanted_path(path), write_wanted_path(path))
            self._holder = ConnectionHolder(self._connect, signals, idle_s=hold_s)
        self._writer: BatchWriter | None = None
        self._schemas: RowSchemas | None = None
        self._closed = False

    @classmethod
    def open(
        cls,
        path: str | Path,
        read_only: bool = False,
        lock_timeout_s: float = 30.0,
        hold_s: float = 0.0,
        story_window: int = STORY_WINDOW,
        memory_limit: str = "",
    ) -> Store:
        """Open (and when writable, create or migrate) the store at ``path``.

        ``hold_s`` > 0 (a writable file): keep the connection, and the file lock, between units of
        work while nobody waits for the file, for at most ``hold_s`` seconds of idleness.
        ``story_window``: how many of the most recently stored articles a new one is compared with
        for near-duplicates (:mod:`eventwire.store.dedup`). ``memory_limit``: DuckDB's ``memory_limit`` for
        this store's connections ("1GB"; empty: DuckDB's default, 80 % of RAM).
        """
        name = str(path)
        if read_only and name != ":memory:" and not Path(name).is_file():
            raise StoreError(f"{name}: no such event store")
        store = cls(name, read_only, lock_timeout_s, hold_s, story_window, memory_limit)
        if name == ":memory:":
            store._held = store._connect_once()
        with store.connection() as con:
            if read_only:
                found = current_version(con)
                if found != SCHEMA_VERSION:
                    upgrade = (
                        " (an eventwire command that writes to it, e.g. run or import-gdelt, upgrades it)"
                        if found < SCHEMA_VERSION
                        else ""
                    )
                    raise StoreError(f"{name}: schema version {found}, expected {SCHEMA_VERSION}{upgrade}")
            else:
                migrate(con)
        return store

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one unit of work; the file lock is released when it closes."""
        if self._closed:
            raise StoreError(f"{self.path}: store is closed")
        if self._held is not None:
            yield self._held
            return
        if self._holder is not None:
            with self._holder.use() as held:
                yield held
            return
        con = self._connect()
        try:
            yield con
        finally:
            con.close()

    def open_connection(self) -> duckdb.DuckDBPyConnection:
        """A new connection that the caller closes (a long-lived reader: it blocks writers meanwhile)."""
        if self._closed or self._held is not None:
            raise StoreError(f"{self.path}: store is closed or in memory")
        return self._connect()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.lock_timeout_s
        delay = 0.05
        wanted = read_wanted_path(self.path) if self.read_only else write_wanted_path(self.path)
        announced = False
        try:
            while True:
                try:
                    return self._connect_once()
                except duckdb.IOException as exc:
                    if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                        raise StoreError(f"{self.path}: cannot open the event store: {exc}") from exc
                announced = _touch(wanted) or announced
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
        finally:
            if announced:
                wanted.unlink(missing_ok=True)

    def _connect_once(self) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(self.path, read_only=self.read_only, config=self.config)
        except (duckdb.ParserException, duckdb.InvalidInputException) as exc:  # a bad memory_limit
            raise StoreError(f"{self.path}: store settings {self.config}: {exc}") from exc

    def known_documents(self, ids: Iterable[str]) -> set[str]:
        """The ids among ``ids`` whose ledger row is final (ok / skipped / failed)."""
        wanted = sorted(set(ids))
        if not wanted:
            return set()
        with self.connection() as con:
            rows = _rows.for_keys(con, "SELECT doc_id, status FROM documents WHERE doc_id IN ({})", wanted)
        return {doc_id for doc_id, status in rows if status in _FINAL}

    def write_batch(self, results: Sequence[DocumentResult], also: AlsoWrite | None = None) -> None:
        """Write one batch in ONE transaction; documents already in the ledger are left alone.

        ``also(con)`` runs inside that transaction after the batch's rows, so the caller's own rows
        (``eventwire watch``'s state) commit or roll back with the batch.
        """
        if not results:
            return
        self._write(lambda writer, con: writer.write(con, results, also))

    def load_part(self, path: str | Path) -> list[DocumentStatus]:
        """Write a Parquet part (:mod:`eventwire.store.parts`) in ONE transaction, then delete it.

        Returns its ledger rows. Loading a part twice adds nothing (its documents are in the ledger).
        """
        return self.load_parts([path])

    def load_parts(self, paths: Sequence[str | Path]) -> list[DocumentStatus]:
        """Write consecutive parts in ONE transaction, as one batch, in order; then delete them.

        One transaction for several parts saves a connection, a checkpoint and the per-statement
        costs per part when a cluster delivers parts faster than one at a time.
        """
        parts = [Path(path) for path in paths]
        batches = []
        for part in parts:
            if not part.is_dir():
                raise StoreError(f"{part}: no such part")
            try:
                batches.append(read_part(part, self._row_schemas()))
            except (OSError, pa.ArrowException) as exc:
                raise StoreError(f"{part}: cannot read the part: {exc}") from exc
        if not batches:
            return []
        rows = BatchRows.concat(batches)
        self._write(lambda writer, con: writer.write_rows(con, rows))
        for part in parts:
            remove_part(part)
        return rows.statuses()

    def _row_schemas(self) -> RowSchemas:
        if self._schemas is None:
            self._schemas = RowSchemas.current()
        return self._schemas

    def _write(self, write: Callable[[BatchWriter, duckdb.DuckDBPyConnection], None]) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: store opened read-only")
        with self.connection() as con:
            writer = self._writer
            if writer is None:
                writer = BatchWriter(
                    load_index(con, StoryIndex(window=self.story_window)), self._row_schemas()
                )
            else:
                load_index(con, writer.index)  # pick up signatures written by other processes
            try:
                write(writer, con)
            except duckdb.Error as exc:
                self._writer = None  # the index may hold uncommitted stories: rebuild it next time
                raise StoreError(f"{self.path}: cannot write a batch to the event store: {exc}") from exc
            except BaseException:
                self._writer = None
                raise
            self._writer = writer

    def query(self) -> EventQuery:
        """The read API over this store (each call opens its own short-lived connection)."""
        return EventQuery(self.connection)

    def close(self) -> None:
        if self._holder is not None:
            self._holder.close()
        if self._held is not None:
            self._held.close()
            self._held = None
        self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
