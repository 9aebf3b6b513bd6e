"""Write batches of :class:`DocumentResult` into the store: one transaction per batch, idempotent.

Per document, in batch order:
1. the ledger row ``(doc_id, origin)``; a row that is already there makes the document a no-op
   (re-running the same inputs adds nothing); the same doc id from another origin becomes
   ``skipped: duplicate of <doc_id>`` and nothing else is written for it;
2. the article with its story id (near-duplicate group from :class:`~eventwire.dedup.StoryIndex`),
   its tone and its MinHash signature;
3. one ``mentions`` row per event.
Then the touched ``events`` and ``actors`` rows are recomputed from all their mentions, and the
transaction commits. A crash before COMMIT leaves the file as it was before the batch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

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


class BatchWriter:
    """Writes batches through one connection; owns the story index kept in step with the file."""

    def __init__(self, index: StoryIndex) -> None:
        self.index = index

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
        touched_events: set[str] = set()
        touched_actors: set[tuple[str, str]] = set()
        for result in results:
            status = result.status
            if (status.doc_id, status.origin) in seen:
                continue
            seen.add((status.doc_id, status.origin))
            if status.doc_id in owned:
                dup = DocumentStatus.skipped(
                    status.doc_id, status.origin, f"duplicate of {status.doc_id}", "store"
                )
                self._ledger(con, dup)
                continue
            owned.add(status.doc_id)
            self._ledger(con, status)
            self._document(con, result, touched_events, touched_actors)
        _aggregate.refresh_events(con, touched_events)
        _aggregate.refresh_actors(con, touched_actors)

    @staticmethod
    def _ledger(con: duckdb.DuckDBPyConnection, status: DocumentStatus) -> None:
        con.execute(
            "INSERT INTO documents (doc_id, origin, status, reason, stage, n_events, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, now())",
            list(_rows.ledger_row(status)),
        )

    def _document(
        self,
        con: duckdb.DuckDBPyConnection,
        result: DocumentResult,
        touched_events: set[str],
        touched_actors: set[tuple[str, str]],
    ) -> None:
        article = result.article
        if article is None:
            return
        story = self.index.assign(article.doc_id, article.text)
        tone = result.tone if result.tone is not None else article_tone(article.text)
        con.execute(
            f"INSERT INTO articles ({_rows.ARTICLE_COLUMNS}) VALUES ({_rows.placeholders(_rows.ARTICLE_COLUMNS)}) "
            "ON CONFLICT DO NOTHING",
            list(_rows.article_row(article, story.story_id, story.similarity, tone)),
        )
        con.execute(
            "INSERT INTO minhashes (doc_id, seq, story_id, signature) "
            "SELECT ?, coalesce(max(seq) + 1, 0), ?, ? FROM minhashes ON CONFLICT DO NOTHING",
            [article.doc_id, story.story_id, story.signature],
        )
        if result.status.status is not Status.OK:
            return
        for event in result.events:
            row = _rows.mention_row(event, article, story.story_id)
            con.execute(
                f"INSERT INTO mentions ({_rows.MENTION_COLUMNS}) "
                f"VALUES ({_rows.placeholders(_rows.MENTION_COLUMNS)}) ON CONFLICT DO NOTHING",
                list(row),
            )
            touched_events.add(row[1])
            for mention in (event.source, event.target):
                if mention is not None:
                    touched_actors.add((mention.actor.code, mention.actor.name or ""))
