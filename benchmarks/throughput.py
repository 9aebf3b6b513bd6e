"""Throughput benchmark: bare spaCy against eventwire in one process and on 2 workers, same articles.

Usage::

    .venv/bin/python benchmarks/throughput.py [--corpus guardian|reuters|zyte|all] [--limit N]
                                              [--workers 2] [--repeat N] [--profile FILE.pstats]

Inputs are real pages from ``../shared/eval/corpora`` beside the checkout (read-only): the Guardian
Syria articles (CSV in a zip: date, text), Reuters-21578 stories (SGML: DATE, TITLE, BODY) and the
Zyte article-extraction pages (gzipped HTML). ``--limit`` is per corpus. One run prints, for the same
documents:

1. bare spaCy: ``nlp.pipe`` over every sentence of the extracted articles (full pipeline as loaded,
   same model, in batches of ``parse_batch_sentences`` sentences as eventwire's own parse; extraction
   and sentence splitting not timed);
2. eventwire in one process: raw documents in → events in a DuckDB store (a child process, so its
   peak RSS is its own);
3. eventwire with ``--workers`` processes: a ``ProcessPoolExecutor`` and a Dask ``LocalCluster``;
   in both the workers save each batch as a Parquet part and the driver loads the parts into the store.

Model loading and worker start-up are timed separately and left out of the rates. ``--profile``
runs eventwire in this process under cProfile instead and prints where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import gzip
import html
import io
import json
import os
import pstats
import re
import resource
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from eventwire.pipeline import Batch, LocalEngine, Processor, run
from eventwire.pipeline.engine import (
    IN_FLIGHT_PER_WORKER,
    WAITING_PER_WORKER,
    WARM_UP,
    DaskEngine,
    dask_client,
    in_input_order,
    peak_rss_bytes,
    process_batch,
)
from eventwire.records import DocType, DocumentStatus, RawDocument, Status, content_id
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.store.dedup import StoryIndex
from eventwire.store.parts import PartFile, RowSchemas, batch_rows, write_part

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "eval" / "corpora"
MB = 2**20
_REUTERS = re.compile(rb"<REUTERS.*?</REUTERS>", re.S)
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>".encode(), re.S) for name in ("DATE", "TITLE", "BODY")}
_REUTERS_DATE = re.compile(r"\d{1,2}-[A-Za-z]{3}-\d{4} \d{1,2}:\d{2}:\d{2}")
# ── corpora → raw documents ──────────────────────────────────────────────────────────────────────


def guardian(limit: int) -> Iterator[RawDocument]:
    path = next((CORPORA / "guardian_syria_sample").rglob("*.csv.zip"))
    with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as raw:
        rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        for n, row in enumerate(rows):
            if n >= limit:
                return
            content = row["text"].encode("utf-8")
            published = datetime.fromisoformat(row["date"]).replace(tzinfo=UTC)
            yield RawDocument(
                content_id(content), f"guardian#{n}", content, DocType.TEXT, published=published
            )


def reuters(limit: int) -> Iterator[RawDocument]:
    count = 0
    for path in sorted((CORPORA / "reuters21578").rglob("*.sgm")):
        for story in _REUTERS.findall(path.read_bytes()):
            fields = {k: m.group(1) if (m := rx.search(story)) else b"" for k, rx in _FIELD.items()}
            if not fields["BODY"].strip():
                continue
            text = html.unescape((fields["TITLE"] + b"\n\n" + fields["BODY"]).decode("latin-1"))
            content = re.sub(r"[\x00-\x08\x0b-\x1f]", "", text).encode("utf-8")
            yield RawDocument(
                content_id(content),
                f"{path.name}#{count}",
                content,
                DocType.TEXT,
                published=_reuters_date(fields["DATE"]),
            )
            count += 1
            if count >= limit:
                return


def _reuters_date(raw: bytes) -> datetime | None:
    """``26-FEB-1987 15:01:01.79`` (day unpadded in some stories, ``5-MAR-1987 …``); None if unreadable."""
    match = _REUTERS_DATE.search(raw.decode("latin-1"))
    if match is None:
        return None
    try:
        return datetime.strptime(match.group(0), "%d-%b-%Y %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def zyte(limit: int) -> Iterator[RawDocument]:
    root = next((CORPORA / "article_extraction_benchmark").rglob("ground-truth.json")).parent
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth)[:limit]:
        content = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        yield RawDocument(
            content_id(content), f"zyte#{key[:12]}", content, DocType.HTML, url=truth[key]["url"]
        )


CORPUS_READERS = {"guardian": guardian, "reuters": reuters, "zyte": zyte}


# ── measurements ─────────────────────────────────────────────────────────────────────────────────


@dataclass
class Measure:
    name: str
    seconds: float
    documents: int
    events: int | None
    startup_s: float = 0.0
    peak_rss: tuple[int, ...] = ()
    cpu_s: float = 0.0  # CPU time of this process (for 2 and 3: the driver) during the timed part
    worker_cpu_s: tuple[float, ...] = ()  # (3) only: CPU time of each worker during the timed part


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def articles_and_sentences(docs: Sequence[RawDocument], settings: Settings, nlp: Any) -> list[str]:
    """Every sentence of the articles eventwire extracts, split the way eventwire splits them."""
    from eventwire.nlp import SentenceSplitter

    extractor = Processor(settings, code_events=False)
    splitter = SentenceSplitter(nlp)
    sentences: list[str] = []
    for doc in docs:
        article = extractor.extract(doc)
        if isinstance(article, DocumentStatus):
            continue
        text = article.text[: settings.max_text_chars]
        sentences.extend(s.text.strip() for s in splitter.split(text).sents if s.text.strip())
    return sentences


def bare_spacy(sentences: list[str], nlp: Any, batch_size: int, n_docs: int) -> Measure:
    start, cpu = time.perf_counter(), cpu_seconds()
    for _ in nlp.pipe(sentences, batch_size=batch_size):
        pass
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return Measure("(1) bare spaCy nlp.pipe", seconds, n_docs, None, cpu_s=cpu)


def one_process(docs: Sequence[RawDocument], settings: Settings) -> Measure:
    """eventwire in one process (run in a fresh child so that its peak RSS is its own)."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_one_process_child, list(docs), settings).result()


