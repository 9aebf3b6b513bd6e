"""Events and actors written batch by batch equal a recount over every stored mention.

The writer builds a new event from the batch's own rows, looks up the mentions of an event it already
stored, and merges each batch's actor counts into the stored rows. Whatever the batch boundaries, the
tables must equal what a recount of all mentions gives (the oracle here, computed the slow way).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from _store_factory import random_corpus, syndicated_corpus
from eventwire.records import DocumentResult
from eventwire.store import Store
from eventwire.store._aggregate import (
    _ARTICLE_COLUMNS,
    _MENTION_COLUMNS,
    _MENTION_NAMES,
    actor_totals_sql,
    event_row,
)
from eventwire.store._rows import TableSchemas, bulk_insert_dicts


def _recount_events(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """The events table as event_row of all stored mentions of each event."""
    columns = ", ".join(f"m.{c.strip()}" for c in _MENTION_COLUMNS.split(","))
    articles = ", ".join(f"a.{c}" for c in _ARTICLE_COLUMNS)
    by_event: dict[str, list[dict[str, Any]]] = {}
    for values in con.execute(
        f"SELECT {columns}, {articles} FROM mentions m JOIN articles a ON a.doc_id = m.article_id"
    ).fetchall():
        m = dict(zip((*_MENTION_NAMES, *_ARTICLE_COLUMNS), values, strict=True))
        by_event.setdefault(m["event_id"], []).append(m)
    con.execute("CREATE TEMP TABLE recount AS SELECT * FROM events LIMIT 0")
    bulk_insert_dicts(con, TableSchemas(), "recount", [event_row(e, ms) for e, ms in by_event.items()])
    return sorted(con.execute("SELECT * FROM recount").fetchall(), key=repr)


def _recount_actors(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    # one aggregate over all stored mentions: what merging batch by batch must add up to
    rows = con.execute(actor_totals_sql("mentions")).fetchall()
    return sorted(rows, key=repr)


def _assert_recounted(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        stored_events = sorted(con.execute("SELECT * FROM events").fetchall(), key=repr)
        stored_actors = sorted(con.execute("SELECT * FROM actors").fetchall(), key=repr)
        assert stored_events == _recount_events(con)
        assert stored_actors == _recount_actors(con)
        assert stored_events, "the corpus should give events"


def _write(db: Path, corpus: list[DocumentResult], cuts: list[int]) -> None:
    bounds = sorted({0, len(corpus), *(c % (len(corpus) + 1) for c in cuts)})
    with Store.open(db) as store:
        for start, end in zip(bounds, bounds[1:], strict=False):
            store.write_batch(corpus[start:end])


def test_store_aggregates_syndicated_copies_across_batches(tmp_path: Path) -> None:
    """One wire story in four copies, written one copy per batch: events already stored gain mentions."""
    corpus = syndicated_corpus()
    _write(tmp_path / "s.duckdb", corpus, [1, 2, 3, 4])
    _assert_recounted(tmp_path / "s.duckdb")


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), cuts=st.lists(st.integers(0, 80), max_size=12))
def test_store_aggregates_equal_a_recount_whatever_the_batches(
    tmp_path_factory: Any, seed: int, cuts: list[int]
) -> None:
    """Random documents whose events repeat across documents (same dyad, code and day), any batches."""
    db = tmp_path_factory.mktemp("agg") / "r.duckdb"
    _write(db, random_corpus(80, seed), cuts)
    _assert_recounted(db)
