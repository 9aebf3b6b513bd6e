"""Parquet parts: a batch saved as a part and loaded by the store gives exactly the rows of a direct write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import StoreError
from eventwire.ingest import read_inputs
from eventwire.pipeline import batched
from eventwire.records import DocumentResult
from eventwire.store import Store
from eventwire.store.dedup import StoryIndex
from eventwire.store.parts import RowSchemas, batch_rows, pending_parts, write_part

REPO = Path(__file__).resolve().parents[1]
TABLES = {
    "documents": "doc_id, origin, status, reason, stage, n_events",
    "articles": "*",
    "minhashes": "*",
    "mentions": "*",
    "events": "*",
    "actors": "*",
    "unresolved_names": "*",
}


@pytest.fixture(scope="module")
def batches(processor: Any) -> list[list[DocumentResult]]:
    """The bundled samples, coded, in batches of 4 (each sample twice: the repeats become no-ops)."""
    docs = list(read_inputs([str(REPO / "samples")], processor.settings))
    return [processor.process(batch) for batch in batched(docs + docs[:3], 4)]


def _content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Store.open(db) as store, store.connection() as con:
        return {
            table: sorted(con.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
            for table, columns in TABLES.items()
        }


def _write_parts(batches: list[list[DocumentResult]], folder: Path) -> list[Path]:
    schemas, hasher = RowSchemas.current(), StoryIndex()
    return [
        write_part(batch_rows(batch, schemas, hasher), folder, f"run-{n:04d}")
        for n, batch in enumerate(batches)
    ]


def test_store_parts_load_equals_direct_write(batches: list[list[DocumentResult]], tmp_path: Path) -> None:
    with Store.open(tmp_path / "direct.duckdb") as store:
        for batch in batches:
            store.write_batch(batch)
    parts = _write_parts(batches, tmp_path / "parts")
    with Store.open(tmp_path / "parts.duckdb") as store:
        for part in parts:
            store.load_part(part)
    direct, loaded = _content(tmp_path / "direct.duckdb"), _content(tmp_path / "parts.duckdb")
    assert direct["mentions"], "the samples should code some events"
    assert loaded == direct
    assert pending_parts(tmp_path / "parts") == []


def test_store_parts_loading_twice_adds_nothing(batches: list[list[DocumentResult]], tmp_path: Path) -> None:
    first, again = tmp_path / "first", tmp_path / "again"
    (part,) = _write_parts(batches[:1], first)
    (copy,) = _write_parts(batches[:1], again)
    with Store.open(tmp_path / "ew.duckdb") as store:
        statuses = store.load_part(part)
        before = _content(tmp_path / "ew.duckdb")
        store.load_part(copy)
    assert [s.doc_id for s in statuses] == [r.status.doc_id for r in batches[0]]
    assert _content(tmp_path / "ew.duckdb") == before


def test_store_parts_rewriting_a_part_keeps_the_first(
    batches: list[list[DocumentResult]], tmp_path: Path
) -> None:
    schemas, hasher = RowSchemas.current(), StoryIndex()
    first = write_part(batch_rows(batches[0], schemas, hasher), tmp_path, "p")
    stamp = (first / "documents.parquet").stat().st_mtime_ns
    again = write_part(batch_rows(batches[0], schemas, hasher), tmp_path, "p")
    assert again == first
    assert (first / "documents.parquet").stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == ["p"]


def test_store_parts_unfinished_parts_are_dropped(
    batches: list[list[DocumentResult]], tmp_path: Path
) -> None:
    (whole,) = _write_parts(batches[:1], tmp_path)
    (tmp_path / ".tmp-run-0001-4242").mkdir()
    broken = tmp_path / "run-0002"
    broken.mkdir()  # a directory without its three files is not a part
    assert pending_parts(tmp_path) == [whole]
    assert not (tmp_path / ".tmp-run-0001-4242").exists()


def test_store_parts_unreadable_part_is_a_store_error(tmp_path: Path) -> None:
    part = tmp_path / "run-0000"
    part.mkdir()
    for name in ("documents", "articles", "mentions"):
        (part / f"{name}.parquet").write_bytes(b"not parquet")
    with Store.open(tmp_path / "ew.duckdb") as store, pytest.raises(StoreError, match="cannot read the part"):
        store.load_part(part)


def test_store_parts_loaded_together_equal_one_by_one(
    batches: list[list[DocumentResult]], tmp_path: Path
) -> None:
    one_by_one = _write_parts(batches, tmp_path / "a")
    together = _write_parts(batches, tmp_path / "b")
    with Store.open(tmp_path / "a.duckdb") as store:
        for part in one_by_one:
            store.load_part(part)
    with Store.open(tmp_path / "b.duckdb") as store:
        statuses = store.load_parts(together)
    assert len(statuses) == sum(len(batch) for batch in batches)
    assert _content(tmp_path / "b.duckdb") == _content(tmp_path / "a.duckdb")
