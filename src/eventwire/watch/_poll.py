"""Asking one source what is new (a :class:`Poll` of :class:`Candidate` s), and turning a candidate into
documents (an :class:`Outcome`).

- A feed is asked with the validators of its last complete answer (``If-None-Match`` /
  ``If-Modified-Since``): ``304`` means nothing new. Otherwise its items are compared with the items
  taken on before (:class:`~eventwire.watch._state.ItemState`, by guid / link): a new item, or one whose
  digest changed (edited), is a candidate; an item that left the feed is left alone.
- A page (a ``--urls`` line that answered with HTML) is asked the same way; a body whose content id
  differs from the last one taken on is a candidate.
- A folder is walked (sorted, names starting with ``.`` ignored); a file that is new or whose size or
  modification time changed is a candidate once it has been still for ``watch_settle_s``.

Candidates become documents: a feed item's linked page is fetched (``watch_follow_links``, with the
feed's title and date as hints), or its own content is used; a file is read as ``eventwire run`` reads
it. A linked page that timed out or answered 5xx/429 is tried again in later cycles, up to
``watch_item_retries`` times, before its ledger row says failed.
"""

from __future__ import annotations

import enum
import os
import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import httpx

from eventwire.errors import FetchError, SkipDocument
from eventwire.fetch import (
    ACCEPT,
    FEED_ACCEPT,
    Fetched,
    Fetcher,
    HttpStatusError,
    Validators,
    describe_failure,
    html_document,
)
from eventwire.ingest import FeedProblem, parse_feed, read_inputs
from eventwire.records import DocumentStatus, RawDocument, content_id
from eventwire.settings import Settings
from eventwire.watch._sources import SourceKind, SourceSpec
from eventwire.watch._state import ItemState, SourceState

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HEAD_BYTES = 2048
_FEED_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)[\s>/]")
_HTML_ROOT = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
Document = RawDocument | DocumentStatus


class PollOutcome(enum.StrEnum):
    CHANGED = "changed"  # answered, with candidates (or a new state) to take on
    UNCHANGED = "unchanged"  # 304, or nothing new in the answer
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Candidate:
    """Something new from one source that becomes documents: a feed item, a page, a file."""

    source: str
    item: str  # the item's key in the source ("" for a page source's own page)
    digest: str
    url: str | None = None  # a page to fetch
    document: Document | None = None  # a document already in hand (feed content, a page's body)
    path: str | None = None  # a file to read
    title: str | None = None
    published: datetime | None = None
    previous: ItemState | None = None
    validators: Validators | None = None  # of a page source's answer

    @property
    def attempts(self) -> int:
        """Tries already made for this very version of the item."""
        prev = self.previous
        return prev.attempts if prev is not None and not prev.done and prev.digest == self.digest else 0


@dataclass(frozen=True, slots=True)
class Poll:
    """One source asked once: what came back and the state to keep if every candidate is taken on."""

    spec: SourceSpec
    outcome: PollOutcome
    state: SourceState
    candidates: tuple[Candidate, ...] = ()
    present: frozenset[str] | None = None  # the keys of the items / files there now
    reason: str = ""
    retry_after_s: float | None = None
    settling: int = 0  # files still being written


@dataclass(frozen=True, slots=True)
class Outcome:
    """A candidate after fetching or reading: its documents, or a reason to try again next cycle."""

    candidate: Candidate
    documents: tuple[Document, ...] = ()
    retry: str | None = None
    validators: Validators | None = None
    not_modified: bool = False


def _looks_like(head: bytes) -> str:
    """'feed', 'html' or '' from the first bytes of a body."""
    feed = _FEED_ROOT.search(head)
    html = _HTML_ROOT.search(head)
    if feed and (not html or feed.start() < html.start()):
        return "feed"
    return "html" if html else ""


