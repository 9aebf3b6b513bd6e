"""The main job: inputs → ledger, articles and events, one batch at a time.

``Processor`` holds everything that is expensive to load (the spaCy pipeline, actor and pattern tables,
the gazetteer) and turns documents into :class:`~eventwire.records.DocumentResult` s. It is created once
per process: in the driver for a one-process run, once per worker for ``--workers N`` and Dask.

Every document that enters ends with exactly one ledger row:

- reader problems (unreadable file, malformed JSONL line…) arrive as ``DocumentStatus`` already;
- extraction problems (no article, too short) become ``skipped`` with the extractor's reason;
- articles in a language that is not coded are stored and marked ``skipped: language xx not coded``;
- an unexpected error while coding one document becomes ``failed`` with the error, and the rest of its
  batch is coded on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from eventwire.errors import DocumentError
from eventwire.pipeline._deadline import deadline
from eventwire.records import (
    Article,
    DocumentResult,
    DocumentStatus,
    Event,
    RawDocument,
    Status,
    Tone,
    UnresolvedMention,
)
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.store.parts import Parts

if TYPE_CHECKING:
    from spacy.language import Language

    from eventwire.cache import IndexCache
    from eventwire.events import EventCoder
    from eventwire.geo import Geocoder

log = logging.getLogger(__name__)

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class RunSummary:
    """Counts of one run, by ledger status, plus what was coded."""

    ok: int = 0
    skipped: int = 0
    failed: int = 0
    already_done: int = 0
    events: int = 0
    recovered: int = 0  # documents in parts an interrupted run left, loaded before this run's inputs
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return self.ok + self.skipped + self.failed

    def add(self, status: DocumentStatus) -> None:
        if status.status is Status.OK:
            self.ok += 1
        elif status.status is Status.SKIPPED:
            self.skipped += 1
        else:
            self.failed += 1
        if status.reason:
            key = f"{status.status.value}: {_reason_kind(status.reason)}"
            self.reasons[key] = self.reasons.get(key, 0) + 1
        self.events += status.n_events


def _reason_kind(reason: str) -> str:
    """The stable head of a reason ("binary file (looks like PNG)" → "binary file")."""
    head = reason.split(":", 1)[0].split("(", 1)[0].strip()
    return head[:60] or reason[:60]


def _article_date(article: Article) -> date | None:
    return article.published.date() if article.published is not None else None


class Processor:
    """Turns raw documents into document results. Load once per process; not thread-safe.

    The coder (spaCy, the actor table, the patterns) and the geocoder are loaded when the first article
    needs them, so a run whose documents are already in the ledger, or are none of them articles to
    code, never loads spaCy. With user dictionary or pattern files they are loaded at once, so that a
    mistake in one stops the run before any input is read.
    """

    def __init__(
        self,
        settings: Settings,
        actor_files: Sequence[Path] = (),
        pattern_files: Sequence[Path] = (),
        code_events: bool = True,
        nlp: Language | None = None,
    ) -> None:
        from eventwire.extract import extract_article

        self.settings = settings
        self._extract = extract_article
        self._code_events = code_events
        self._actor_files = tuple(actor_files)
        self._pattern_files = tuple(pattern_files)
        self._nlp = nlp
        self._cache: IndexCache | None = None
        self._coder: EventCoder | None = None
        self._geocoder: Geocoder | None = None
        if code_events and (actor_files or pattern_files):
            self._load_coder()

    @property
    def coder(self) -> EventCoder | None:
        """The event coder (loaded now if it was not yet); None when this processor does not code."""
        if self._coder is None and self._code_events:
            self._load_coder()
        return self._coder

    def _index_cache(self) -> IndexCache:
        from eventwire.cache import IndexCache

        if self._cache is None:  # one per processor: the actor table and the gazetteer share its folder
            self._cache = IndexCache.from_settings(self.settings)
        return self._cache

    def _load_coder(self) -> EventCoder:
        from eventwire.events import EventCoder

        coder = EventCoder.with_analyzer(
            self.settings,
            nlp=self._nlp,
            actor_files=self._actor_files,
            pattern_files=self._pattern_files,
            cache=self._index_cache(),
        )
        self._coder = coder
        return coder

    def _located_by(self) -> Geocoder | None:
        if self._geocoder is None and self._code_events:
            from eventwire.geo import Geocoder

            self._geocoder = Geocoder(cache=self._index_cache())
        return self._geocoder

    def extract(self, doc: RawDocument) -> Article | DocumentStatus:
        try:
            with deadline(self.settings.document_time_limit_s, "extraction"):
                return self._extract(doc, self.settings)
        except DocumentError as exc:
            kind = DocumentStatus.skipped if _is_skip(exc) else DocumentStatus.failed
            return kind(doc.id, doc.origin, str(exc) or type(exc).__name__, "extract")
        except Exception as exc:  # a library bug on one page must not end the run
            log.warning("extract failed on %s: %r", doc.origin, exc)
            return DocumentStatus.failed(doc.id, doc.origin, f"{type(exc).__name__}: {exc}", "extract")

    def process(self, items: Sequence[RawDocument | DocumentStatus]) -> list[DocumentResult]:
        """One batch: extract every document, code the articles together, return one result each."""
        results: list[DocumentResult | None] = []
        to_code: list[tuple[int, Article]] = []
        for item in items:
            if isinstance(item, DocumentStatus):
                results.append(DocumentResult(item))
                continue
            found = self.extract(item)
            if isinstance(found, DocumentStatus):
                results.append(DocumentResult(found))
                continue
            if found.language not in self.settings.languages:
                reason = f"language {found.language or 'unknown'} not coded"
                status = DocumentStatus.skipped(found.doc_id, found.origin, reason, "language")
                results.append(DocumentResult(status, found, (), self._tone(found)))
                continue
            to_code.append((len(results), found))
            results.append(None)
        for index, result in self._code(to_code):
            results[index] = result
        return [r for r in results if r is not None]

    def _tone(self, article: Article) -> Tone:
        from eventwire.tone import article_tone

        return article_tone(article.text)

    def _code(self, batch: list[tuple[int, Article]]) -> Iterator[tuple[int, DocumentResult]]:
        if not batch:
            return
        coder = (
            self.coder
        )  # loaded here, outside the per-document guard: failing to load is no document's fault
        if coder is None:
            for index, article in batch:
                yield index, self._done(article, ())
            return
        # The coder names each event's article by the key it is given: the document id.
        slots = {article.doc_id: (index, article) for index, article in batch}
        items = ((article.doc_id, article.text, article.published) for _, article in batch)
        coded: set[str] = set()
        done: list[tuple[int, DocumentResult]] = []
        try:
            # the batch gets the time of all its documents (document_time_limit_s each)
            with deadline(self.settings.document_time_limit_s * len(batch), "coding"):
                for doc_id, analyzed, events in coder.code_many_analyzed(items):
                    index, article = slots[doc_id]
                    located = self._locate(article, events)
                    unresolved = coder.analyzer.unresolved(analyzed)  # after coding: see its doc
                    done.append((index, self._done(article, located, unresolved)))
                    coded.add(doc_id)
        except Exception as exc:
            yield from done
            if len(batch) == 1:
                index, article = batch[0]
                log.warning("coding failed on %s: %r", article.origin, exc)
                reason = f"{type(exc).__name__}: {exc}"
                status = DocumentStatus.failed(article.doc_id, article.origin, reason, "code")
                yield index, DocumentResult(status, article)
                return
            # find the bad document: code the ones not yet coded one by one
            for single in batch:
                if single[1].doc_id not in coded:
                    yield from self._code([single])
            return
        yield from done

    def _locate(self, article: Article, events: list[Event]) -> tuple[Event, ...]:
        geocoder = self._located_by() if events else None
        if geocoder is None:
            return tuple(events)
        located = []
        for event in events:
            mentions = [m for m in (event.source, event.target) if m is not None]
            where = geocoder.locate(event.sentence_text, article, mentions)
            located.append(replace(event, location=where) if where is not None else event)
        return tuple(located)

    def _done(
        self, article: Article, events: tuple[Event, ...], unresolved: tuple[UnresolvedMention, ...] = ()
    ) -> DocumentResult:
        status = DocumentStatus.ok(article.doc_id, article.origin, len(events))
        tone = self._tone(article)
        return DocumentResult(status, article, events, tone, unresolved)


def _is_skip(exc: DocumentError) -> bool:
    from eventwire.errors import SkipDocument

    return isinstance(exc, SkipDocument)


ProgressHook = Callable[[DocumentResult], None]
Batch = list[RawDocument | DocumentStatus]


class Engine(Protocol):
    """Something that turns batches of documents into results: this process, or a Dask cluster whose
    workers save each batch's rows as a Parquet part for the store to load."""

    batch_size: int

    def map_batches(self, batches: Iterator[Batch]) -> Iterator[list[DocumentResult] | Parts]: ...

    def leftover_parts(self) -> list[Path]: ...


