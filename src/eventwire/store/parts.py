"""Batch rows and Parquet parts: what one batch adds to the store, built away from the store.

The rows a batch of :class:`~eventwire.records.DocumentResult` s adds depend on the results alone,
except for what only the store can decide, in write order: which documents the ledger already holds,
each article's story (a near-duplicate search over everything stored) and the signatures' sequence
numbers. :func:`batch_rows` builds everything else as Arrow tables — ledger rows, article rows with
their MinHash signature and tone, mention rows, unresolved-name rows — so it runs wherever the batch was
coded:

- in the writing process (:meth:`Store.write_batch` calls it);
- on a Dask worker, which saves the tables as one Parquet *part* (:func:`write_part`):
  ``<parts>/<name>/{documents,articles,mentions,unresolved}.parquet``, written under a hidden temporary
  name and
  renamed into place when complete, so a part directory that exists is whole. The driver loads parts
  in batch order with :meth:`Store.load_part` (one transaction each, the same code as a direct write)
  and deletes them; a driver killed in between leaves parts that the next run loads first
  (:func:`pending_parts`), so nothing coded is lost or coded twice.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from eventwire.records import DocumentResult, DocumentStatus, Status
from eventwire.store import _rows
from eventwire.store.dedup import StoryIndex
from eventwire.store.schema import migrate
from eventwire.tone import article_tone

STORY_PENDING = ""  # story_id of article and mention rows until the store assigns the story
_TABLES = ("documents", "articles", "mentions", "unresolved")
# Every part has these; a part an older eventwire left may lack the tables added since (read as empty).
_REQUIRED = ("documents", "articles", "mentions")
_TMP_PREFIX = ".tmp-"


@dataclass(frozen=True, slots=True)
class RowSchemas:
    """Arrow schemas of batch rows: the store's own column types (plus the articles' signature)."""

    documents: pa.Schema
    articles: pa.Schema
    mentions: pa.Schema
    unresolved: pa.Schema

    @classmethod
    def current(cls) -> RowSchemas:
        """The schemas of the current store schema, read from an empty in-memory store."""
        con = duckdb.connect(":memory:")
        try:
            migrate(con)

            def schema(sql: str) -> pa.Schema:
                return con.sql(sql).to_arrow_table().schema

            signature = schema("SELECT signature FROM minhashes LIMIT 0").field("signature")
            return cls(
                schema(f"SELECT {_rows.LEDGER_COLUMNS} FROM documents LIMIT 0"),
                schema(f"SELECT {_rows.ARTICLE_COLUMNS} FROM articles LIMIT 0").append(signature),
                schema(f"SELECT {_rows.MENTION_COLUMNS} FROM mentions LIMIT 0"),
                schema(f"SELECT {_rows.UNRESOLVED_COLUMNS} FROM unresolved_names LIMIT 0"),
            )
        finally:
            con.close()


@dataclass(frozen=True, slots=True)
class BatchRows:
    """One batch's rows, in batch order; story ids are :data:`STORY_PENDING` until written."""

    documents: pa.Table
    articles: pa.Table
    mentions: pa.Table
    unresolved: pa.Table

    @classmethod
    def concat(cls, batches: Sequence[BatchRows]) -> BatchRows:
        """Several batches as one, in order (written in one transaction, as if they were one batch)."""
        if len(batches) == 1:
            return batches[0]
        return cls(*(pa.concat_tables([getattr(b, name) for b in batches]) for name in _TABLES))

    def statuses(self) -> list[DocumentStatus]:
        """The ledger rows as records (for progress and run summaries)."""
        return [
            DocumentStatus(
                d["doc_id"], d["origin"], Status(d["status"]), d["reason"], d["stage"], d["n_events"]
            )
            for d in self.documents.to_pylist()
        ]


@dataclass(frozen=True, slots=True)
class PartFile:
    """A part a worker wrote, and the ledger rows in it (all the driver needs before loading it)."""

    path: str
    statuses: tuple[DocumentStatus, ...]


