"""Store snapshots for the reliability tests: every table's rows (sorted, without wall-clock columns)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import duckdb

TABLES = ("documents", "articles", "minhashes", "mentions", "events", "actors", "unresolved_names")
_WALL_CLOCK = {"documents": " EXCLUDE (updated_at)"}


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without wall-clock columns (opens the file read-only)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: sorted(
                con.execute(f"SELECT *{_WALL_CLOCK.get(table, '')} FROM {table}").fetchall(), key=repr
            )
            for table in TABLES
        }
    finally:
        con.close()


def checksum(db: Path) -> str:
    """One hash over every table's rows, wall-clock columns included (any change at all shows)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        digest = hashlib.sha256()
        for table in (*TABLES, "schema_version"):
            rows = sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            digest.update(f"{table}:{rows!r}".encode())
        return digest.hexdigest()
    finally:
        con.close()
