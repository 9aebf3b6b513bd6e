"""The Python API that the CLI, the HTTP API and the dashboard all call.

>>> from eventwire.api import run_paths
>>> summary = run_paths(["samples"], db="events.duckdb")      # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from eventwire.ingest import read_inputs
from eventwire.pipeline import LocalEngine, Processor, ProgressHook, RunSummary, run
from eventwire.records import Article, DocumentStatus
from eventwire.settings import Settings
from eventwire.store import Store


def run_paths(
    inputs: Sequence[str],
    db: str | Path,
    settings: Settings | None = None,
    actor_files: Sequence[Path] = (),
    pattern_files: Sequence[Path] = (),
    progress: ProgressHook | None = None,
    workers: int = 1,
    dask: str | None = None,
) -> RunSummary:
    """Ingest, extract, code and store everything under ``inputs`` into the DuckDB file ``db``.

    ``workers`` > 1 codes on that many local processes (a Dask LocalCluster); ``dask`` is a scheduler
    address (``tcp://host:8786``) or ``local:N``. Workers save Parquet parts in ``settings.parts_dir``
    (default ``<db>.parts``); this process loads them and is the store's only writer either way.
    """
    settings = settings or Settings.from_env()
    if dask or workers > 1:
        from eventwire.pipeline.engine import DaskEngine, dask_client, local_worker_count

        if dask and dask.startswith("local"):
            local_worker_count(dask)  # a bad local:N fails before the store file is created
        with (
            _run_store(db, settings) as store,
            dask_client(dask, workers) as client,
        ):
            parts = Path(settings.parts_dir or f"{db}.parts")
            engine = DaskEngine(client, settings, parts, actor_files, pattern_files)
            return run(read_inputs(inputs, settings), engine, store, progress=progress)
    processor = Processor(settings, actor_files=actor_files, pattern_files=pattern_files)
    with _run_store(db, settings) as store:
        return run(read_inputs(inputs, settings), LocalEngine(processor), store, progress=progress)


def _run_store(db: str | Path, settings: Settings) -> Store:
    """The store a run writes, opened as the settings say."""
    return Store.open(
        db,
        lock_timeout_s=settings.store_lock_timeout_s,
        hold_s=settings.store_hold_s,
        story_window=settings.story_window,
        memory_limit=settings.store_memory_limit,
    )


def extract_paths(
    inputs: Sequence[str], settings: Settings | None = None
) -> Iterator[Article | DocumentStatus]:
    """Articles found under ``inputs`` (and a status row for every document without one)."""
    settings = settings or Settings.from_env()
    processor = Processor(settings, code_events=False)
    for item in read_inputs(inputs, settings):
        if isinstance(item, DocumentStatus):
            yield item
            continue
        yield processor.extract(item)
