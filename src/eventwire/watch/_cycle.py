"""One cycle of ``eventwire watch``, and the loop of cycles.

A cycle:

1. asks every source that is not backing off (hosts in parallel, ``watch_fetch_threads``; each host's
   requests one at a time, ``fetch_delay_s`` apart) what is new (:mod:`._poll`);
2. takes on at most ``watch_max_items`` of the candidates, in turn from each source: fetches linked
   pages, reads files;
3. drops documents the ledger already holds (same URL, same content: the same document id) and codes
   the rest through the same :class:`~eventwire.pipeline.Processor` as ``eventwire run``;
4. commits the documents and the sources' new state (validators, items done, failures and back-off,
   the cycle's row) in ONE transaction (``Store.write_batch(..., also=WatchState.save)``);
5. with a publish folder, writes the cycle's GDELT-style update files (:mod:`eventwire.store.updates`)
   and then marks them published.

A source's new validators are kept only when everything its answer brought was taken on, so items left
for the next cycle (over the limit, a stop request, a page to try again) are asked for again. A cycle
that found nothing writes nothing. After ``kill -9`` at any point the store holds the last committed
cycle; the next run redoes the lost one from the same validators and item states, and publishes a
committed cycle whose files were not all written, before anything else.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb
import httpx

from eventwire.errors import InputError, StoreError
from eventwire.fetch import Fetcher, host_key
from eventwire.pipeline import Processor
from eventwire.records import DocumentResult, DocumentStatus, Status, content_id
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.store.updates import write_index, write_update
from eventwire.watch._poll import Candidate, Document, Outcome, Poll, Poller, PollOutcome
from eventwire.watch._sources import SourceList, SourceSpec
from eventwire.watch._state import (
    Changes,
    CycleRecord,
    EventCounts,
    ItemState,
    WatchState,
    mark_published,
    pending_publications,
    published_files,
    with_failure,
)
from eventwire.watch._status import write_status

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """A source that failed in a cycle, with its failures in a row and when it is asked again."""

    source: str
    reason: str
    failures: int
    next_attempt: datetime | None


@dataclass(frozen=True, slots=True)
class CycleReport:
    """What one cycle did (the CLI prints it as one line, plus one line per failing source)."""

    number: int  # cycles of this process
    stamp: int | None  # the update stamp (YYYYMMDDHHMMSS UTC) when the cycle wrote documents
    started_at: datetime
    seconds: float
    sources: int
    checked: int
    changed: int
    unchanged: int
    waiting: int  # backing off, not asked
    problems: tuple[SourceProblem, ...]
    documents: int  # new ledger rows
    ok: int
    skipped: int
    failed: int
    already_known: int  # fetched or read, but the ledger had them
    events_new: int
    events_updated: int
    retrying: int  # linked pages to ask again next cycle
    left_over: int  # candidates over watch_max_items, or not reached before a stop
    settling: int  # files still being written
    published: tuple[str, ...] = ()
    publish_error: str | None = None
    stopped: bool = False
    error: str | None = None  # the URL file could not be read (the last good list was used)


@dataclass(frozen=True, slots=True)
class WatchSummary:
    cycles: int
    documents: int
    events_new: int
    events_updated: int
    stopped: bool
    last: CycleReport | None


def _utc_now() -> datetime:
    return datetime.now(UTC)


def stamp_of(moment: datetime) -> int:
    return int(moment.astimezone(UTC).strftime("%Y%m%d%H%M%S"))


def time_of(stamp: int) -> datetime:
    return datetime.strptime(f"{stamp:014d}", "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def _doc_id(doc: Document) -> str:
    return doc.doc_id if isinstance(doc, DocumentStatus) else doc.id


class Watcher:
    """Keeps a store current from its sources, one cycle at a time. Open, then ``cycle`` or ``run``."""

    def __init__(
        self,
        sources: SourceList,
        store: Store,
        settings: Settings,
        processor: Processor | None = None,
        publish_dir: Path | None = None,
        publish_url: str = "",
        stop: threading.Event | None = None,
        fetcher: Fetcher | None = None,
        load_processor: Callable[[], Processor] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """``processor``, or ``load_processor`` to build one when a cycle first has documents to code;
        ``clock`` (UTC now) times the cycles, back-off and forgetting (tests move it)."""
        self.sources = sources
        self.store = store
        self.settings = settings
        self._processor = processor
        self._load_processor = load_processor
        self.clock = clock or _utc_now
        self.publish_dir = publish_dir
        self.publish_url = publish_url
        self.stop = stop or threading.Event()
        self.fetcher = fetcher or Fetcher(settings)
        self._owns_fetcher = fetcher is None
        self.poller = Poller(self.fetcher, settings)
        self._pool = ThreadPoolExecutor(
            max(1, settings.watch_fetch_threads), thread_name_prefix="eventwire-watch"
        )
        self._specs: list[SourceSpec] = []
        self._number = 0
        self._publish_owed = False  # a publish failed: try again after the next cycle
        self._every_s: float | None = None
        self._started = datetime.now(UTC)
        self.state = WatchState({}, {}, 0)

    # -- set-up ---------------------------------------------------------------------------------------

    def open(self) -> tuple[str, ...]:
        """Load the state, publish cycles left unpublished; returns their files."""
        with self.store.connection() as con:
            self.state = WatchState.load(con)
        self.fetcher.polite.remember(list(self.state.robots.values()))
        self._specs = self.sources.current()
        self._status("starting", None, None)
        names, error = self._publish_pending()
        if error is not None:
            raise StoreError(f"cannot publish the updates an earlier run left: {error}")
        return tuple(names)

    def processor(self) -> Processor:
        if self._processor is None:
            if self._load_processor is None:
                raise ValueError("a Watcher needs a processor or a way to load one")
            self._processor = self._load_processor()
        return self._processor

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._owns_fetcher:
            self.fetcher.close()

    # -- the loop -------------------------------------------------------------------------------------

    def run(
        self, every_s: float, once: bool = False, on_report: Callable[[CycleReport], None] | None = None
    ) -> WatchSummary:
        """Cycles every ``every_s`` seconds (aligned on the UTC clock) until ``stop`` is set, or one."""
        cycles = documents = new = updated = 0
        last: CycleReport | None = None
        self._every_s = None if once else every_s
        while True:
            last = self.cycle()
            cycles += 1
            documents += last.documents
            new += last.events_new
            updated += last.events_updated
            if on_report is not None:
                on_report(last)
            if once or self.stop.is_set():
                break
            next_at = next_start(last.started_at, every_s, datetime.now(UTC))
            self._status("running", last, next_at)
            if self._processor is None:  # the next new item should not wait for spaCy to load
                self.processor()
            self._sleep_until(next_at)
            if self.stop.is_set():
                break
        self._status("once" if once and not self.stop.is_set() else "stopped", last, None)
        return WatchSummary(cycles, documents, new, updated, self.stop.is_set(), last)

    def _sleep_until(self, moment: datetime) -> None:
        while not self.stop.is_set():
            remaining = (moment - datetime.now(UTC)).total_seconds()
            if remaining <= 0:
                return
            self.stop.wait(min(remaining, 0.5))

    # -- one cycle ------------------------------------------------------------------------------------

    def cycle(self) -> CycleReport:
        started = self.clock()
        clock = time.monotonic()
        self._number += 1
        error: str | None = None
        try:
            self._specs = self.sources.current()
        except InputError as exc:
            error = f"{exc} (watching the sources it named before)"
        self.fetcher.new_round()
        due: list[SourceSpec] = []
        waiting = 0
        for spec in self._specs:
            st = self.state.source(spec.key)
            if st.next_attempt is not None and st.next_attempt > started:
                waiting += 1
            else:
                due.append(spec)
        polls = self._poll_all(due, started)
        selected, left_over = _select(polls, self.settings.watch_max_items)
        outcomes = self._take_all(selected)
        entries = [(i, doc) for i in sorted(outcomes) for doc in outcomes[i].documents]
        problems: list[SourceProblem] = []
        counts, stamp = EventCounts(), None
        results: list[DocumentResult] = []
        fresh: list[tuple[int, Document]] = []
        complete: set[int] = set()
        already = 0
        try:
            known = self.store.known_documents(_doc_id(doc) for _, doc in entries) if entries else set()
            seen: set[str] = set()
            for index, doc in entries:
                doc_id = _doc_id(doc)
                if doc_id not in known and doc_id not in seen:
                    seen.add(doc_id)
                    fresh.append((index, doc))
            already = len(entries) - len(fresh)
            results, coded = self._code([doc for _, doc in fresh])
            unfinished = {index for index, _ in fresh[coded:]}
            complete = {i for i, out in outcomes.items() if out.retry is None and i not in unfinished}
            changes, problems = self._changes(polls, selected, outcomes, complete, started)
            counts, stamp = self._commit(results, changes, polls, problems, started)
        except StoreError as exc:  # the store is busy or broken: nothing of this cycle counts, try again
            log.warning("watch: cycle %d not written: %s", self._number, exc)
            error = f"the cycle could not be written, it is done again next time: {exc}"
            results, fresh, complete = [], [], set()
        published: tuple[str, ...] = ()
        publish_error = None
        if self.publish_dir is not None and (stamp is not None or self._publish_owed):
            names, publish_error = self._publish_pending()
            published = tuple(names)
        by_status = {s: sum(1 for r in results if r.status.status is s) for s in Status}
        not_taken = len(selected) - len(complete) - sum(1 for o in outcomes.values() if o.retry is not None)
        return CycleReport(
            number=self._number,
            stamp=stamp,
            started_at=started,
            seconds=time.monotonic() - clock,
            sources=len(self._specs),
            checked=len(polls),
            changed=sum(1 for p in polls if p.outcome is PollOutcome.CHANGED),
            unchanged=sum(1 for p in polls if p.outcome is PollOutcome.UNCHANGED),
            waiting=waiting + len(due) - len(polls),
            problems=tuple(problems),
            documents=len(results),
            ok=by_status[Status.OK],
            skipped=by_status[Status.SKIPPED],
            failed=by_status[Status.FAILED],
            already_known=already,
            events_new=counts.new,
            events_updated=counts.updated,
            retrying=sum(1 for o in outcomes.values() if o.retry is not None),
            left_over=left_over + not_taken,
            settling=sum(p.settling for p in polls),
            published=published,
            publish_error=publish_error,
            stopped=self.stop.is_set(),
            error=error,
        )

    def _poll_all(self, due: Sequence[SourceSpec], now: datetime) -> list[Poll]:
        found: list[Poll | None] = [None] * len(due)

        def work(indices: list[int]) -> None:
            for i in indices:
                if self.stop.is_set():
                    return
                spec = due[i]
                state = self.state.source(spec.key)
                try:
                    found[i] = self.poller.poll(spec, state, self.state.items_of(spec.key), now)
                except Exception as exc:  # one bad source never stops the others
                    log.warning("watch: %s: %r", spec.key, exc)
                    reason = f"unexpected error: {type(exc).__name__}: {exc}"
                    found[i] = Poll(spec, PollOutcome.FAILED, state, reason=reason)

        self._in_parallel(work, [_group_key(spec.key) for spec in due])
        return [poll for poll in found if poll is not None]

    def _take_all(self, selected: Sequence[Candidate]) -> dict[int, Outcome]:
        found: dict[int, Outcome] = {}

        def work(indices: list[int]) -> None:
            for i in indices:
                if self.stop.is_set():
                    return
                candidate = selected[i]
                try:
                    found[i] = self.poller.take(candidate)
                except Exception as exc:
                    log.warning("watch: %s %s: %r", candidate.source, candidate.item, exc)
                    where = candidate.url or candidate.path or candidate.source
                    row = DocumentStatus.failed(
                        content_id(where.encode()), where, f"{type(exc).__name__}: {exc}", "watch"
                    )
                    found[i] = Outcome(candidate, (row,))

        self._in_parallel(work, [_group_key(c.url) if c.url else "local" for c in selected])
        return found

    def _in_parallel(self, work: Callable[[list[int]], None], keys: Sequence[str]) -> None:
        """Run ``work`` over the indices of ``keys``, one group per key (in order), groups in parallel."""
        groups: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            groups.setdefault(key, []).append(i)
        if len(groups) <= 1:
            for indices in groups.values():
                work(indices)
            return
        futures = [self._pool.submit(work, indices) for indices in groups.values()]
        wait(futures)
        for future in futures:
            future.result()

    def _code(self, docs: Sequence[Document]) -> tuple[list[DocumentResult], int]:
        """Code ``docs`` batch by batch until done or asked to stop; the results and how many were coded."""
        results: list[DocumentResult] = []
        coded = 0
        if not docs:
            return results, 0
        processor = self.processor()
        iterator = iter(docs)
        while batch := list(islice(iterator, self.settings.batch_size)):
            if self.stop.is_set():
                break
            results.extend(processor.process(batch))
            coded += len(batch)
        return results, coded

    def _changes(
        self,
        polls: Sequence[Poll],
        selected: Sequence[Candidate],
        outcomes: dict[int, Outcome],
        complete: set[int],
        now: datetime,
    ) -> tuple[Changes, list[SourceProblem]]:
        settings = self.settings
        changes = Changes()
        problems: list[SourceProblem] = []
        by_source: dict[str, list[int]] = {}
        for i, candidate in enumerate(selected):
            by_source.setdefault(candidate.source, []).append(i)
        for answer in self.fetcher.polite.answers():
            if self.state.robots.get(answer.host) != answer:
                changes.robots[answer.host] = answer
        forget_before = now - timedelta(days=settings.watch_forget_days)
        for poll in polls:
            key = poll.spec.key
            old = self.state.source(key)
            if poll.outcome is PollOutcome.FAILED:
                new = with_failure(
                    old, poll.reason, now, settings.watch_backoff_base_s, settings.watch_backoff_max_s,
                    poll.retry_after_s,
                )  # fmt: skip
                changes.sources[key] = new
                problems.append(SourceProblem(key, poll.reason, new.failures, new.next_attempt))
                continue
            indices = by_source.get(key, [])
            taken = len(indices) == len(poll.candidates) and all(i in complete for i in indices)
            new = poll.state if taken else replace(
                poll.state, etag=old.etag, last_modified=old.last_modified, digest=old.digest
            )  # fmt: skip
            new = replace(new, last_ok=now if indices else old.last_ok, last_attempt=old.last_attempt)
            if new != old or key not in self.state.sources:
                changes.sources[key] = new
            for i in indices:
                item = _item_state(selected[i], outcomes.get(i), i in complete, now)
                if item is not None:
                    changes.items[(key, item.item)] = item
            if poll.present is not None:
                for item_key, item in self.state.items_of(key).items():
                    if item_key not in poll.present and item.first_seen < forget_before:
                        changes.forgotten.add((key, item_key))
        return changes, problems

    def _commit(
        self,
        results: list[DocumentResult],
        changes: Changes,
        polls: Sequence[Poll],
        problems: Sequence[SourceProblem],
        started: datetime,
    ) -> tuple[EventCounts, int | None]:
        if not results and not changes:
            return EventCounts(), None
        record: CycleRecord | None = None
        if results:
            record = CycleRecord(
                stamp=self._next_stamp(started),
                started_at=started,
                documents=len(results),
                ok=sum(1 for r in results if r.status.status is Status.OK),
                skipped=sum(1 for r in results if r.status.status is Status.SKIPPED),
                failed=sum(1 for r in results if r.status.status is Status.FAILED),
                sources_checked=len(polls),
                failures=tuple((p.source, p.reason) for p in problems),
                publish=self.publish_dir is not None,
                doc_ids=tuple(r.status.doc_id for r in results),
            )
        counts: list[EventCounts] = []

        def save(con: duckdb.DuckDBPyConnection) -> None:
            counts.append(self.state.save(con, changes, record))

        if results:
            self.store.write_batch(results, also=save)
        else:
            with self.store.connection() as con:
                con.execute("BEGIN TRANSACTION")
                try:
                    save(con)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
        stamp = record.stamp if record is not None else None
        self.state.apply(changes, stamp)
        return (counts[0] if counts else EventCounts()), stamp

    def _next_stamp(self, started: datetime) -> int:
        stamp = stamp_of(started)
        if stamp <= self.state.last_stamp:
            stamp = stamp_of(time_of(self.state.last_stamp) + timedelta(seconds=1))
        return stamp

    # -- publishing -----------------------------------------------------------------------------------

    def _publish_pending(self) -> tuple[list[str], str | None]:
        """Write the update files of every committed cycle not yet published (oldest first)."""
        names: list[str] = []
        if self.publish_dir is None:
            return names, None
        try:
            with self.store.connection() as con:
                for stamp, doc_ids in pending_publications(con):
                    files = write_update(con, self.publish_dir, stamp, doc_ids)
                    write_index(self.publish_dir, [*published_files(con), *files], files, self.publish_url)
                    mark_published(con, stamp, files)
                    names.extend(f.name for f in files)
        except (OSError, StoreError, duckdb.Error) as exc:
            log.warning("watch: publishing failed: %r", exc)
            self._publish_owed = True
            return names, f"{type(exc).__name__}: {exc}"
        self._publish_owed = False
        return names, None

    # -- status file ----------------------------------------------------------------------------------

    def _status(
        self, state: str, last: CycleReport | None, next_at: datetime | None, every_s: float | None = None
    ) -> None:
        failing = []
        for spec in self._specs:
            st = self.state.sources.get(spec.key)
            if st is not None and st.failures:
                failing.append(
                    {"source": spec.key, "error": st.last_error, "failures": st.failures,
                     "next_attempt": st.next_attempt.isoformat() if st.next_attempt else None}
                )  # fmt: skip
        status: dict[str, Any] = {
            "state": state,
            "pid": os.getpid(),
            "started_at": self._started.isoformat(),
            "updated_at": datetime.now(UTC).isoformat(),
            "cycles": self._number,
            "sources": len(self._specs),
            "failing": failing,
            "next_cycle_at": next_at.isoformat() if next_at else None,
            "every_s": every_s if every_s is not None else self._every_s,
            "publish_dir": str(self.publish_dir) if self.publish_dir else None,
            "last_cycle": _report_dict(last) if last is not None else None,
        }
        write_status(self.store.path, status)


def next_start(started: datetime, every_s: float, now: datetime) -> datetime:
    """The first multiple of ``every_s`` on the UTC clock after ``started``, or ``now`` if that has passed."""
    epoch = started.timestamp()
    boundary = (math.floor(epoch / every_s) + 1) * every_s
    moment = datetime.fromtimestamp(boundary, UTC)
    return moment if moment > now else now


def _select(polls: Sequence[Poll], limit: int) -> tuple[list[Candidate], int]:
    """At most ``limit`` candidates, taken in turn from each source; in source order, then item order."""
    queues = [list(poll.candidates) for poll in polls]
    quota = [0] * len(queues)
    taken = 0
    while taken < limit and any(quota[i] < len(q) for i, q in enumerate(queues)):
        for i, queue in enumerate(queues):
            if taken < limit and quota[i] < len(queue):
                quota[i] += 1
                taken += 1
    selected = [c for i, queue in enumerate(queues) for c in queue[: quota[i]]]
    return selected, sum(len(q) for q in queues) - len(selected)


def _item_state(candidate: Candidate, outcome: Outcome | None, done: bool, now: datetime) -> ItemState | None:
    if candidate.item == "" or outcome is None or (not done and outcome.retry is None):
        return None  # a page source's own page, or not reached: nothing to remember
    prev = candidate.previous
    validators = outcome.validators
    etag = validators.etag if validators else (prev.etag if prev else None)
    modified = validators.last_modified if validators else (prev.last_modified if prev else None)
    return ItemState(
        source=candidate.source,
        item=candidate.item,
        digest=candidate.digest,
        url=candidate.url,
        done=done,
        attempts=candidate.attempts + 1,
        etag=etag,
        last_modified=modified,
        first_seen=prev.first_seen if prev is not None else now,
    )


def _group_key(url: str) -> str:
    if not url.lower().startswith(("http://", "https://")):
        return "local"
    try:
        return host_key(httpx.URL(url))
    except httpx.InvalidURL:
        return url


def _report_dict(report: CycleReport) -> dict[str, Any]:
    return {
        "number": report.number,
        "stamp": report.stamp,
        "started_at": report.started_at.isoformat(),
        "seconds": round(report.seconds, 3),
        "sources_checked": report.checked,
        "sources_failed": len(report.problems),
        "documents": report.documents,
        "events_new": report.events_new,
        "events_updated": report.events_updated,
        "published": list(report.published),
    }
