"""docs/store.md documents every column of every table of the store's schema."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from eventwire.store.gdelt import STORE_COLUMNS
from eventwire.store.schema import migrate

DOC = Path(__file__).resolve().parents[1] / "docs" / "store.md"


def test_store_every_column_is_documented() -> None:
    """Each column appears in a code span of docs/store.md (``prefix_*`` covers a family of columns); the
    events table's GDELT 2.0 columns are documented as GDELT's own."""
    words: set[str] = set()
    for span in re.findall(r"`([^`]+)`", DOC.read_text(encoding="utf-8")):
        words.update(part.strip("()") for part in re.split(r"[,\s]+", span) if part.strip("()"))
    prefixes = tuple(word[:-1] for word in words if word.endswith("_*"))
    con = duckdb.connect(":memory:")
    try:
        migrate(con)
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns ORDER BY table_name, ordinal_position"
        ).fetchall()
    finally:
        con.close()
    missing = [
        f"{table}.{column}"
        for table, column in columns
        if not (table == "events" and column in STORE_COLUMNS)
        and column not in words
        and not column.startswith(prefixes)
    ]
    assert {table for table, _ in columns} <= words, "every table is named in docs/store.md"
    assert not missing, f"columns not documented in docs/store.md: {missing}"
