"""Running the same stage functions on many processes or machines, with Dask.

``--workers N`` starts a Dask ``LocalCluster`` of N single-threaded worker processes; ``--dask ADDRESS``
connects to an existing scheduler (``tcp://host:8786``) or starts ``local:N``. Either way:

- the driver reads the inputs lazily, drops documents the ledger already holds, and submits batches of
  raw documents as Dask tasks (a WARC file's records spread over many tasks);
- each worker builds one :class:`~eventwire.pipeline.Processor` (spaCy, dictionaries, gazetteer) when it
  starts, through a ``WorkerPlugin``; a worker that Dask restarts gets a fresh one the same way;
- each task codes its batch and saves the rows it adds to the store as a Parquet part in the parts
  directory (:mod:`eventwire.store.parts`; a directory every worker and the driver can reach), and
  returns only the part's path and ledger rows;
- the driver, the only writer of the DuckDB store, loads the parts in input order, the ready ones
  together in one transaction, and deletes them. At most ``3 × workers`` batches are unfinished and
  ``8 × workers`` finished parts wait for an older one, so memory and the parts directory stay bounded.

A worker that dies mid-task has its task re-run by Dask on another worker (the task is pure: a batch
in, one part out, written whole or not at all), so the ledger ends complete; a driver killed mid-run
is started again, loads the parts it left, and skips what the ledger already holds.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

import dask
from distributed import Client, LocalCluster, WorkerPlugin, get_worker, wait

from eventwire.errors import InputError
from eventwire.pipeline import Batch, Processor
from eventwire.records import DocType, DocumentResult, RawDocument, Status, content_id
from eventwire.settings import Settings
from eventwire.store.dedup import StoryIndex
from eventwire.store.parts import PartFile, Parts, RowSchemas, batch_rows, pending_parts, write_part

log = logging.getLogger(__name__)
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

PLUGIN_NAME = "eventwire-processor"
IN_FLIGHT_PER_WORKER = 3  # unfinished tasks per worker
WAITING_PER_WORKER = 8  # finished parts per worker that may wait for an older one
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
        self.schemas: RowSchemas | None = None
        self.hasher = StoryIndex()  # computes MinHash signatures for the parts; never indexes
        self.lock = threading.Lock()  # a Processor is not thread-safe; workers should run 1 thread

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("processor", "lock", "schemas", "hasher")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.processor = None
        self.schemas = None
        self.hasher = StoryIndex()
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
        self.schemas = RowSchemas.current()
        self.processor = processor
        if "MALLOC_TRIM_THRESHOLD_" in os.environ:
            log.warning(MALLOC_TRIM_WARNING)

    def teardown(self, worker: Any) -> None:
        self.processor = None


def _plugin() -> ProcessorPlugin:
    plugin = cast(ProcessorPlugin, get_worker().plugins[PLUGIN_NAME])
    if plugin.processor is None or plugin.schemas is None:  # setup() failed on this worker
        raise RuntimeError("eventwire processor is not loaded on this worker")
    return plugin


def process_batch(batch: Batch) -> list[DocumentResult]:
    """A Dask task: code one batch with the worker's own Processor, results back to the caller."""
    plugin = _plugin()
    with plugin.lock:
        assert plugin.processor is not None
        result: list[DocumentResult] = plugin.processor.process(batch)
    return result


def process_batch_to_part(batch: Batch, directory: str, name: str) -> PartFile:
    """The run's Dask task: code one batch and save the rows it adds to the store as a Parquet part."""
    plugin = _plugin()
    with plugin.lock:
        assert plugin.processor is not None and plugin.schemas is not None
        results = plugin.processor.process(batch)
        rows = batch_rows(results, plugin.schemas, plugin.hasher)
        path = write_part(rows, Path(directory), name)
    return PartFile(str(path), tuple(r.status for r in results))


