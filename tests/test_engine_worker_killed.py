"""A worker process killed while it holds tasks: Dask re-runs them and the ledger ends complete."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any

from _engine_docs import page_variants
from eventwire.pipeline import run
from eventwire.pipeline.engine import DaskEngine
from eventwire.records import DocumentStatus
from eventwire.settings import Settings
from eventwire.store import Store


def _kill_first_busy_worker(
    client: Any, pids: dict[str, int], stop: threading.Event, killed: list[int]
) -> None:
    """Poll the scheduler; SIGKILL the first worker process that has a task assigned."""
    while not stop.is_set():
        for addr, keys in client.processing().items():
            if keys and addr in pids:
                os.kill(pids[addr], signal.SIGKILL)
                killed.append(pids[addr])
                return
        stop.wait(0.005)


def test_engine_worker_killed_ledger_complete(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    docs = page_variants(40)
    killed: list[int] = []
    stop = threading.Event()
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        engine = DaskEngine(client, Settings().replace(batch_size=4), tmp_path / "parts", code_events=False)
        pids: dict[str, int] = client.run(os.getpid)
        watcher = threading.Thread(target=_kill_first_busy_worker, args=(client, pids, stop, killed))
        watcher.start()
        try:
            with Store.open(tmp_path / "ew.duckdb") as store:
                summary = run(iter(docs), engine, store)
                with store.connection() as con:
                    ledger = {row[0] for row in con.execute("SELECT doc_id FROM documents").fetchall()}
        finally:
            stop.set()
            watcher.join()
        after = set(client.run(os.getpid).values())

    assert killed, "no worker held a task while the run went on"
    assert killed[0] not in after
    assert summary.documents == len(docs)
    assert ledger == {d.doc_id if isinstance(d, DocumentStatus) else d.id for d in docs}
