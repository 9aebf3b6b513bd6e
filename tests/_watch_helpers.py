"""Helpers for the watch tests: a Watcher over a temporary store with the session's Processor."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.watch import SourceList, Watcher

FAST = {
    "fetch_delay_s": 0.0,
    "fetch_timeout_s": 2.0,
    "watch_settle_s": 0.0,
    "watch_fetch_threads": 4,
    "store_hold_s": 0.0,
}


def watch_settings(**changes: Any) -> Settings:
    return Settings(**{**FAST, **changes})


@contextmanager
def watcher(
    db: Path,
    sources: Sequence[str],
    processor: Any,
    settings: Settings | None = None,
    publish: Path | None = None,
    url_file: Path | None = None,
) -> Iterator[Watcher]:
    with Store.open(db) as store:
        found = Watcher(
            SourceList.of(list(sources), url_file), store, settings or watch_settings(), processor, publish
        )
        try:
            found.open()
            yield found
        finally:
            found.close()


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