def _warm_up(processor: Processor) -> None:
    """Code one sentence; stop the benchmark if that fails (else every document would 'fail' fast)."""
    (result,) = processor.process([WARM_UP])
    if result.status.status is Status.FAILED:
        raise SystemExit(f"eventwire cannot code: {result.status.reason}")


def _one_process_child(docs: list[RawDocument], settings: Settings) -> Measure:
    loaded = time.perf_counter()
    processor = Processor(settings)
    _warm_up(processor)  # the actor analyzer and spaCy load on first use
    startup = time.perf_counter() - loaded
    with (
        tempfile.TemporaryDirectory() as tmp,
        Store.open(Path(tmp) / "one.duckdb", hold_s=settings.store_hold_s) as store,
    ):
        start, cpu = time.perf_counter(), cpu_seconds()
        summary = run(iter(docs), LocalEngine(processor), store)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return Measure(
        "(2) eventwire, 1 process",
        seconds,
        summary.documents,
        summary.events,
        startup,
        (peak_rss_bytes(),),
        cpu,
    )


def _pool_init(settings: Settings) -> None:
    # benchmark-only per-process state: a ProcessPoolExecutor task cannot reach an object otherwise
    processor = Processor(settings)
    _warm_up(processor)
    _POOL_STATE["processor"] = processor
    _POOL_STATE["schemas"] = RowSchemas.current()
    _POOL_STATE["hasher"] = StoryIndex()


_POOL_STATE: dict[str, Any] = {}


_TaskOut = tuple[PartFile, int, int, float]


def _pool_task(batch: Batch, directory: str, name: str) -> _TaskOut:
    """The same work as the Dask task: code the batch, save its rows as a Parquet part."""
    start = cpu_seconds()
    results = _POOL_STATE["processor"].process(batch)
    path = write_part(
        batch_rows(results, _POOL_STATE["schemas"], _POOL_STATE["hasher"]), Path(directory), name
    )
    part = PartFile(str(path), tuple(r.status for r in results))
    return part, os.getpid(), peak_rss_bytes(), cpu_seconds() - start


def _pool_ready(_: int) -> int:
    time.sleep(0.5)  # keep this worker busy so that the next warm-up task starts another
    return os.getpid()


