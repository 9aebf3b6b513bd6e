"""DaskEngine on a LocalCluster of 2 worker processes: same results as one process, ledger complete."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _engine_docs import page_variants
from eventwire.pipeline import LocalEngine, Processor, run
from eventwire.pipeline.engine import DaskEngine
from eventwire.records import DocType, DocumentStatus, RawDocument, content_id
from eventwire.settings import Settings
from eventwire.store import Store

SETTINGS = Settings().replace(batch_size=2)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as dask_client,
    ):
        yield dask_client


@pytest.fixture(scope="module")
def engine(client: Any, tmp_path_factory: pytest.TempPathFactory) -> DaskEngine:
    parts = tmp_path_factory.mktemp("parts")
    return DaskEngine(client, SETTINGS, parts, code_events=False)  # extraction only: no model load in CI


def _ledger(db: Path) -> set[tuple[str, str, str, str]]:
    with Store.open(db) as store, store.connection() as con:
        rows = con.execute("SELECT doc_id, origin, status, reason FROM documents").fetchall()
    return {tuple(row) for row in rows}


def _articles(db: Path) -> list[tuple[Any, ...]]:
    with Store.open(db) as store, store.connection() as con:
        return con.execute(
            "SELECT doc_id, story_id, story_similarity, title, text, tone_average FROM articles ORDER BY doc_id"
        ).fetchall()


def _ids(docs: list[RawDocument | DocumentStatus]) -> set[str]:
    return {d.doc_id if isinstance(d, DocumentStatus) else d.id for d in docs}


def test_engine_dask_ledger_complete(engine: DaskEngine, tmp_path: Path) -> None:
    docs = page_variants(9)
    with Store.open(tmp_path / "ew.duckdb") as store:
        summary = run(iter(docs), engine, store)
    assert summary.documents == len(docs)
    assert {row[0] for row in _ledger(tmp_path / "ew.duckdb")} == _ids(docs)


def test_engine_dask_rerun_skips_done(engine: DaskEngine, tmp_path: Path) -> None:
    docs = page_variants(5)
    db = tmp_path / "ew.duckdb"
    with Store.open(db) as store:
        run(iter(docs), engine, store)
    before = _ledger(db)
    with Store.open(db) as store:
        again = run(iter(docs), engine, store)
    assert (again.documents, again.already_done) == (0, len(docs))
    assert _ledger(db) == before


def test_engine_dask_same_ledger_as_one_process(engine: DaskEngine, tmp_path: Path) -> None:
    docs = page_variants(6)
    with Store.open(tmp_path / "dask.duckdb") as store:
        run(iter(docs), engine, store)
    with Store.open(tmp_path / "local.duckdb") as store:
        run(iter(docs), LocalEngine(Processor(SETTINGS, code_events=False)), store)
    assert _ledger(tmp_path / "dask.duckdb") == _ledger(tmp_path / "local.duckdb")
    assert _articles(tmp_path / "dask.duckdb") == _articles(tmp_path / "local.duckdb")


def test_engine_dask_loads_and_removes_its_parts(engine: DaskEngine, tmp_path: Path) -> None:
    with Store.open(tmp_path / "ew.duckdb") as store:
        run(iter(page_variants(5)), engine, store)
    assert engine.leftover_parts() == []
    assert not any(p.name.startswith(".tmp") for p in engine.parts_dir.iterdir())


def test_engine_dask_run_loads_parts_a_killed_run_left(engine: DaskEngine, tmp_path: Path) -> None:
    # A driver killed after workers wrote parts: the next run loads them before its own inputs.
    from eventwire.store.dedup import StoryIndex
    from eventwire.store.parts import RowSchemas, batch_rows, write_part

    left = page_variants(4)
    results = Processor(SETTINGS, code_events=False).process(left)
    write_part(
        batch_rows(results, RowSchemas.current(), StoryIndex()), engine.parts_dir, "00000000T000000-000000001"
    )
    (engine.parts_dir / ".tmp-00000000T000000-000000002-99").mkdir()  # a part a killed worker left unfinished
    with Store.open(tmp_path / "ew.duckdb") as store:
        summary = run(iter(left), engine, store)
    assert summary.recovered == len(left)
    assert (summary.documents, summary.already_done) == (0, len(left))
    assert {row[0] for row in _ledger(tmp_path / "ew.duckdb")} == _ids(left)
    assert list(engine.parts_dir.iterdir()) == []


def test_engine_worker_peak_rss_reported(engine: DaskEngine) -> None:
    peaks = engine.worker_peak_rss()
    assert len(peaks) == 2
    assert all(50 * 2**20 < peak < 1536 * 2**20 for peak in peaks.values())


def test_engine_dask_big_batch_ships_without_large_graph_warning(engine: DaskEngine, tmp_path: Path) -> None:
    """A batch of big pages (here 2 × 6 MB) rides inside its task, without Dask's scatter advice."""
    import warnings

    padding = b"<!-- " + b"x" * 6_000_000 + b" -->"
    docs: list[RawDocument | DocumentStatus] = []
    for n, doc in enumerate(page_variants(2)[:2]):
        assert isinstance(doc, RawDocument)
        content = doc.content.replace(b"</body>", padding + f"<p>{n}</p></body>".encode())
        docs.append(RawDocument(content_id(content), f"big#{n}", content, DocType.HTML))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with Store.open(tmp_path / "ew.duckdb") as store:
            summary = run(iter(docs), engine, store)
    assert summary.documents == 2
    assert {row[0] for row in _ledger(tmp_path / "ew.duckdb")} == _ids(docs)
    assert not [w for w in caught if "Sending large graph" in str(w.message)]
