"""Exports of the store's events: GDELT 2.0 event TSV, GDELT 2.0 mentions TSV, Parquet, JSONL, CSV.

- ``gdelt``: 61 tab-separated columns, no header (see :mod:`eventwire.store.gdelt`);
- ``mentions``: GDELT 2.0 mentions table, 16 tab-separated columns, no header;
- ``parquet``: a directory of Parquet files hive-partitioned by ``event_day=YYYY-MM-DD`` (``none``
  for undated events); written with pyarrow with every column nullable (DuckDB's own ``COPY TO
  parquet`` marks columns NOT NULL, recipes.md pitfall 7);
- ``jsonl``: one JSON object per event, every ``events`` column, dates as ISO strings;
- ``csv``: header row and every ``events`` column (RFC 4180 quoting, floats in shortest exact form).
Filters: ``since``/``until`` (event date, inclusive), ``actor`` (CAMEO code prefix, either side) and
``min_confidence`` (the lowest calibrated event confidence kept, 0 to 1; events without one, imported GDELT
rows, are left out); every format applies them, ``mentions`` by the events the mentions belong to.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, Literal, get_args

import duckdb
import pyarrow as pa
import pyarrow.dataset as pads

from eventwire.errors import InputError
from eventwire.store import Store
from eventwire.store.gdelt import event_lines, mention_lines, write_lines
from eventwire.store.query import where_clause

ExportFormat = Literal["gdelt", "mentions", "parquet", "jsonl", "csv"]
FORMATS: Final = get_args(ExportFormat)


@dataclass(frozen=True, slots=True)
class ExportFilter:
    since: date | None = None
    until: date | None = None
    actor: str | None = None
    min_confidence: float | None = None

    def sql(self) -> tuple[str, list[Any]]:
        """The WHERE clause and its parameters: the read API's own filter builder (ValueError for a
        ``min_confidence`` outside 0..1)."""
        return where_clause(
            since=self.since, until=self.until, actor=self.actor, min_confidence=self.min_confidence
        )


def export(store: Store, fmt: str, out: str | Path, filters: ExportFilter | None = None) -> int:
    """Write the events matching ``filters`` to ``out`` in ``fmt``; returns the number of rows written."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    where, params = (filters or ExportFilter()).sql()
    target = Path(out)
    with store.connection() as con:
        if fmt in ("gdelt", "mentions"):
            lines = event_lines(con, where, params) if fmt == "gdelt" else mention_lines(con, where, params)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                return write_lines(lines, handle)
        sql = f"SELECT * FROM events{where} ORDER BY event_date, event_id"
        if fmt == "parquet":
            return _parquet(con.sql(sql, params=params).to_arrow_table(), target)
        cursor = con.execute(sql, params)
        return _jsonl(cursor, target) if fmt == "jsonl" else _csv(cursor, target)


def _names(cursor: duckdb.DuckDBPyConnection) -> list[str]:
    return [d[0] for d in cursor.description or ()]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _jsonl(cursor: duckdb.DuckDBPyConnection, target: Path) -> int:
    names = _names(cursor)
    n = 0
    with open(target, "w", encoding="utf-8", newline="\n") as handle:
        while chunk := cursor.fetchmany(2000):
            for values in chunk:
                record = {k: _plain(v) for k, v in zip(names, values, strict=True)}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
    return n


def _csv(cursor: duckdb.DuckDBPyConnection, target: Path) -> int:
    names = _names(cursor)
    n = 0
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        while chunk := cursor.fetchmany(2000):
            for values in chunk:
                writer.writerow(["" if v is None else _plain(v) for v in values])
                n += 1
    return n


def _parquet(table: pa.Table, target: Path) -> int:
    day = pa.array(
        [d.isoformat() if d is not None else "none" for d in table.column("event_date").to_pylist()],
        pa.string(),
    )
    table = table.append_column("event_day", day)
    schema = pa.schema([f.with_nullable(True) for f in table.schema])
    table = table.cast(schema)
    target.mkdir(parents=True, exist_ok=True)
    pads.write_dataset(
        table,
        target,
        format="parquet",
        partitioning=pads.partitioning(pa.schema([("event_day", pa.string())]), flavor="hive"),
        existing_data_behavior="delete_matching",
        basename_template="part-{i}.parquet",
    )
    return int(table.num_rows)