class PoolEngine:
    """The benchmark's ProcessPoolExecutor engine: same Processor, same in-order driver-side writes."""

    def __init__(self, pool: ProcessPoolExecutor, workers: int, batch_size: int, parts: Path) -> None:
        self.pool = pool
        self.batch_size = batch_size
        self.parts = parts
        self.max_in_flight = IN_FLIGHT_PER_WORKER * workers
        self.max_waiting = WAITING_PER_WORKER * workers
        self.peaks: dict[int, int] = {}
        self.cpu: dict[int, float] = {}

    def map_batches(self, batches: Iterator[Batch]) -> Iterator[tuple[PartFile, ...]]:
        """As DaskEngine: parts in input order, through the same window."""
        submitted = (
            self.pool.submit(_pool_task, batch, str(self.parts), f"part-{number:09d}")
            for number, batch in enumerate(batches)
        )
        for outs in in_input_order(submitted, _wait_any, self.max_in_flight, self.max_waiting):
            yield tuple(self._take(out) for out in outs)

    def leftover_parts(self) -> list[Path]:
        return []

    def _take(self, out: _TaskOut) -> PartFile:
        part, pid, peak, cpu = out
        self.peaks[pid] = max(peak, self.peaks.get(pid, 0))
        self.cpu[pid] = self.cpu.get(pid, 0.0) + cpu
        return part


def _wait_any(futures: list[Any]) -> None:
    wait(futures, return_when=FIRST_COMPLETED)


def process_pool(docs: Sequence[RawDocument], settings: Settings, workers: int) -> Measure:
    loaded = time.perf_counter()
    with ProcessPoolExecutor(
        workers, mp_context=get_context("spawn"), initializer=_pool_init, initargs=(settings,)
    ) as pool:
        pids = set(pool.map(_pool_ready, range(workers)))
        startup = time.perf_counter() - loaded
        with tempfile.TemporaryDirectory() as parts:
            engine = PoolEngine(pool, workers, settings.batch_size, Path(parts))
            measure = _timed_run(f"(3a) eventwire, ProcessPool of {workers}", docs, engine, startup)
    measure.peak_rss = tuple(engine.peaks[pid] for pid in sorted(pids) if pid in engine.peaks)  # busy ones
    measure.worker_cpu_s = tuple(engine.cpu.values())
    return measure


def dask_cluster(docs: Sequence[RawDocument], settings: Settings, workers: int) -> Measure:
    loaded = time.perf_counter()
    with dask_client(f"local:{workers}", workers) as client, tempfile.TemporaryDirectory() as parts:
        engine = DaskEngine(client, settings, Path(parts))
        warm = [
            client.submit(process_batch, [WARM_UP], workers=[addr], pure=False)
            for addr in client.scheduler_info()["workers"]
        ]
        client.gather(warm)
        startup = time.perf_counter() - loaded
        before: dict[str, float] = client.run(cpu_seconds)
        measure = _timed_run(f"(3b) eventwire, Dask LocalCluster of {workers}", docs, engine, startup)
        after: dict[str, float] = client.run(cpu_seconds)
        measure.peak_rss = tuple(engine.worker_peak_rss().values())
        measure.worker_cpu_s = tuple(after[w] - before.get(w, 0.0) for w in after)
    return measure


def _timed_run(name: str, docs: Sequence[RawDocument], engine: Any, startup: float) -> Measure:
    with (
        tempfile.TemporaryDirectory() as tmp,
        Store.open(Path(tmp) / "many.duckdb", hold_s=Settings.from_env().store_hold_s) as store,
    ):
        start, cpu = time.perf_counter(), cpu_seconds()
        summary = run(iter(docs), engine, store)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return Measure(name, seconds, summary.documents, summary.events, startup, cpu_s=cpu)


# ── reporting ────────────────────────────────────────────────────────────────────────────────────


def print_table(measures: list[Measure], sentences: int) -> None:
    print(
        f"{'mode':42} {'s':>7} {'start s':>7} {'events':>6} {'art/s':>7} {'sent/s':>8} {'events/s':>8} "
        f"{'CPU ms/art':>10}  peak RSS MB"
    )
    for m in measures:
        events = f"{m.events / m.seconds:8.1f}" if m.events is not None else f"{'—':>8}"
        rss = ", ".join(f"{r / MB:.0f}" for r in m.peak_rss) or "—"
        print(
            f"{m.name:42} {m.seconds:7.2f} {m.startup_s:7.1f} {m.events if m.events is not None else '—':>6} "
            f"{m.documents / m.seconds:7.2f} "
            f"{sentences / m.seconds:8.1f} {events} {1000 * m.cpu_s / m.documents:10.1f}  {rss}"
        )


