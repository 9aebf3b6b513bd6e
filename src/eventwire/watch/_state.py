"""What ``eventwire watch`` remembers between cycles, kept in the store itself.

Tables (part of the store's schema, version 5: :mod:`eventwire.store.schema`; only ``watch`` writes them)::

    watch_sources          one row per source: its kind, the validators of its last complete answer
                           (ETag, Last-Modified), the content id of a page, consecutive failures, the last
                           error and when it may be asked again (back-off)
    watch_items            one row per feed item (or file of a folder) taken on: its digest (changes when
                           the item is edited), whether it is done or waits for another try, the linked
                           page's validators
    watch_cycles           one row per cycle that changed something: its update stamp (YYYYMMDDHHMMSS
                           UTC), counts, the per-source failures (JSON), whether it is to be published
                           and when it was
    watch_cycle_documents  the documents each cycle wrote (what its update files are made of)
    watch_published        each published file: name, size, MD5
    watch_robots           each host's robots.txt answer and when it was read (kept up to 24 hours, so a
                           watcher started by cron does not ask for it on every run)

A cycle's state changes are written by :meth:`WatchState.save` inside the transaction that writes its
documents (``Store.write_batch(..., also=...)``), so after a ``kill -9`` the store holds either the
cycle's documents *and* the state that says they are done, or neither; the memory copy is only
changed once that commit returned.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Final

import duckdb
import pyarrow as pa

from eventwire.fetch import RobotsAnswer
from eventwire.store.updates import UpdateFile

_SOURCE_COLUMNS: Final = (
    "source, kind, etag, last_modified, digest, failures, last_error, next_attempt, last_ok, last_attempt"
)
_ITEM_COLUMNS: Final = "source, item, digest, url, done, attempts, etag, last_modified, first_seen"


@dataclass(frozen=True, slots=True)
class SourceState:
    """One source between cycles."""

    source: str
    kind: str = ""  # feed / page / folder / file; "" while a --urls line has never answered well
    etag: str | None = None
    last_modified: str | None = None
    digest: str | None = None  # a page's content id at its last complete answer
    failures: int = 0  # in a row
    last_error: str | None = None
    next_attempt: datetime | None = None
    last_ok: datetime | None = None
    last_attempt: datetime | None = None

    def row(self) -> tuple[Any, ...]:
        return (
            self.source, self.kind, self.etag, self.last_modified, self.digest, self.failures,
            self.last_error, self.next_attempt, self.last_ok, self.last_attempt,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ItemState:
    """One feed item (or a folder's file) taken on: done, or waiting for another try."""

    source: str
    item: str
    digest: str
    url: str | None
    done: bool
    attempts: int
    etag: str | None
    last_modified: str | None
    first_seen: datetime

    def row(self) -> tuple[Any, ...]:
        return (
            self.source, self.item, self.digest, self.url, self.done, self.attempts, self.etag,
            self.last_modified, self.first_seen,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class CycleRecord:
    """What one cycle did, as kept in ``watch_cycles``."""

    stamp: int
    started_at: datetime
    documents: int
    ok: int
    skipped: int
    failed: int
    sources_checked: int
    failures: tuple[tuple[str, str], ...]  # (source, reason) of the sources that failed
    publish: bool
    doc_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EventCounts:
    new: int = 0
    updated: int = 0


@dataclass
class Changes:
    """The state one cycle changes, written in its transaction."""

    sources: dict[str, SourceState] = field(default_factory=dict)
    items: dict[tuple[str, str], ItemState] = field(default_factory=dict)
    forgotten: set[tuple[str, str]] = field(default_factory=set)
    robots: dict[str, RobotsAnswer] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.sources or self.items or self.forgotten or self.robots)


class WatchState:
    """The sources' and items' state in memory, loaded once; changed only after a commit."""

    def __init__(
        self,
        sources: dict[str, SourceState],
        items: dict[str, dict[str, ItemState]],
        last_stamp: int,
        robots: dict[str, RobotsAnswer] | None = None,
    ) -> None:
        self.sources = sources
        self.items = items
        self.last_stamp = last_stamp
        self.robots = robots or {}

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> WatchState:
        sources = {
            row[0]: SourceState(*row)
            for row in con.execute(f"SELECT {_SOURCE_COLUMNS} FROM watch_sources").fetchall()
        }
        items: dict[str, dict[str, ItemState]] = {}
        for row in con.execute(f"SELECT {_ITEM_COLUMNS} FROM watch_items").fetchall():
            item = ItemState(*row)
            items.setdefault(item.source, {})[item.item] = item
        found = con.execute("SELECT coalesce(max(stamp), 0) FROM watch_cycles").fetchone()
        robots = {
            row[0]: RobotsAnswer(row[0], int(row[1]), row[2], float(row[3]))
            for row in con.execute("SELECT host, status, body, fetched_at FROM watch_robots").fetchall()
        }
        return cls(sources, items, int(found[0]) if found else 0, robots)

    def source(self, key: str) -> SourceState:
        return self.sources.get(key) or SourceState(key)

    def items_of(self, key: str) -> dict[str, ItemState]:
        return self.items.get(key, {})

    def save(
        self, con: duckdb.DuckDBPyConnection, changes: Changes, cycle: CycleRecord | None
    ) -> EventCounts:
        """Write ``changes`` and the cycle's row (inside the caller's transaction); returns the cycle's
        event counts (events first seen in its documents, and older events they mention again)."""
        _upsert(con, "watch_sources", _SOURCE_COLUMNS, [s.row() for s in changes.sources.values()])
        _upsert(con, "watch_items", _ITEM_COLUMNS, [i.row() for i in changes.items.values()])
        _upsert(
            con,
            "watch_robots",
            "host, status, body, fetched_at",
            [(a.host, a.status, a.body, a.fetched_at) for a in changes.robots.values()],
        )
        forgotten = sorted(changes.forgotten - set(changes.items))
        for start in range(0, len(forgotten), 256):
            chunk = forgotten[start : start + 256]
            con.execute(
                "DELETE FROM watch_items WHERE (source, item) IN ("
                + ", ".join("(?, ?)" for _ in chunk)
                + ")",
                [value for pair in chunk for value in pair],
            )
        if cycle is None:
            return EventCounts()
        counts = event_counts(con, cycle.doc_ids)
        failures = json.dumps([{"source": s, "reason": r} for s, r in cycle.failures], ensure_ascii=False)
        con.execute(
            "INSERT INTO watch_cycles VALUES (?, ?, now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            [
                cycle.stamp, cycle.started_at, cycle.documents, cycle.ok, cycle.skipped, cycle.failed,
                counts.new, counts.updated, cycle.sources_checked, len(cycle.failures), failures, cycle.publish,
            ],
        )  # fmt: skip
        _upsert(
            con,
            "watch_cycle_documents",
            "stamp, doc_id",
            [(cycle.stamp, d) for d in sorted(set(cycle.doc_ids))],
        )
        return counts

    def apply(self, changes: Changes, stamp: int | None) -> None:
        """After the commit: the memory copy follows the store."""
        self.sources.update(changes.sources)
        self.robots.update(changes.robots)
        for source, key in changes.forgotten:
            self.items.get(source, {}).pop(key, None)
        for (source, key), item in changes.items.items():
            self.items.setdefault(source, {})[key] = item
        if stamp is not None:
            self.last_stamp = max(self.last_stamp, stamp)