class DaskEngine:
    """Processes batches on a Dask cluster into Parquet parts, at most ``3 × workers`` unfinished.

    ``parts_dir`` must be reachable at the same path from every worker and the driver (a local
    directory for a LocalCluster, shared storage for a cluster of machines).
    """

    def __init__(
        self,
        client: Any,
        settings: Settings,
        parts_dir: Path,
        actor_files: Sequence[Path] = (),
        pattern_files: Sequence[Path] = (),
        code_events: bool = True,
    ) -> None:
        self.client = client
        self.batch_size = settings.batch_size
        self.parts_dir = parts_dir.resolve()
        self._run = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")  # part names sort in run order
        plugin = ProcessorPlugin(settings, actor_files, pattern_files, code_events=code_events)
        client.register_plugin(plugin, name=PLUGIN_NAME)  # runs setup() on every worker, now and later
        workers = max(1, self.worker_count())
        self.max_in_flight = IN_FLIGHT_PER_WORKER * workers
        self.max_waiting = WAITING_PER_WORKER * workers

    def worker_count(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def map_batches(self, batches: Iterator[Batch]) -> Iterator[Parts]:
        """Parts in input order (so the store ends the same as after a one-process run: story ids and
        duplicate origins depend on write order), through :func:`in_input_order`."""
        directory = str(self.parts_dir)
        submitted = (
            self._submit(batch, directory, f"{self._run}-{number:09d}")
            for number, batch in enumerate(batches)
        )
        yield from in_input_order(submitted, _wait_any, self.max_in_flight, self.max_waiting)

    def _submit(self, batch: Batch, directory: str, name: str) -> Any:
        """One batch as a task, its raw pages inside the task.

        64 HTML pages are easily over Dask's 10 MB "large graph" warning, which suggests
        ``client.scatter``; but scattered data lives on one worker only, and a batch lost with its
        worker could not be re-run elsewhere. The bytes belong in the task, and at most
        ``max_in_flight`` batches are in flight, so the warning is silenced for this call only.
        """
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
            return self.client.submit(process_batch_to_part, batch, directory, name, pure=False)

    def leftover_parts(self) -> list[Path]:
        """Parts an earlier, interrupted run wrote and did not load."""
        return pending_parts(self.parts_dir)

    def worker_peak_rss(self) -> dict[str, int]:
        """Peak RSS (bytes) of every worker process, by worker address."""
        found: dict[str, int] = self.client.run(peak_rss_bytes)
        return found


def _wait_any(futures: list[Any]) -> None:
    wait(futures, return_when="FIRST_COMPLETED")  # type: ignore[no-untyped-call]


class Pending(Protocol[T_co]):
    """A submitted task: a Dask future or a :class:`concurrent.futures.Future`."""

    def done(self) -> bool: ...

    def result(self) -> T_co: ...


def in_input_order(
    submitted: Iterable[Pending[T]],
    wait_any: Callable[[list[Pending[T]]], object],
    running: int,
    waiting: int,
) -> Iterator[tuple[T, ...]]:
    """The results of tasks, in submission order, each yield a run of consecutive finished ones.

    ``submitted`` submits a task each time it is advanced. At most ``running`` tasks are unfinished
    at once, and at most ``waiting`` finished results wait for an older task to finish. The bound is on
    unfinished tasks, not on the oldest: a slow batch at the head must not leave the other workers
    idle (measured: one of two workers idle 1.7 s of a 24 s run when the next batch waited for the
    oldest). A finished task is turned into its result at once, so its future (and the input the
    scheduler keeps for it) is released; a failed task raises here.
    """
    source = iter(submitted)
    unfinished: dict[int, Pending[T]] = {}
    finished: dict[int, T] = {}
    submitted_count = handed_out = 0
    exhausted = False
    while not exhausted or unfinished or finished:
        _collect(unfinished, finished)
        if handed_out in finished:
            run = []
            while handed_out in finished:
                run.append(finished.pop(handed_out))
                handed_out += 1
            yield tuple(run)
        elif len(unfinished) >= running:
            wait_any(list(unfinished.values()))
        elif exhausted or len(finished) >= waiting:
            wait_any([unfinished[handed_out]])
        elif (future := next(source, None)) is not None:
            unfinished[submitted_count] = future
            submitted_count += 1
        else:
            exhausted = True


def _collect(unfinished: dict[int, Pending[T]], finished: dict[int, T]) -> None:
    for number in [n for n, future in unfinished.items() if future.done()]:
        finished[number] = unfinished.pop(number).result()


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
            with dask.config.set(short_message_logs()):
                return Client(address, timeout=CONNECT_TIMEOUT_S)  # type: ignore[no-untyped-call]
        except OSError as exc:  # refused, unreachable, timed out
            raise InputError(f"--dask {address!r}: cannot reach the Dask scheduler: {exc}") from exc
    if address:
        workers = local_worker_count(address)
    _drop_inherited_malloc_trim()
    # Worker processes inherit this configuration. Dask's statistical profiler samples every worker
    # thread every 10 ms; on a small machine that is CPU taken from coding, and nobody reads it here.
    # The scheduler of a LocalCluster runs in this process and opens its streams to the client while
    # the client connects, so the client is made under the same configuration.
    with dask.config.set({**LOCAL_WORKER_CONFIG, **short_message_logs()}):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster)  # type: ignore[no-untyped-call]