def print_ratios(base: Measure, one: Measure, many: list[Measure]) -> None:
    by_cpu = base.cpu_s / one.cpu_s if one.cpu_s else float("nan")
    print(f"(2)/(1) = {base.seconds / one.seconds:.2f}   (target ≥ 1.5; by CPU time {by_cpu:.2f})")
    for m in many:
        print(f"(3)/(2) = {one.seconds / m.seconds:.2f}   {m.name}   (target ≥ 1.8)")


def print_modelled_speedup(one: Measure, many: list[Measure], cores: int) -> None:
    """(3)/(2) on idle cores, from CPU times: wall ≥ all CPU / cores and ≥ the busiest process's CPU."""
    for m in many:
        busiest = max((m.cpu_s, *m.worker_cpu_s))
        total = m.cpu_s + sum(m.worker_cpu_s)
        wall = max(total / cores, busiest)
        workers = ", ".join(f"{c:.1f}" for c in m.worker_cpu_s)
        print(
            f"modelled (3)/(2) on {cores} idle cores = {one.cpu_s / wall:.2f}   {m.name} "
            f"(CPU s: one process {one.cpu_s:.1f}; driver {m.cpu_s:.1f}, workers {workers})"
        )


def print_projection(one: Measure, many: list[Measure], articles: int = 250_000) -> None:
    """A day of world news from CPU time per article (robust to a busy machine, unlike wall time)."""
    per_article = one.cpu_s / one.documents
    print(f"projection for {articles:,} articles at {1000 * per_article:.0f} CPU ms/article (one process):")
    for cores in (1, 16, 32 * 16):
        print(f"  {cores:4d} worker cores: {articles * per_article / cores / 3600:6.2f} h of coding")
    for m in many:
        driver = m.cpu_s / m.documents
        print(
            f"  single-writer driver ({m.name}): {1000 * driver:.0f} CPU ms/article → "
            f"≥ {articles * driver / 3600:.2f} h, at most {1 / driver:.0f} articles/s whatever the cluster"
        )


def prefilter_rate(docs: Sequence[RawDocument], settings: Settings) -> tuple[int, int]:
    """(sentences the pre-filter sends to the parser, all sentences): a diagnostic, uses internals."""
    from eventwire.events import EventCoder

    extractor = Processor(settings, code_events=False)
    analyzer = EventCoder(settings).analyzer
    parsed = total = 0
    for doc in docs:
        article = extractor.extract(doc)
        if isinstance(article, DocumentStatus):
            continue
        prepared = analyzer._prepare(article.text, None)
        total += len(prepared.sentences)
        parsed += sum(analyzer._wanted(prepared, i) for i in range(len(prepared.sentences)))
    return parsed, total


def profile(docs: Sequence[RawDocument], settings: Settings, out: Path) -> None:
    processor = Processor(settings)
    _warm_up(processor)
    with (
        tempfile.TemporaryDirectory() as tmp,
        Store.open(Path(tmp) / "prof.duckdb", hold_s=settings.store_hold_s) as store,
    ):
        profiler = cProfile.Profile()
        profiler.enable()
        summary = run(iter(docs), LocalEngine(processor), store)
        profiler.disable()
    profiler.dump_stats(out)
    print(f"{summary.documents} documents, {summary.events} events; profile in {out}")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(20)


STAGES = (
    ("extract", "eventwire.pipeline", "Processor", "extract"),
    ("split + dictionary match (pre-filter)", "eventwire.actors.analyzer", "ActorAnalyzer", "_prepare"),
    ("spaCy parse of kept sentences", "eventwire.actors.analyzer", "ActorAnalyzer", "_parse"),
    ("actor resolution + coreference", "eventwire.actors.analyzer", "ActorAnalyzer", "_finish"),
    ("event coding", "eventwire.events.coder", "EventCoder", "code"),
    ("unresolved names (unresolved_names)", "eventwire.actors.analyzer", "ActorAnalyzer", "unresolved"),
    ("geocoding", "eventwire.pipeline", "Processor", "_locate"),
    ("tone", "eventwire.pipeline", "Processor", "_tone"),
    ("store writes", "eventwire.store", "Store", "write_batch"),
)