def event_counts(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> EventCounts:
    """Events the documents ``doc_ids`` mention: first seen in them, or mentioned before too."""
    ids = sorted(set(doc_ids))
    if not ids:
        return EventCounts()
    marks = ", ".join("?" for _ in ids)
    found = con.execute(
        f"""
        WITH touched AS (SELECT DISTINCT event_id FROM mentions WHERE article_id IN ({marks}))
        SELECT count(*) FILTER (WHERE older = 0), count(*) FILTER (WHERE older > 0) FROM (
            SELECT t.event_id, count(m.mention_id) FILTER (WHERE m.article_id NOT IN ({marks})) AS older
            FROM touched t JOIN mentions m ON m.event_id = t.event_id GROUP BY t.event_id)
        """,
        [*ids, *ids],
    ).fetchone()
    return EventCounts(int(found[0]), int(found[1])) if found else EventCounts()


def pending_publications(con: duckdb.DuckDBPyConnection) -> list[tuple[int, list[str]]]:
    """Cycles committed to be published whose files are not all written yet: (stamp, doc ids), oldest first."""
    stamps = [
        int(row[0])
        for row in con.execute(
            "SELECT stamp FROM watch_cycles WHERE publish AND published_at IS NULL ORDER BY stamp"
        ).fetchall()
    ]
    return [
        (
            stamp,
            [
                row[0]
                for row in con.execute(
                    "SELECT doc_id FROM watch_cycle_documents WHERE stamp = ? ORDER BY doc_id", [stamp]
                ).fetchall()
            ],
        )
        for stamp in stamps
    ]


def published_files(con: duckdb.DuckDBPyConnection) -> list[UpdateFile]:
    """Every file published so far, oldest first (the master file list)."""
    return [
        UpdateFile(name, int(size), md5, 0)
        for name, size, md5 in con.execute(
            "SELECT name, size, md5 FROM watch_published ORDER BY stamp, name"
        ).fetchall()
    ]


def mark_published(con: duckdb.DuckDBPyConnection, stamp: int, files: Iterable[UpdateFile]) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        _upsert(
            con, "watch_published", "stamp, name, size, md5", [(stamp, f.name, f.size, f.md5) for f in files]
        )
        con.execute("UPDATE watch_cycles SET published_at = now() WHERE stamp = ?", [stamp])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _upsert(
    con: duckdb.DuckDBPyConnection, table: str, columns: str, rows: Sequence[tuple[Any, ...]]
) -> None:
    """``INSERT OR REPLACE`` of tuple rows in one statement (an Arrow table registered for it)."""
    if not rows:
        return
    schema = con.sql(f"SELECT {columns} FROM {table} LIMIT 0").to_arrow_table().schema
    data = pa.Table.from_pylist([dict(zip(schema.names, row, strict=True)) for row in rows], schema=schema)
    view = f"_ew_watch_{table}"
    con.register(view, data)
    try:
        con.execute(f"INSERT OR REPLACE INTO {table} ({columns}) SELECT {columns} FROM {view}")
    finally:
        con.unregister(view)


def with_failure(
    state: SourceState, reason: str, now: datetime, base_s: float, max_s: float, retry_after_s: float | None
) -> SourceState:
    """The state after one more failure in a row: the next try waits base × 2^(failures-1), capped."""
    failures = state.failures + 1
    wait = min(max_s, base_s * 2 ** (failures - 1))
    if retry_after_s is not None:
        wait = max(wait, min(retry_after_s, max_s))
    return replace(
        state,
        failures=failures,
        last_error=reason,
        next_attempt=now + timedelta(seconds=wait),
        last_attempt=now,
    )
