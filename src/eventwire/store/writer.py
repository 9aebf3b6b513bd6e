"""Write batches of :class:`DocumentResult` into the store: one transaction per batch, idempotent.

Per document, in batch order:
1. the ledger row ``(doc_id, origin)``; a row that is already there makes the document a no-op
   (re-running the same inputs adds nothing); the same doc id from another origin becomes
   ``skipped: duplicate of <doc_id>`` and nothing else is written for it;
2. the article with its story id (near-duplicate group from :class:`~eventwire.dedup.StoryIndex`),
   its tone and its MinHash signature;
3. one ``mentions`` row per event.
The rows are collected first and inserted with one statement per table (see :mod:`._rows`); a row
whose key is already there (or earlier in the batch) is left alone, as row-by-row inserts with
``ON CONFLICT DO NOTHING`` would. Then the touched ``events`` and ``actors`` rows are recomputed from all their mentions, and the
transaction commits. A crash before COMMIT leaves the file as it was before the batch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from eventwire.dedup import StoryIndex
from eventwire.records import DocumentResult, DocumentStatus, Status
from eventwire.store import _aggregate, _rows
from eventwire.tone import article_tone


def load_index(con: duckdb.DuckDBPyConnection, index: StoryIndex) -> StoryIndex:
    """Feed the persisted signatures ``index`` lacks into it, in the order they were first assigned.

    The index holds exactly the rows ``seq < len(index)`` (both grow one per article), so only newer
    rows — written by another process since — are read.
    """
    for doc_id, story_id, signature in con.execute(
        "SELECT doc_id, story_id, signature FROM minhashes WHERE seq >= ? ORDER BY seq", [len(index)]
    ).fetchall():
        index.load(doc_id, story_id, signature)
    return index


@dataclass(slots=True)
class _Planned:
    """The rows one batch adds, in batch order, before they are inserted."""

    ledger: list[tuple[Any, ...]] = field(default_factory=list)
    articles: list[tuple[Any, ...]] = field(default_factory=list)
    minhashes: list[tuple[Any, ...]] = field(default_factory=list)  # (doc_id, story_id, signature)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    events: set[str] = field(default_factory=set)
    actors: set[tuple[str, str]] = field(default_factory=set)


class BatchWriter:
    """Writes batches through one connection; owns the story index kept in step with the file."""

    def __init__(self, index: StoryIndex) -> None:
        self.index = index
        self._schemas = _rows.TableSchemas()

    def write(self, con: duckdb.DuckDBPyConnection, results: Sequence[DocumentResult]) -> None:
        con.execute("BEGIN TRANSACTION")
        try:
            self._write(con, results)
            con.execute("COMMIT")
        except BaseException:
            # After an I/O failure DuckDB may already have aborted the transaction; the original
            # error is the one worth reporting.
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise

    def _write(self, con: duckdb.DuckDBPyConnection, results: Sequence[DocumentResult]) -> None:
        ids = sorted({r.status.doc_id for r in results})
        seen: set[tuple[str, str]] = set()
        owned: set[str] = set()
        for doc_id, origin in con.execute(
            "SELECT doc_id, origin FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        ).fetchall():
            seen.add((doc_id, origin))
            owned.add(doc_id)
        planned = _Planned()
        for result in results:
            status = result.status
            if (status.doc_id, status.origin) in seen:
                continue
            seen.add((status.doc_id, status.origin))
            if status.doc_id in owned:
                dup = DocumentStatus.skipped(
                    status.doc_id, status.origin, f"duplicate of {status.doc_id}", "store"
                )
                planned.ledger.append(_rows.ledger_row(dup))
                continue
            owned.add(status.doc_id)
            planned.ledger.append(_rows.ledger_row(status))
            self._document(result, planned)
        self._insert(con, planned)
        _aggregate.refresh_events(con, planned.events, self._schemas)
        _aggregate.refresh_actors(con, planned.actors)

    def _document(self, result: DocumentResult, planned: _Planned) -> None:
        article = result.article
        if article is None:
            return
        story = self.index.assign(article.doc_id, article.text)
        tone = result.tone if result.tone is not None else article_tone(article.text)
        planned.articles.append(_rows.article_row(article, story.story_id, story.similarity, tone))
        planned.minhashes.append((article.doc_id, story.story_id, story.signature))
        if result.status.status is not Status.OK:
            return
        for event in result.events:
            row = _rows.mention_row(event, article, story.story_id)
            planned.mentions.append(row)
            planned.events.add(row[1])
            for mention in (event.source, event.target):
                if mention is not None:
                    planned.actors.add((mention.actor.code, mention.actor.name or ""))

    def _insert(self, con: duckdb.DuckDBPyConnection, planned: _Planned) -> None:
        """One statement per table; rows already in a table (same key) are left alone, first row wins."""
        schemas = self._schemas
        _rows.bulk_insert(
            con, schemas, "documents", _rows.LEDGER_COLUMNS, planned.ledger, now_column="updated_at"
        )
        articles = _rows.first_by_key(planned.articles)
        _rows.bulk_insert(con, schemas, "articles", _rows.ARTICLE_COLUMNS, articles, "ON CONFLICT DO NOTHING")
        _rows.bulk_insert(con, schemas, "minhashes", _rows.MINHASH_COLUMNS, _numbered(con, planned.minhashes))
        mentions = _rows.first_by_key(planned.mentions)
        _rows.bulk_insert(con, schemas, "mentions", _rows.MENTION_COLUMNS, mentions, "ON CONFLICT DO NOTHING")


def _numbered(con: duckdb.DuckDBPyConnection, minhashes: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The signatures not stored yet, each with the next ``seq`` (in batch order, from the stored maximum)."""
    fresh = _rows.first_by_key(minhashes)
    if not fresh:
        return []
    ((start, stored),) = con.execute(
        "SELECT (SELECT coalesce(max(seq) + 1, 0) FROM minhashes), "
        "(SELECT list(doc_id) FROM minhashes WHERE doc_id IN (SELECT unnest(?::VARCHAR[])))",
        [[row[0] for row in fresh]],
    ).fetchall()
    stored = set(stored or ())
    kept = [row for row in fresh if row[0] not in stored]
    return [(doc_id, start + i, story_id, signature) for i, (doc_id, story_id, signature) in enumerate(kept)]
