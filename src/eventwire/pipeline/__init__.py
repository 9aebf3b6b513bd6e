"""Pipeline: running the stages, one batch at a time, from raw documents to the store's ledger.

Its public face is :class:`Processor` (loads spaCy, dictionaries and gazetteer once, then turns a batch
of documents into :class:`~eventwire.records.DocumentResult` s: extract → language gate → actors and
events → geo and tone) and :func:`run` (batches → ``Store.known_documents`` → an engine →
``Store.write_batch``). ``_run`` holds both and the one-process :class:`LocalEngine`; ``engine`` is the
Dask engine for ``--workers`` / ``--dask`` (import it explicitly: it needs the ``dask`` extra);
``_deadline`` is the per-document time limit.
"""

from eventwire.pipeline._run import (
    Batch,
    Engine,
    LocalEngine,
    Processor,
    ProgressHook,
    RunSummary,
    batched,
    run,
)

__all__ = ["Batch", "Engine", "LocalEngine", "Processor", "ProgressHook", "RunSummary", "batched", "run"]
