"""A holding writer keeps its connection between batches and lets go when someone waits or it idles."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from _store_factory import random_corpus
from eventwire.errors import StoreError
from eventwire.store import Store, read_wanted_path, write_wanted_path
from eventwire.store._hold import STALE_S, ConnectionHolder, fresh_signal

# A reader in another process: a read-only Store counts the documents (it announces itself while
# it waits for the lock); exit status 0 and the count on stdout.
_READER = """
import sys
from eventwire.store import Store
with Store.open(sys.argv[1], read_only=True, lock_timeout_s=float(sys.argv[2])) as store, store.connection() as con:
    print(con.execute("SELECT count(*) FROM documents").fetchone()[0])
"""

# A tool that does not announce itself: plain duckdb, one try.
_PLAIN = """
import sys, duckdb
duckdb.connect(sys.argv[1], read_only=True).close()
"""


def _python(code: str, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], check=False, capture_output=True, text=True, timeout=timeout
    )


class _Counting:
    def __init__(self, store: Store) -> None:
        self.opens = 0
        self._connect = store._connect

    def __call__(self) -> duckdb.DuckDBPyConnection:
        self.opens += 1
        return self._connect()


def test_holding_writer_opens_the_file_once_for_many_batches(tmp_path: Path) -> None:
    docs = random_corpus(12, seed=3)
    db = tmp_path / "hold.duckdb"
    with Store.open(db, hold_s=30.0) as store:
        assert store._holder is not None
        counting = _Counting(store)
        store._holder._connect = counting
        for i in range(0, len(docs), 3):
            store.known_documents([r.status.doc_id for r in docs[i : i + 3]])
            store.write_batch(docs[i : i + 3])
        assert counting.opens == 0  # the connection the migration opened is still held
        assert store._holder.holding
    with Store.open(db, read_only=True) as store, store.connection() as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (12,)
    assert not read_wanted_path(db).exists()


def test_plain_writer_holds_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "plain.duckdb") as store:
        store.write_batch(random_corpus(2, seed=1))
        assert store._holder is None
        done = _python(_PLAIN, str(tmp_path / "plain.duckdb"))
    assert done.returncode == 0, done.stderr[-2000:]


def test_reader_in_another_process_gets_the_file_from_a_holding_writer(tmp_path: Path) -> None:
    db = tmp_path / "served.duckdb"
    with Store.open(db, hold_s=60.0) as store:
        store.write_batch(random_corpus(5, seed=2))
        assert store._holder is not None and store._holder.holding
        # a plain duckdb client cannot get in while the writer holds the file
        assert _python(_PLAIN, str(db)).returncode != 0
        started = time.monotonic()
        done = _python(_READER, str(db), "20")
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip() == "5"
        assert time.monotonic() - started < 15
        assert not store._holder.holding  # it let go for the reader
        store.write_batch(random_corpus(8, seed=2)[5:])  # and reopens for the next batch
        assert store._holder.holding
    done = _python(_READER, str(db), "5")
    assert done.stdout.strip() == "8"
    assert not read_wanted_path(db).exists()


def test_holding_writer_lets_go_when_idle(tmp_path: Path) -> None:
    db = tmp_path / "idle.duckdb"
    with Store.open(db, hold_s=0.2) as store:
        store.write_batch(random_corpus(2, seed=4))
        assert store._holder is not None
        deadline = time.monotonic() + 5.0
        while store._holder.holding and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not store._holder.holding
        done = _python(_PLAIN, str(db))
        assert done.returncode == 0, done.stderr[-2000:]


def test_holding_writer_keeps_nothing_after_a_failed_batch(tmp_path: Path) -> None:
    with Store.open(tmp_path / "fail.duckdb", hold_s=30.0) as store:
        assert store._holder is not None
        with pytest.raises(RuntimeError), store.connection():
            raise RuntimeError("the unit of work failed")
        assert not store._holder.holding
        store.write_batch(random_corpus(1, seed=5))
        assert store._holder.holding
    with pytest.raises(StoreError, match="closed"), store.connection():
        pass


def test_a_waiting_writer_signal_also_releases(tmp_path: Path) -> None:
    db = tmp_path / "two.duckdb"
    with Store.open(db, hold_s=30.0) as store:
        store.write_batch(random_corpus(1, seed=6))
        assert store._holder is not None and store._holder.holding
        write_wanted_path(db).touch()
        try:
            deadline = time.monotonic() + 5.0
            while store._holder.holding and time.monotonic() < deadline:
                time.sleep(0.02)
            assert not store._holder.holding
            # while the signal is fresh each batch opens and closes its own connection
            store.write_batch(random_corpus(2, seed=6)[1:])
            assert not store._holder.holding
        finally:
            write_wanted_path(db).unlink()


def test_stale_signal_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "x.read-wanted"
    assert not fresh_signal(path)
    path.touch()
    assert fresh_signal(path)
    old = time.time() - STALE_S - 1
    os.utime(path, (old, old))
    assert not fresh_signal(path)
    holder = ConnectionHolder(lambda: duckdb.connect(":memory:"), [path], idle_s=30.0)
    with holder.use():
        pass
    assert holder.holding  # a stale file does not count as someone waiting
    holder.close()
    assert not holder.holding