def stage_times(docs: Sequence[RawDocument], settings: Settings) -> None:
    """CPU time per stage, by wrapping the stage methods with a timer (cProfile is no good here: spaCy's
    Cython code reports every Token creation to it, which inflates token-heavy code many times over)."""
    import importlib

    spent: dict[str, float] = {}
    originals = []
    for label, module_name, class_name, method in STAGES:
        cls = getattr(importlib.import_module(module_name), class_name)
        original = getattr(cls, method)
        originals.append((cls, method, original))
        setattr(cls, method, _timed(original, label, spent))
    try:
        processor = Processor(settings)
        _warm_up(processor)
        spent.clear()
        with (
            tempfile.TemporaryDirectory() as tmp,
            Store.open(Path(tmp) / "stages.duckdb", hold_s=settings.store_hold_s) as store,
        ):
            start = cpu_seconds()
            summary = run(iter(docs), LocalEngine(processor), store)
            total = cpu_seconds() - start
            names = store.query().unresolved_totals()
    finally:
        for cls, method, original in originals:
            setattr(cls, method, original)
    print(f"{summary.documents} documents, {summary.events} events, {total:.2f} CPU s")
    print(
        f"unresolved_names={settings.unresolved_names!r}: {names.sightings} unresolved actor-like names "
        f"({names.names} different) in {names.articles} articles"
    )
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {label:40} {seconds:7.2f} CPU s  {seconds / total:5.1%}")
    rest = total - sum(spent.values())
    print(f"  {'everything else (reading, ledger, glue)':40} {rest:7.2f} CPU s  {rest / total:5.1%}")


def _timed(function: Any, label: str, spent: dict[str, float]) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = cpu_seconds()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + cpu_seconds() - start

    return wrapper


def _median(measures: list[Measure]) -> Measure:
    """The run with the median wall time (the upper one of an even number)."""
    return sorted(measures, key=lambda m: m.seconds)[len(measures) // 2]


def load_documents(corpus: str, limit: int) -> list[RawDocument]:
    names = list(CORPUS_READERS) if corpus == "all" else [corpus]
    return [doc for name in names for doc in CORPUS_READERS[name](limit)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", choices=[*CORPUS_READERS, "all"], default="all")
    parser.add_argument("--limit", type=int, default=80, help="documents per corpus")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--batch-size",
        type=int,
        default=16,
        help="documents per batch/task (the setting's default, 64, leaves few tasks in a short run)",
    )
    parser.add_argument("--profile", type=Path, help="profile eventwire in one process into this file")
    parser.add_argument("--stages", action="store_true", help="CPU time per stage of one process, then exit")
    parser.add_argument("--skip", nargs="*", default=[], choices=["pool", "dask"])
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run (1), (2) and (3) this many times, interleaved, and report each mode's median run "
        "(a shared or virtual machine varies by ±10%% from run to run)",
    )
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"{CORPORA} is missing: nothing to measure")
        return 0
    settings = Settings.from_env().replace(batch_size=args.batch_size)
    docs = load_documents(args.corpus, args.limit)
    if args.profile:
        profile(docs, settings, args.profile)
        return 0
    if args.stages:
        stage_times(docs, settings)
        return 0
    import spacy

    nlp = spacy.load(settings.spacy_model)
    sentences = articles_and_sentences(docs, settings, nlp)
    parsed, total = prefilter_rate(docs, settings)
    print(
        f"{len(docs)} documents ({args.corpus}, ≤{args.limit} each), {len(sentences)} sentences; "
        f"pre-filter sends {parsed}/{total} = {parsed / max(1, total):.0%} to the parser; "
        f"batches of {settings.batch_size}; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    runs: dict[str, list[Measure]] = {}
    for _ in range(max(1, args.repeat)):
        # the baseline gets the sentence batch eventwire's own parse uses (spaCy runs ~15% faster at 256
        # sentences per batch than at 16)
        bare = bare_spacy(sentences, nlp, settings.parse_batch_sentences, len(docs))
        modes = [bare, one_process(docs, settings)]
        if "pool" not in args.skip:
            modes.append(process_pool(docs, settings, args.workers))
        if "dask" not in args.skip:
            modes.append(dask_cluster(docs, settings, args.workers))
        for measure in modes:
            runs.setdefault(measure.name, []).append(measure)
    if args.repeat > 1:
        for name, measures in runs.items():
            print(f"{name:42} runs (s): " + ", ".join(f"{m.seconds:.2f}" for m in measures) + "  → median")
    base, one, *many = (_median(measures) for measures in runs.values())
    print_table([base, one, *many], len(sentences))
    print_ratios(base, one, many)
    print_modelled_speedup(one, many, os.cpu_count() or 1)
    print_projection(one, many)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
