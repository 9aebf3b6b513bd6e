"""Running the same stage functions on many processes or machines, with Dask.

``--workers N`` starts a Dask ``LocalCluster`` of N single-threaded worker processes; ``--dask ADDRESS``
connects to an existing scheduler (``tcp://host:8786``) or starts ``local:N``. Either way:

- the driver reads the inputs lazily, drops documents the ledger already holds, and submits batches of
  raw documents as Dask tasks (a WARC file's records spread over many tasks);
- each worker builds one :class:`~eventwire.pipeline.Processor` (spaCy, dictionaries, gazetteer) when it
  starts, through a ``WorkerPlugin``; a worker that Dask restarts gets a fresh one the same way;
- results come back to the driver, which is the only writer of the DuckDB store and writes each batch in
  one transaction, in input order. At most ``3 × workers`` batches are in flight, so memory stays bounded.

A worker that dies mid-task has its task re-run by Dask on another worker (the task is pure: a batch
in, results out, nothing written), so the ledger ends complete; a driver killed mid-run is started
again and skips what the ledger already holds. Why results travel back instead of workers writing
Parquet parts: see docs/scale.md.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import dask
from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from eventwire.errors import InputError
from eventwire.pipeline import Batch, Processor
from eventwire.records import DocType, DocumentResult, RawDocument, Status, content_id
from eventwire.settings import Settings

PLUGIN_NAME = "eventwire-processor"
IN_FLIGHT_PER_WORKER = 3
CONNECT_TIMEOUT_S = 30
_WARM_UP_TEXT = (
    b"The foreign minister of France met the prime minister of Japan in Paris on Monday to discuss trade."
)
WARM_UP = RawDocument(content_id(_WARM_UP_TEXT), "eventwire:warm-up", _WARM_UP_TEXT, DocType.TEXT)


def peak_rss_bytes() -> int:
    """This process's peak resident set size in bytes (``VmHWM`` from /proc, else ``ru_maxrss``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


class ProcessorPlugin(WorkerPlugin):
    """A Dask worker plugin that loads one Processor per worker process."""

    name = PLUGIN_NAME

    def __init__(
        self,
        settings: Settings,
        actor_files: Sequence[Path] = (),
        pattern_files: Sequence[Path] = (),
        code_events: bool = True,
    ) -> None:
        self.settings = settings
        self.actor_files = tuple(actor_files)
        self.pattern_files = tuple(pattern_files)
        self.code_events = code_events
        self.processor: Processor | None = None
        self.lock = threading.Lock()  # a Processor is not thread-safe; workers should run 1 thread

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("processor", "lock")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.processor = None
        self.lock = threading.Lock()

    def setup(self, worker: Any) -> None:
        """Load the Processor and code one sentence, so that a worker that cannot code (model not
        installed, bad dictionary file) fails here, before any input is read, instead of marking every
        document failed in the ledger."""
        processor = Processor(
            self.settings, self.actor_files, self.pattern_files, code_events=self.code_events
        )
        (result,) = processor.process([WARM_UP])
        if result.status.status is Status.FAILED:
            raise InputError(f"eventwire worker cannot code: {result.status.reason}")
        self.processor = processor

    def teardown(self, worker: Any) -> None:
        self.processor = None


def process_batch(batch: Batch) -> list[DocumentResult]:
    """The Dask task: code one batch with the worker's own Processor."""
    plugin = cast(ProcessorPlugin, get_worker().plugins[PLUGIN_NAME])
    processor = plugin.processor
    if processor is None:  # setup() failed on this worker
        raise RuntimeError("eventwire processor is not loaded on this worker")
    with plugin.lock:
        result: list[DocumentResult] = processor.process(batch)
    return result


class DaskEngine:
    """Processes batches on a Dask cluster, at most ``3 × workers`` in flight."""

    def __init__(
        self,
        client: Any,
        settings: Settings,
        actor_files: Sequence[Path] = (),
        pattern_files: Sequence[Path] = (),
        code_events: bool = True,
    ) -> None:
        self.client = client
        self.batch_size = settings.batch_size
        plugin = ProcessorPlugin(settings, actor_files, pattern_files, code_events=code_events)
        client.register_plugin(plugin, name=PLUGIN_NAME)  # runs setup() on every worker, now and later
        self.max_in_flight = IN_FLIGHT_PER_WORKER * max(1, self.worker_count())

    def worker_count(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def map_batches(self, batches: Iterator[Batch]) -> Iterator[list[DocumentResult]]:
        """Results batch by batch, in input order (so the store ends the same as after a one-process
        run: story ids and duplicate origins depend on write order)."""
        pending: deque[Any] = deque()
        for batch in batches:
            pending.append(self.client.submit(process_batch, batch, pure=False))
            if len(pending) >= self.max_in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def worker_peak_rss(self) -> dict[str, int]:
        """Peak RSS (bytes) of every worker process, by worker address."""
        found: dict[str, int] = self.client.run(peak_rss_bytes)
        return found


def local_worker_count(address: str) -> int:
    """N of ``local:N``; an :class:`InputError` for anything else that starts with ``local``."""
    count = address.split(":", 1)[1] if ":" in address else ""
    if not count.isdigit() or int(count) < 1:
        raise InputError(f"--dask {address!r}: expected local:N with N ≥ 1, or tcp://host:port")
    return int(count)


def open_client(address: str | None, workers: int) -> Any:
    """A Dask client: to ``address``, or to a new LocalCluster of ``workers`` processes (``local:N``).

    The caller closes the client and, for a LocalCluster, ``client.cluster``; :func:`dask_client`
    does both.
    """
    if address and not address.startswith("local"):
        try:
            return Client(address, timeout=CONNECT_TIMEOUT_S)  # type: ignore[no-untyped-call]
        except OSError as exc:  # refused, unreachable, timed out
            raise InputError(f"--dask {address!r}: cannot reach the Dask scheduler: {exc}") from exc
    if address:
        workers = local_worker_count(address)
    # Worker processes inherit this configuration. Dask's statistical profiler samples every worker
    # thread every 10 ms; on a small machine that is CPU taken from coding, and nobody reads it here.
    with dask.config.set(LOCAL_WORKER_CONFIG):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
        )
    return Client(cluster)  # type: ignore[no-untyped-call]


LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
}


@contextmanager
def dask_client(address: str | None, workers: int) -> Iterator[Any]:
    """:func:`open_client` as a context manager that also shuts down a LocalCluster it started."""
    client = open_client(address, workers)
    try:
        yield client
    finally:
        cluster = client.cluster
        client.close()
        if isinstance(cluster, LocalCluster):
            cluster.close()