MESSAGE_LOG = "distributed.admin.low-level-log-length"
DASK_MESSAGE_LOG_DEFAULT = 1000
SHORT_MESSAGE_LOG = 100


def short_message_logs() -> dict[str, int]:
    """Dask configuration that keeps 100 recent messages per stream for debugging instead of 1000.

    Every batched stream (client → scheduler, scheduler → each worker) remembers its last 1000 messages,
    and a message that submits a batch carries the batch's pickled documents (~20 KB for 64 stories):
    the driver of a long run grew by ~100 MB before those logs were full (docs/scale.md). A value the
    user configured (anything but Dask's default) is left alone.
    """
    if dask.config.get(MESSAGE_LOG, DASK_MESSAGE_LOG_DEFAULT) != DASK_MESSAGE_LOG_DEFAULT:
        return {}
    return {MESSAGE_LOG: SHORT_MESSAGE_LOG}


LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    # Dask's housekeeping wakes every worker's event loop, which then takes the GIL from the coding
    # thread: the event-loop health tick (default 20 ms), the memory monitor (100 ms) and the system
    # monitor (500 ms) at these intervals cost ~4 % less wall time on 2 cores (docs/scale.md).
    "distributed.admin.tick.interval": "200ms",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "10s",
    # None unsets it: see MALLOC_TRIM_WARNING.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}

# Dask's default sets MALLOC_TRIM_THRESHOLD_=65536 for the worker processes a Nanny starts. Any explicit
# glibc malloc threshold turns off glibc's dynamic mmap threshold, so spaCy's large arrays are mmap'ed and
# unmapped again on every batch: measured +25 % CPU per article (docs/scale.md).
MALLOC_TRIM_WARNING = (
    "eventwire worker: MALLOC_TRIM_THRESHOLD_ is set, which costs spaCy about 25% CPU; unset it for "
    "dask worker with the Dask config distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_: null "
    "(see docs/scale.md)"
)


def _drop_inherited_malloc_trim() -> None:
    """Keep MALLOC_TRIM_THRESHOLD_ out of the environment our LocalCluster's workers inherit.

    Unsetting it in the Nanny's pre-spawn environment is not enough: a Nanny writes its pre-spawn
    variables into the os.environ of the process it runs in, so any LocalCluster started earlier in this
    process with Dask's defaults (a notebook, a test suite) has left MALLOC_TRIM_THRESHOLD_=65536 behind,
    and every worker process spawned later inherits it. The driver itself is unaffected: glibc reads the
    variable once, at start-up.
    """
    value = os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    if value is not None:
        log.info("MALLOC_TRIM_THRESHOLD_=%s removed from the environment of eventwire's Dask workers", value)


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