def _answer_kind(found: Fetched) -> str:
    sniffed = _looks_like(found.body[:_HEAD_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n"))
    if sniffed:
        return sniffed
    if found.content_type in HTML_TYPES:
        return "html"
    if "xml" in found.content_type or "rss" in found.content_type or "atom" in found.content_type:
        return "feed"
    return ""


class Poller:
    """Asks sources and fetches candidates with one polite :class:`Fetcher`."""

    def __init__(self, fetcher: Fetcher, settings: Settings) -> None:
        self.fetcher = fetcher
        self.settings = settings

    # -- asking a source ------------------------------------------------------------------------------

    def poll(self, spec: SourceSpec, state: SourceState, items: dict[str, ItemState], now: datetime) -> Poll:
        if spec.kind is SourceKind.FOLDER or spec.kind is SourceKind.FILE:
            return self._poll_files(spec, state, items, now)
        return self._poll_url(spec, state, items)

    def _failed(self, spec: SourceSpec, state: SourceState, exc: BaseException | str) -> Poll:
        if isinstance(exc, str):
            return Poll(spec, PollOutcome.FAILED, state, reason=exc)
        reason, _ = describe_failure(exc, self.settings)
        retry_after = exc.retry_after_s if isinstance(exc, HttpStatusError) else None
        return Poll(spec, PollOutcome.FAILED, state, reason=reason, retry_after_s=retry_after)

    def _poll_url(self, spec: SourceSpec, state: SourceState, items: dict[str, ItemState]) -> Poll:
        kind = "feed" if spec.kind is SourceKind.FEED else state.kind
        validators = (
            Validators(state.etag, state.last_modified) if state.etag or state.last_modified else None
        )
        try:
            found = self.fetcher.get(spec.key, validators, ACCEPT if kind == "page" else FEED_ACCEPT)
        except (SkipDocument, FetchError, httpx.HTTPError, httpx.InvalidURL) as exc:
            return self._failed(spec, state, exc)
        ok = replace(state, failures=0, last_error=None, next_attempt=None)
        if found.not_modified:
            return Poll(spec, PollOutcome.UNCHANGED, ok)
        answered = _answer_kind(found)
        shown = found.content_type or "no content type"
        if kind == "feed" and answered != "feed":
            what = "an HTML page" if answered == "html" else "something else"
            return self._failed(spec, state, f"the feed answered with {what} ({shown}), not RSS/Atom")
        if kind == "page" and answered != "html":
            return self._failed(spec, state, f"the page answered with something else ({shown}), not HTML")
        if not kind:
            if not answered:
                return self._failed(spec, state, f"neither an RSS/Atom feed nor an HTML page ({shown})")
            kind = "page" if answered == "html" else "feed"
        answered_state = replace(
            ok, kind=kind, etag=found.validators.etag, last_modified=found.validators.last_modified
        )
        if kind == "page":
            return self._page(spec, answered_state, found)
        return self._feed(spec, answered_state, items, found)

    def _page(self, spec: SourceSpec, state: SourceState, found: Fetched) -> Poll:
        try:
            doc = html_document(found)
        except SkipDocument as exc:
            return self._failed(spec, state, str(exc))
        if doc.id == state.digest:
            return Poll(spec, PollOutcome.UNCHANGED, state)
        candidate = Candidate(spec.key, "", doc.id, document=doc, validators=found.validators)
        return Poll(spec, PollOutcome.CHANGED, replace(state, digest=doc.id), (candidate,))

    def _feed(
        self, spec: SourceSpec, state: SourceState, items: dict[str, ItemState], found: Fetched
    ) -> Poll:
        try:
            entries = parse_feed(found.body)
        except FeedProblem as exc:
            return self._failed(spec, state, str(exc))
        candidates: list[Candidate] = []
        present: set[str] = set()
        for entry in entries:
            if entry.key in present:
                continue
            present.add(entry.key)
            prev = items.get(entry.key)
            if prev is not None and prev.done and prev.digest == entry.digest:
                continue
            if entry.link and self.settings.watch_follow_links:
                candidates.append(
                    Candidate(
                        spec.key, entry.key, entry.digest, url=entry.link, title=entry.title,
                        published=entry.published, previous=prev,
                    )
                )  # fmt: skip
            else:
                origin = entry.link or f"{spec.key}#{entry.key}"
                candidates.append(
                    Candidate(
                        spec.key, entry.key, entry.digest, document=entry.document(origin), previous=prev
                    )
                )
        outcome = PollOutcome.CHANGED if candidates else PollOutcome.UNCHANGED
        return Poll(spec, outcome, state, tuple(candidates), frozenset(present))

    def _poll_files(
        self, spec: SourceSpec, state: SourceState, items: dict[str, ItemState], now: datetime
    ) -> Poll:
        root = Path(spec.key)
        kind = "folder" if spec.kind is SourceKind.FOLDER else "file"
        try:
            files = list(_walk(root)) if kind == "folder" else [(root, root.name, root.stat())]
        except OSError as exc:
            return self._failed(spec, state, f"{kind} unreadable: {exc.strerror or exc}")
        ok = replace(state, kind=kind, failures=0, last_error=None, next_attempt=None)
        candidates: list[Candidate] = []
        present: set[str] = set()
        settling = 0
        for path, key, info in files:
            present.add(key)
            digest = f"{info.st_size}:{info.st_mtime_ns}"
            prev = items.get(key)
            if prev is not None and prev.done and prev.digest == digest:
                continue
            if now.timestamp() - info.st_mtime < self.settings.watch_settle_s:
                settling += 1
                continue
            candidates.append(Candidate(spec.key, key, digest, path=str(path), previous=prev))
        outcome = PollOutcome.CHANGED if candidates else PollOutcome.UNCHANGED
        return Poll(spec, outcome, ok, tuple(candidates), frozenset(present), settling=settling)

    # -- taking a candidate on ------------------------------------------------------------------------

    def take(self, candidate: Candidate) -> Outcome:
        if candidate.document is not None:
            return Outcome(candidate, (candidate.document,), validators=candidate.validators)
        if candidate.path is not None:
            return Outcome(candidate, tuple(read_inputs([candidate.path], self.settings)))
        assert candidate.url is not None
        return self._fetch_page(candidate, candidate.url)

    def _fetch_page(self, candidate: Candidate, url: str) -> Outcome:
        prev = candidate.previous
        validators = (
            Validators(prev.etag, prev.last_modified)
            if prev is not None and prev.url == url and (prev.etag or prev.last_modified)
            else None
        )
        row_id = content_id(url.encode())
        try:
            found = self.fetcher.get(url, validators, ACCEPT, HTML_TYPES)
            if found.not_modified:
                return Outcome(candidate, validators=validators, not_modified=True)
            doc = html_document(found)
        except SkipDocument as exc:
            return Outcome(candidate, (DocumentStatus.skipped(row_id, url, str(exc), "fetch"),))
        except (FetchError, httpx.HTTPError, httpx.InvalidURL) as exc:
            reason, transient = describe_failure(exc, self.settings)
            if transient and candidate.attempts + 1 < self.settings.watch_item_retries:
                return Outcome(candidate, retry=reason)
            if transient and candidate.attempts:
                reason = f"{reason} ({candidate.attempts + 1} tries)"
            return Outcome(candidate, (DocumentStatus.failed(row_id, url, reason, "fetch"),))
        hinted = replace(
            doc, title=candidate.title or doc.title, published=candidate.published or doc.published
        )
        return Outcome(candidate, (hinted,), validators=found.validators)


def _walk(root: Path) -> list[tuple[Path, str, os.stat_result]]:
    """Every file under ``root`` (sorted, recursively), skipping names that start with a dot."""
    found: list[tuple[Path, str, os.stat_result]] = []
    if not root.is_dir():
        raise FileNotFoundError(2, "no such folder", str(root))
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            try:
                info = path.stat()
            except OSError:  # gone since the listing
                continue
            found.append((path, str(path.relative_to(root)), info))
    return found
