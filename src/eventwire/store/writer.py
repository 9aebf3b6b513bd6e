"""Write batches into the store: one transaction per batch, idempotent.

A batch arrives as :class:`~eventwire.store.parts.BatchRows` — built here from
:class:`DocumentResult` s, or read from a Parquet part a worker wrote — so both paths run the same
code. Per document, in batch order:
1. the ledger row ``(doc_id, origin)``; a row that is already there makes the document a no-op
   (re-running the same inputs adds nothing); the same doc id from another origin becomes
   ``skipped: duplicate of <doc_id>`` and nothing else is written for it;
2. the article with its story id (near-duplicate group from :class:`~eventwire.store.dedup.StoryIndex`),
   its tone and its MinHash signature;
3. one ``mentions`` row per event, and one ``unresolved_names`` row per actor-like name its coding left
   unresolved.
Rows go in with one plain statement per table (see :mod:`._rows`). None of them can be there already:
a document's article and mentions are written only with its first ledger row, in the same transaction,
and mention ids include the article id. (An ``ON CONFLICT DO NOTHING`` made DuckDB check the whole
table: 112-134 ms per batch of mentions in a store of 4 M mentions, against 7 ms.) Then the touched
``events`` and ``actors`` rows are brought up to date (:mod:`._aggregate`), and the transaction
commits. A crash before COMMIT leaves the file as it was before the batch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from eventwire.records import DocumentResult, Status
from eventwire.store import _aggregate, _rows
from eventwire.store.dedup import StoryIndex
from eventwire.store.parts import BatchRows, RowSchemas, batch_rows

AlsoWrite = Callable[[duckdb.DuckDBPyConnection], None]  # more statements for a batch's transaction


def load_index(con: duckdb.DuckDBPyConnection, index: StoryIndex) -> StoryIndex:
    """Feed the persisted signatures ``index`` lacks into it, in the order they were first assigned.

    The index has seen exactly the rows ``seq < index.seen`` (both grow one per article), so only newer
    rows — written by another process since, or all of them for a new index — are read, and of
    those only the last ``index.window``: older ones would leave the window at once.
    """
    for doc_id, story_id, signature, seq in con.execute(
        "SELECT doc_id, story_id, signature, seq FROM minhashes "
        "WHERE seq >= greatest(?, (SELECT coalesce(max(seq), -1) FROM minhashes) + 1 - ?) ORDER BY seq",
        [index.seen, index.window],
    ).fetchall():
        index.load(doc_id, story_id, signature, seq)
    return index


class BatchWriter:
    """Writes batches through one connection; owns the story index kept in step with the file."""

    def __init__(self, index: StoryIndex, schemas: RowSchemas) -> None:
        self.index = index
        self.row_schemas = schemas
        self._schemas = _rows.TableSchemas()

    def write(
        self, con: duckdb.DuckDBPyConnection, results: Sequence[DocumentResult], also: AlsoWrite | None = None
    ) -> None:
        self.write_rows(con, batch_rows(results, self.row_schemas, self.index), also)

    def write_rows(
        self, con: duckdb.DuckDBPyConnection, rows: BatchRows, also: AlsoWrite | None = None
    ) -> None:
        """The batch in one transaction; ``also`` runs in it last (the caller's own rows, same commit)."""
        con.execute("BEGIN TRANSACTION")
        try:
            self._write(con, rows)
            if also is not None:
                also(con)
            con.execute("COMMIT")
        except BaseException:
            # After an I/O failure DuckDB may already have aborted the transaction; the original
            # error is the one worth reporting.
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise

    def _write(self, con: duckdb.DuckDBPyConnection, rows: BatchRows) -> None:
        ledger = _tuples(rows.documents)
        ids = sorted({row[0] for row in ledger})
        seen: set[tuple[str, str]] = set()
        owned: set[str] = set()
        for doc_id, origin in _rows.for_keys(
            con, "SELECT doc_id, origin FROM documents WHERE doc_id IN ({})", ids
        ):
            seen.add((doc_id, origin))
            owned.add(doc_id)
        planned: list[tuple[Any, ...]] = []
        kept: set[str] = set()
        for row in ledger:
            doc_id, origin = row[0], row[1]
            if (doc_id, origin) in seen:
                continue
            seen.add((doc_id, origin))
            if doc_id in owned:
                planned.append((doc_id, origin, Status.SKIPPED.value, f"duplicate of {doc_id}", "store", 0))
                continue
            owned.add(doc_id)
            kept.add(doc_id)
            planned.append(row)
        schemas = self._schemas
        _rows.bulk_insert(con, schemas, "documents", _rows.LEDGER_COLUMNS, planned, now_column="updated_at")
        articles = self._articles(con, _first_rows(rows.articles, "doc_id"), kept)
        stories = dict(zip(articles["doc_id"].to_pylist(), articles["story_id"].to_pylist(), strict=True))
        mentions = _first_rows(rows.mentions, "mention_id")
        mentions = mentions.filter(
            pc.is_in(mentions["article_id"], pa.array(list(stories), type=pa.string()))
        )
        if mentions.num_rows:
            story_of = [stories[a] for a in mentions["article_id"].to_pylist()]
            mentions = _with_column(mentions, "story_id", story_of)
            _rows.insert_arrow(con, "mentions", _rows.MENTION_COLUMNS, mentions)
        unresolved = _first_rows(rows.unresolved, "article_id", "name_start")
        unresolved = unresolved.filter(
            pc.is_in(unresolved["article_id"], pa.array(list(stories), type=pa.string()))
        )
        if unresolved.num_rows:
            _rows.insert_arrow(con, "unresolved_names", _rows.UNRESOLVED_COLUMNS, unresolved)
        _aggregate.refresh_events(con, mentions, articles, schemas)
        _aggregate.merge_actors(con, mentions)

    def _articles(self, con: duckdb.DuckDBPyConnection, articles: pa.Table, kept: set[str]) -> pa.Table:
        """Insert the kept documents' articles with their stories (assigned in batch order) and
        signatures; returns them as inserted, story ids included."""
        articles = articles.filter(pc.is_in(articles["doc_id"], pa.array(sorted(kept), type=pa.string())))
        if not articles.num_rows:
            return articles
        story_ids: list[str] = []
        similarities: list[float] = []
        minhashes: list[tuple[Any, ...]] = []
        for doc_id, signature in zip(
            articles["doc_id"].to_pylist(), articles["signature"].to_pylist(), strict=True
        ):
            story = self.index.assign_signature(doc_id, signature)
            story_ids.append(story.story_id)
            similarities.append(story.similarity)
            minhashes.append((doc_id, story.story_id, story.signature))
        articles = _with_column(articles, "story_id", story_ids)
        articles = _with_column(articles, "story_similarity", similarities).drop_columns(["signature"])
        _rows.insert_arrow(con, "articles", _rows.ARTICLE_COLUMNS, articles)
        _rows.bulk_insert(con, self._schemas, "minhashes", _rows.MINHASH_COLUMNS, _numbered(con, minhashes))
        return articles


def _first_rows(table: pa.Table, *key: str) -> pa.Table:
    """The rows whose ``key`` (one or more columns) did not come earlier (parts loaded together may
    repeat a document)."""
    seen: set[Any] = set()
    keep: list[bool] = []
    for value in zip(*(table[column].to_pylist() for column in key), strict=True):
        keep.append(value not in seen)
        seen.add(value)
    return table if all(keep) else table.filter(pa.array(keep, type=pa.bool_()))


def _tuples(table: pa.Table) -> list[tuple[Any, ...]]:
    return list(zip(*(column.to_pylist() for column in table.columns), strict=True))


def _with_column(table: pa.Table, name: str, values: list[Any]) -> pa.Table:
    index = table.schema.get_field_index(name)
    return table.set_column(
        index, table.schema.field(index), pa.array(values, type=table.schema.field(index).type)
    )


def _numbered(con: duckdb.DuckDBPyConnection, minhashes: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The signatures not stored yet, each with the next ``seq`` (in batch order, from the stored maximum)."""
    fresh = _rows.first_by_key(minhashes)
    if not fresh:
        return []
    ((start,),) = con.execute("SELECT coalesce(max(seq) + 1, 0) FROM minhashes").fetchall()
    ids = [row[0] for row in fresh]
    stored = {row[0] for row in _rows.for_keys(con, "SELECT doc_id FROM minhashes WHERE doc_id IN ({})", ids)}
    kept = [row for row in fresh if row[0] not in stored]
    return [(doc_id, start + i, story_id, signature) for i, (doc_id, story_id, signature) in enumerate(kept)]