class LocalEngine:
    """Processes every batch in this process, in order."""

    def __init__(self, processor: Processor) -> None:
        self.processor = processor
        self.batch_size = processor.settings.batch_size

    def map_batches(self, batches: Iterator[Batch]) -> Iterator[list[DocumentResult] | Parts]:
        for batch in batches:
            yield self.processor.process(batch)

    def leftover_parts(self) -> list[Path]:
        return []


def run(
    inputs: Iterable[RawDocument | DocumentStatus],
    engine: Engine,
    store: Store,
    progress: ProgressHook | None = None,
) -> RunSummary:
    """Process every input into the store, batch by batch; documents already in the ledger are skipped.

    Each batch of results is written in one transaction, so a run killed at any point and started again
    ends with exactly the rows of an uninterrupted run. Parts a killed distributed run left are loaded
    first. The progress hook sees each document's result; for batches coded on a cluster only its
    ledger row (the events went into the part).
    """
    summary = RunSummary()
    for part in engine.leftover_parts():  # a killed run's coded batches go in before anything new
        summary.recovered += len(store.load_part(part))

    def fresh_batches() -> Iterator[Batch]:
        for batch in batched(inputs, engine.batch_size):
            done = store.known_documents([_doc_id(item) for item in batch])
            fresh = _first_sightings(batch, done, summary)
            if fresh:
                yield fresh

    for output in engine.map_batches(fresh_batches()):
        if isinstance(output, tuple):
            store.load_parts([part.path for part in output])
            results = [DocumentResult(status) for part in output for status in part.statuses]
        else:
            store.write_batch(output)
            results = output
        for result in results:
            summary.add(result.status)
            if progress is not None:
                progress(result)
    return summary


def _doc_id(item: RawDocument | DocumentStatus) -> str:
    return item.doc_id if isinstance(item, DocumentStatus) else item.id


def _first_sightings(batch: Batch, done: set[str], summary: RunSummary) -> Batch:
    """Drop documents the ledger already holds, and repeats of one id inside the batch."""
    seen: set[str] = set()
    fresh: Batch = []
    for item in batch:
        doc_id = _doc_id(item)
        if doc_id in done or doc_id in seen:
            summary.already_done += 1
            continue
        seen.add(doc_id)
        fresh.append(item)
    return fresh
