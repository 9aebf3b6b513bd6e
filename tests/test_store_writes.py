"""Store writes: schema creation, idempotent re-runs, ledger duplicates, crash (kill -9) and restart."""

from __future__ import annotations

import dataclasses
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from _store_factory import random_corpus, syndicated_corpus
from eventwire.errors import StoreError
from eventwire.records import DocumentResult, DocumentStatus
from eventwire.store import SCHEMA_VERSION, Store

TABLES = ("documents", "articles", "minhashes", "mentions", "events", "actors", "unresolved_names")
WRITER = Path(__file__).resolve().parent / "data" / "store" / "crash_writer.py"


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without wall-clock columns."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in TABLES:
            exclude = " EXCLUDE (updated_at)" if table == "documents" else ""
            out[table] = sorted(con.execute(f"SELECT *{exclude} FROM {table}").fetchall(), key=repr)
        return out
    finally:
        con.close()


def write_all(db: Path, corpus: list[DocumentResult], batch: int) -> None:
    with Store.open(db) as store:
        for i in range(0, len(corpus), batch):
            store.write_batch(corpus[i : i + batch])


def test_store_open_creates_schema_readable_with_plain_sql(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    Store.open(db).close()
    con = duckdb.connect(str(db), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    version = con.execute("SELECT max(version) FROM schema_version").fetchone()
    con.close()
    assert set(TABLES) | {"schema_version"} <= tables
    assert version == (SCHEMA_VERSION,)


def test_store_rerun_same_inputs_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    corpus = random_corpus(12, seed=3) + syndicated_corpus()
    write_all(db, corpus, 5)
    first = dump(db)
    write_all(db, corpus, 7)
    assert dump(db) == first
    assert len(first["documents"]) == len(corpus)


def test_store_batch_boundaries_do_not_change_rows(tmp_path: Path) -> None:
    corpus = random_corpus(15, seed=4)
    write_all(tmp_path / "a.duckdb", corpus, 1)
    write_all(tmp_path / "b.duckdb", corpus, 15)
    assert dump(tmp_path / "a.duckdb") == dump(tmp_path / "b.duckdb")


def test_store_same_id_other_origin_is_skipped_as_duplicate(tmp_path: Path) -> None:
    original = syndicated_corpus()[0]
    assert original.article is not None
    copy = DocumentResult(
        DocumentStatus.ok(original.status.doc_id, "other.warc#rec-7", 2), original.article, original.events
    )
    with Store.open(tmp_path / "e.duckdb") as store:
        store.write_batch([original, copy])
        store.write_batch([copy])
        with store.connection() as con:
            rows = con.execute("SELECT origin, status, reason FROM documents ORDER BY origin").fetchall()
            mentions = con.execute("SELECT count(*) FROM mentions").fetchone()
    assert rows == [
        ("other.warc#rec-7", "skipped", f"duplicate of {original.status.doc_id}"),
        (original.status.origin, "ok", ""),
    ]
    assert mentions == (len(original.events),)


def test_store_known_documents_lists_final_ledger_rows(tmp_path: Path) -> None:
    corpus = random_corpus(6, seed=5)
    with Store.open(tmp_path / "e.duckdb") as store:
        store.write_batch(corpus[:3])
        known = store.known_documents([r.status.doc_id for r in corpus])
    assert known == {r.status.doc_id for r in corpus[:3]}


def test_store_failed_batch_leaves_no_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = syndicated_corpus()
    db = tmp_path / "e.duckdb"

    def boom(*_: object) -> None:
        raise RuntimeError("disk on fire")

    with Store.open(db) as store:
        with monkeypatch.context() as patch:
            patch.setattr("eventwire.store._aggregate.merge_actors", boom)
            with pytest.raises(RuntimeError):
                store.write_batch(corpus)
        assert all(rows == [] for rows in dump_open(store).values())
        store.write_batch(corpus)
    write_all(tmp_path / "clean.duckdb", corpus, len(corpus))
    assert dump(db) == dump(tmp_path / "clean.duckdb")


def dump_open(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    with store.connection() as con:
        return {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}


def test_store_read_only_open_of_missing_file_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Store.open(tmp_path / "missing.duckdb", read_only=True)


def test_store_memory_limit_applies_to_its_connections(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    with Store.open(db, memory_limit="256MB") as store:
        store.write_batch(random_corpus(4, seed=3))
        with store.connection() as con:
            limit = con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert limit is not None and limit[0] == "244.1 MiB"  # DuckDB shows 256 MB in MiB
    with Store.open(db, read_only=True, memory_limit="256MB") as reader, reader.connection() as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (4,)


def test_store_bad_memory_limit_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="memory_limit"):
        Store.open(tmp_path / "events.duckdb", memory_limit="lots")


@pytest.mark.slow
def test_store_kill_9_then_restart_equals_clean_run(tmp_path: Path) -> None:
    n_docs, seed, batch = 60, 11, 4
    clean = tmp_path / "clean.duckdb"
    subprocess.run([sys.executable, str(WRITER), str(clean), str(n_docs), str(seed), str(batch)],
                   check=True, capture_output=True)  # fmt: skip
    expected = dump(clean)
    rng = random.Random(7)
    for attempt in range(2):
        db = tmp_path / f"crash{attempt}.duckdb"
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(db), str(n_docs), str(seed), str(batch)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert proc.stdout is not None
        wanted = rng.randint(1, n_docs // batch - 3)
        for _ in range(wanted):
            proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.05))  # land anywhere: between batches or mid-transaction
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        partial = dump(db)
        assert len(partial["documents"]) < n_docs
        subprocess.run([sys.executable, str(WRITER), str(db), str(n_docs), str(seed), str(batch)],
                       check=True, capture_output=True)  # fmt: skip
        assert dump(db) == expected


def test_store_same_mention_twice_in_a_batch_keeps_the_first(tmp_path: Path) -> None:
    original = syndicated_corpus()[0]
    first = original.events[0]
    again = dataclasses.replace(first, confidence=0.25, pattern="later-pattern")
    doc = dataclasses.replace(original, events=(first, again))
    with Store.open(tmp_path / "e.duckdb") as store:
        store.write_batch([doc])
        with store.connection() as con:
            mentions = con.execute("SELECT confidence, pattern FROM mentions").fetchall()
            counts = con.execute("SELECT num_mentions FROM events").fetchall()
    assert mentions == [(first.confidence, first.pattern)]
    assert counts == [(1,)]


def test_store_minhash_seq_follows_write_order_across_batches(tmp_path: Path) -> None:
    corpus = random_corpus(10, seed=6) + syndicated_corpus()
    written = [r.article.doc_id for r in corpus if r.article is not None]
    with Store.open(tmp_path / "e.duckdb") as store:
        store.write_batch(corpus[:4])
        store.write_batch(corpus[:7])  # the first four again: no new signatures, no gap in seq
        store.write_batch(corpus[7:])
        with store.connection() as con:
            rows = con.execute("SELECT seq, doc_id FROM minhashes ORDER BY seq").fetchall()
    assert rows == list(enumerate(written))
