"""The cluster commands of docs/scale.md on one machine: `dask scheduler`, `dask worker`, then
`eventwire run --dask tcp://… --parts DIR`, all as separate processes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.store import Store

BIN = Path(sys.executable).parent
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not (BIN / "dask").exists():
        pytest.skip("the dask command is not installed (pip install 'eventwire[dask]')")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    with (logs / "scheduler.log").open("wb") as slog, (logs / "worker.log").open("wb") as wlog:
        procs = [
            subprocess.Popen(
                [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                stdout=slog,
                stderr=subprocess.STDOUT,
            )
        ]
        try:
            time.sleep(2)
            procs.append(
                subprocess.Popen(
                    [BIN / "dask", "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
                    stdout=wlog,
                    stderr=subprocess.STDOUT,
                )
            )
            yield address
        finally:
            for proc in reversed(procs):
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()


def _tables(db: Path) -> tuple[set[tuple[str, str]], set[str], int]:
    with Store.open(db, read_only=True) as store, store.connection() as con:
        ledger = set(con.execute("SELECT doc_id, status FROM documents").fetchall())
        events = {row[0] for row in con.execute("SELECT event_id FROM events").fetchall()}
        (mentions,) = con.execute("SELECT count(*) FROM mentions").fetchone() or (0,)
    return ledger, events, mentions


def test_engine_tcp_cluster_run_equals_one_process(scheduler: str, sample_db: Path, tmp_path: Path) -> None:
    db, parts = tmp_path / "ew.duckdb", tmp_path / "shared-parts"
    command = [
        BIN / "eventwire",
        "run",
        str(SAMPLES),
        "--db",
        str(db),
        "--dask",
        scheduler,
        "--parts",
        str(parts),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "See them with: eventwire events" in run.stdout
    assert list(parts.iterdir()) == []  # every part loaded and removed
    ledger, events, mentions = _tables(db)
    assert events and mentions
    assert (ledger, events, mentions) == _tables(sample_db)
