"""What ``GET /status`` answers: how much the store holds and when it last took in documents, and what an
``eventwire watch`` writing into it says about itself (its status file beside the store).

The store's part is read once per store version (:meth:`ServerState.version` changes whenever another
process wrote), so the dashboard can ask every few seconds without a query each time; the watcher's
part is a small JSON file read on every call, so it never waits for the database lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from eventwire.server._state import ServerState
from eventwire.watch import read_status

STALE_AFTER = timedelta(seconds=120)  # a watcher this late for its next cycle is probably not running


@dataclass(frozen=True, slots=True)
class StoreFacts:
    version: int
    events: int
    articles: int
    documents: int
    changed_at: datetime | None
    last_update: int | None  # the stamp of the last update a watcher published


@dataclass(frozen=True, slots=True)
class WatchFacts:
    state: str  # starting / running / stopped / stale
    updated_at: str | None
    next_cycle_at: str | None
    every_s: float | None
    cycles: int
    sources: int
    failing: int
    last_cycle: dict[str, Any] | None


class LiveStatus:
    """The store's facts, kept per store version; the watcher's, read fresh."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self._lock = threading.Lock()
        self._facts: StoreFacts | None = None

    def store(self) -> StoreFacts:
        version = self.state.version()
        with self._lock:
            if self._facts is not None and self._facts.version == version:
                return self._facts
        with self.state.connect() as con:
            row = con.execute(
                "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM articles), "
                "(SELECT count(*) FROM documents), (SELECT max(updated_at) FROM documents)"
            ).fetchone()
            found = con.execute(
                "SELECT max(stamp) FROM watch_cycles WHERE published_at IS NOT NULL"
            ).fetchone()
            last = int(found[0]) if found and found[0] is not None else None
        assert row is not None
        facts = StoreFacts(version, int(row[0]), int(row[1]), int(row[2]), row[3], last)
        with self._lock:
            self._facts = facts
        return facts

    def watch(self) -> WatchFacts | None:
        found = read_status(self.state.db)
        if found is None:
            return None
        state = str(found.get("state") or "unknown")
        next_at = found.get("next_cycle_at")
        if state == "running" and isinstance(next_at, str):
            try:
                late = datetime.now(UTC) - datetime.fromisoformat(next_at) > STALE_AFTER
            except ValueError:
                late = False
            if late:
                state = "stale"
        failing = found.get("failing")
        last = found.get("last_cycle")
        return WatchFacts(
            state=state,
            updated_at=found.get("updated_at"),
            next_cycle_at=next_at if isinstance(next_at, str) else None,
            every_s=found.get("every_s"),
            cycles=int(found.get("cycles") or 0),
            sources=int(found.get("sources") or 0),
            failing=len(failing) if isinstance(failing, list) else 0,
            last_cycle=last if isinstance(last, dict) else None,
        )
