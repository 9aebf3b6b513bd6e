"""Property tests: what the store writes reads back unchanged from every export format."""

from __future__ import annotations

import csv
import json
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.records import (
    Actor,
    ActorMention,
    Article,
    DocumentResult,
    DocumentStatus,
    Event,
    Location,
    Span,
    content_id,
)
from eventwire.store import Store
from eventwire.store.export import export
from eventwire.store.gdelt import STORE_COLUMNS, parse_event

# GDELT's TSV cannot carry tabs or line breaks; every other character must survive
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=20)
CODES = st.sampled_from(["RUSGOV", "JPNGOV", "USAMIL", "IGOUNO", "CHNBUS", "FRA"])
CAMEO = st.sampled_from(["010", "036", "0311", "057", "111", "190", "1823"])


@st.composite
def documents(draw: st.DrawFn) -> DocumentResult:
    body = draw(TEXT) + " " + draw(TEXT)
    published = datetime(2015, 1, 1, tzinfo=UTC) + timedelta(minutes=draw(st.integers(0, 5_000_000)))
    source = draw(st.sampled_from(["a.example", "b.example", None]))
    doc_id = content_id(f"{source}{published}{body}".encode())
    art = Article(doc_id, f"prop://{doc_id}", body, "test", source=source, published=published,
                  title=draw(st.one_of(st.none(), TEXT)))  # fmt: skip
    events = []
    for k in range(draw(st.integers(0, 3))):

        def mention(code: str) -> ActorMention:
            return ActorMention(0, Span(0, 1, body[:1]), Actor(code, code[:3], code[3:] or None, name=draw(TEXT)), code, "t")  # fmt: skip

        loc = draw(st.one_of(st.none(), st.builds(
            Location, TEXT, st.sampled_from(["ARG", "JPN", "USA", None]), st.one_of(st.none(), st.just("07")),
            st.floats(-90, 90), st.floats(-180, 180), st.integers(1, 10**8),
            st.sampled_from(["country", "admin1", "city"]))))  # fmt: skip
        events.append(Event(
            id=f"{doc_id}-{k}", article_id=doc_id, sentence=k, sentence_text=draw(TEXT),
            trigger=Span(0, 1, body[:1]), source=mention(draw(CODES)),
            target=draw(st.one_of(st.none(), CODES.map(mention))), cameo=draw(CAMEO), plover="X",
            quad_class=draw(st.integers(1, 4)), goldstein=draw(st.integers(-100, 100)) / 10,
            event_date=draw(st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 12, 31)))),
            location=loc, negated=draw(st.booleans()), confidence=draw(st.floats(0, 1)),
            path=draw(st.sampled_from(["pattern", "model", "both"])), historical=draw(st.booleans()),
        ))  # fmt: skip
    return DocumentResult(DocumentStatus.ok(doc_id, art.origin, len(events)), art, tuple(events))


CORPUS = st.lists(documents(), min_size=1, max_size=5)
PROP = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _stored(store: Store) -> tuple[list[str], list[tuple[Any, ...]]]:
    with store.connection() as con:
        cur = con.execute("SELECT * FROM events ORDER BY event_id")
        names = [d[0] for d in cur.description or ()]
        return names, cur.fetchall()


def _with_store(corpus: list[DocumentResult]) -> tuple[Store, Path, tempfile.TemporaryDirectory[str]]:
    tmp = tempfile.TemporaryDirectory()
    folder = Path(tmp.name)
    store = Store.open(folder / "e.duckdb")
    store.write_batch(corpus)
    return store, folder, tmp


@PROP
@given(CORPUS)
def test_export_gdelt_reads_back_unchanged(corpus: list[DocumentResult]) -> None:
    """Every event that happened as news of its day (not negated, not historical) reads back unchanged."""
    store, folder, tmp = _with_store(corpus)
    with tmp, store:
        export(store, "gdelt", folder / "out.tsv")
        with store.connection() as con:
            cur = con.execute(
                f"SELECT {', '.join(STORE_COLUMNS)} FROM events WHERE NOT negated AND NOT historical "
                "ORDER BY global_event_id"
            )
            expected = [dict(zip(STORE_COLUMNS, r, strict=True)) for r in cur.fetchall()]
        lines = (folder / "out.tsv").read_text(encoding="utf-8").split("\n")
        assert lines[-1] == ""
        parsed = [parse_event(line) for line in lines[:-1]]
        assert [{k: p[k] for k in STORE_COLUMNS} for p in parsed] == expected


@PROP
@given(CORPUS)
def test_export_jsonl_reads_back_unchanged(corpus: list[DocumentResult]) -> None:
    store, folder, tmp = _with_store(corpus)
    with tmp, store:
        export(store, "jsonl", folder / "out.jsonl")
        names, rows = _stored(store)
        with open(folder / "out.jsonl", encoding="utf-8") as handle:
            records = sorted((json.loads(line) for line in handle), key=lambda r: r["event_id"])
        plain = [{k: v.isoformat() if isinstance(v, date) else v for k, v in zip(names, r, strict=True)}
                 for r in rows]  # fmt: skip
        assert records == plain


@PROP
@given(CORPUS)
def test_export_csv_reads_back_unchanged(corpus: list[DocumentResult]) -> None:
    store, folder, tmp = _with_store(corpus)
    with tmp, store:
        export(store, "csv", folder / "out.csv")
        names, rows = _stored(store)
        with store.connection() as con:
            types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                     "WHERE table_name = 'events'").fetchall())  # fmt: skip
            back = con.execute(
                "SELECT * FROM read_csv(?, header = true, columns = ?) ORDER BY event_id",
                [str(folder / "out.csv"), {n: types[n] for n in names}],
            ).fetchall()
        with open(folder / "out.csv", encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == names
        assert back == rows


@PROP
@given(CORPUS)
def test_export_parquet_reads_back_unchanged(corpus: list[DocumentResult]) -> None:
    store, folder, tmp = _with_store(corpus)
    with tmp, store:
        n = export(store, "parquet", folder / "parquet")
        names, rows = _stored(store)
        files = sorted((folder / "parquet").glob("event_day=*/*.parquet"))
        assert n == len(rows)
        if not rows:
            return
        con = duckdb.connect()
        back = con.execute(
            f"SELECT {', '.join(names)} FROM read_parquet(?, hive_partitioning = false) ORDER BY event_id",
            [[str(f) for f in files]],
        ).fetchall()
        days = {f.parent.name for f in files}
        con.close()
        assert back == rows
        assert days == {f"event_day={r[names.index('event_date')] or 'none'}" for r in rows}