Parts = tuple[PartFile, ...]  # consecutive parts, loaded together in one transaction


def batch_rows(results: Sequence[DocumentResult], schemas: RowSchemas, hasher: StoryIndex) -> BatchRows:
    """The rows ``results`` add, story ids left pending; ``hasher`` computes the MinHash signatures.

    Only a document's first result in the batch can be written (a repeat is the same document, or a
    duplicate of it from another origin), so articles and mentions come from first results only.
    """
    ledger: list[tuple[Any, ...]] = []
    articles: list[tuple[Any, ...]] = []
    mentions: list[tuple[Any, ...]] = []
    unresolved: list[tuple[Any, ...]] = []
    first: set[str] = set()
    for result in results:
        status = result.status
        ledger.append(_rows.ledger_row(status))
        article = result.article
        if article is None or status.doc_id in first:
            continue
        first.add(status.doc_id)
        tone = result.tone if result.tone is not None else article_tone(article.text)
        row = _rows.article_row(article, STORY_PENDING, 0.0, tone)
        articles.append((*row, hasher.signature(article.text)))
        if status.status is Status.OK:
            mentions.extend(_rows.mention_row(event, article, STORY_PENDING) for event in result.events)
            unresolved.extend(_rows.unresolved_row(article.doc_id, name) for name in result.unresolved)
    return BatchRows(
        _table(schemas.documents, ledger),
        _table(schemas.articles, articles),
        _table(schemas.mentions, _rows.first_by_key(mentions)),
        _table(schemas.unresolved, unresolved),
    )


def _table(schema: pa.Schema, rows: Sequence[Sequence[Any]]) -> pa.Table:
    if not rows:
        return schema.empty_table()
    columns = list(zip(*rows, strict=True))
    arrays = [pa.array(values, type=field.type) for values, field in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def write_part(rows: BatchRows, directory: Path, name: str) -> Path:
    """Save ``rows`` as the part ``directory/name``; the part appears whole or not at all.

    Writing the same part again (Dask re-running a task whose worker died after writing) keeps the
    first copy: a task's rows depend on its batch only.
    """
    target = directory / name
    directory.mkdir(parents=True, exist_ok=True)
    scratch = directory / f"{_TMP_PREFIX}{name}-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    try:
        for table_name in _TABLES:
            pq.write_table(getattr(rows, table_name), scratch / f"{table_name}.parquet")
        if target.exists():
            shutil.rmtree(scratch)
        else:
            scratch.rename(target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return target


def read_part(path: Path, schemas: RowSchemas) -> BatchRows:
    """The rows of a part written by :func:`write_part` (by this version, or an older one: see
    :func:`_conform`)."""
    tables = []
    for name in _TABLES:
        schema: pa.Schema = getattr(schemas, name)
        file = path / f"{name}.parquet"
        tables.append(_conform(pq.read_table(file), schema) if file.exists() else schema.empty_table())
    return BatchRows(*tables)


# What a column added by a later schema version holds in a part written before it (else NULL).
_ADDED_DEFAULTS: Final[dict[str, Any]] = {"historical": False}


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with the columns of ``schema``, in its order and types: a part a killed run of an older
    eventwire left lacks the columns added since, which get their default."""
    if table.schema.names != schema.names:
        columns = []
        for field in schema:
            if field.name in table.schema.names:
                columns.append(table[field.name])
            else:
                fill = _ADDED_DEFAULTS.get(field.name)
                columns.append(pa.array([fill] * table.num_rows, type=field.type))
        table = pa.Table.from_arrays(columns, schema=schema)
    return table.cast(schema)


def remove_part(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def pending_parts(directory: Path) -> list[Path]:
    """Whole parts left in ``directory`` (oldest name first); unfinished temporary ones are removed."""
    if not directory.is_dir():
        return []
    parts: list[Path] = []
    for entry in sorted(directory.iterdir()):
        if entry.name.startswith(_TMP_PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.is_dir() and all((entry / f"{t}.parquet").is_file() for t in _REQUIRED):
            parts.append(entry)
    return parts
