"""Schema migrations: a store file written by an older eventwire opens, upgrades and keeps its rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from _store_factory import syndicated_corpus
from eventwire.store import Store
from eventwire.store.schema import MIGRATIONS, SCHEMA_VERSION, current_version

# The columns version 2 wrote (what an older eventwire's rows hold), per table.
_V2_TABLES = ("documents", "articles", "minhashes", "mentions", "events", "actors")


def _old_store(path: Path, version: int) -> None:
    """A store file as eventwire at schema ``version`` created it: its migrations, nothing newer."""
    con = duckdb.connect(str(path))
    try:
        for step in range(1, version + 1):
            for statement in MIGRATIONS[step]:
                con.execute(statement)
            con.execute("INSERT INTO schema_version VALUES (?, now())", [step])
    finally:
        con.close()


def _columns(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    return con.execute(
        "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns "
        "ORDER BY table_name, ordinal_position"
    ).fetchall()


def _indexes(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    return sorted(con.execute("SELECT index_name, table_name, sql FROM duckdb_indexes()").fetchall())


def _v2_with_rows(tmp_path: Path) -> Path:
    """A version 2 file holding the rows of a coded corpus (copied from a current store, old columns only)."""
    current = tmp_path / "current.duckdb"
    with Store.open(current) as store:
        store.write_batch(syndicated_corpus()[:2])
    old = tmp_path / "v2.duckdb"
    _old_store(old, 2)
    con = duckdb.connect(str(old))
    try:
        con.execute(f"ATTACH '{current}' AS cur (READ_ONLY)")
        for table in _V2_TABLES:
            names = [r[0] for r in con.execute(f"SELECT * FROM {table} LIMIT 0").description or ()]
            cols = ", ".join(names)
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM cur.{table}")
        con.execute("DETACH cur")
    finally:
        con.close()
    return old


def test_store_schema_v2_file_opens_upgrades_and_finds_the_new_columns(tmp_path: Path) -> None:
    old = _v2_with_rows(tmp_path)
    with duckdb.connect(str(old)) as con:
        before = con.execute("SELECT count(*) FROM mentions").fetchone()
        assert current_version(con) == 2
        assert "coding_path" not in {r[1] for r in _columns(con) if r[0] == "mentions"}
    with Store.open(old) as store, store.connection() as con:
        assert current_version(con) == SCHEMA_VERSION
        for table in ("mentions", "events"):
            names = {r[1] for r in _columns(con) if r[0] == table}
            assert {"coding_path", "historical"} <= names, table
        # rows written before version 3: no path recorded, taken as current (as they were)
        assert con.execute("SELECT count(*) FROM mentions").fetchone() == before
        assert con.execute(
            "SELECT DISTINCT coding_path, historical FROM mentions UNION SELECT DISTINCT coding_path, historical "
            "FROM events"
        ).fetchall() == [(None, False)]
        assert {r[0] for r in _indexes(con)} >= {"mentions_event", "mentions_article", "events_date"}
    # the upgraded file takes new batches: events seen again derive their path from the mentions that have one
    with Store.open(old) as store:
        store.write_batch(syndicated_corpus()[2:])
    with Store.open(old, read_only=True) as store:
        rows = store.query().events(cameo="03")
    assert rows and {(r.coding_path, r.historical) for r in rows} == {("pattern", False)}


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_store_schema_older_files_upgrade_to_the_schema_of_a_new_one(tmp_path: Path, version: int) -> None:
    """Whatever version a file was left at, the upgrade ends with the tables, columns and indexes of a
    new file."""
    fresh, old = tmp_path / "fresh.duckdb", tmp_path / "old.duckdb"
    Store.open(fresh).close()
    _old_store(old, version)
    Store.open(old).close()
    with duckdb.connect(str(fresh)) as a, duckdb.connect(str(old)) as b:
        assert _columns(a) == _columns(b)
        assert _indexes(a) == _indexes(b)
        assert current_version(b) == SCHEMA_VERSION


def test_store_schema_read_only_open_of_an_old_file_names_both_versions(tmp_path: Path) -> None:
    from eventwire.errors import StoreError

    old = tmp_path / "v2.duckdb"
    _old_store(old, 2)
    with pytest.raises(StoreError, match=f"schema version 2, expected {SCHEMA_VERSION}"):
        Store.open(old, read_only=True)


def test_store_schema_watch_tables_a_watcher_created_before_version_5_are_kept(tmp_path: Path) -> None:
    """Before version 5 ``eventwire watch`` created its tables itself (same definitions, ``IF NOT EXISTS``)
    at start; the upgrade keeps them and their rows, and the watcher's state loads from them."""
    from eventwire.watch._state import WatchState

    old = tmp_path / "watched.duckdb"
    _old_store(old, 2)
    with duckdb.connect(str(old)) as con:
        for statement in MIGRATIONS[5][:-1]:  # an early watcher: no watch_robots yet
            con.execute(statement)
        con.execute(
            "INSERT INTO watch_sources VALUES ('https://feed.example/rss', 'feed', '\"e1\"', NULL, NULL, 0, "
            "NULL, NULL, now(), now())"
        )
        con.execute(
            "INSERT INTO watch_cycles VALUES (20240501120000, now(), now(), 1, 1, 0, 0, 2, 0, 1, 0, '[]', true, "
            "NULL)"
        )
    with Store.open(old) as store, store.connection() as con:
        assert current_version(con) == SCHEMA_VERSION
        state = WatchState.load(con)
        robots = con.execute("SELECT count(*) FROM watch_robots").fetchone()
    assert state.sources["https://feed.example/rss"].etag == '"e1"'
    assert state.last_stamp == 20240501120000 and robots == (0,)
    fresh = tmp_path / "fresh.duckdb"
    Store.open(fresh).close()
    with duckdb.connect(str(fresh)) as a, duckdb.connect(str(old)) as b:
        assert _columns(a) == _columns(b)
