"""The minimum-confidence filter of the store's reads: events, counts, the dashboard's aggregates and
every export format keep the events whose calibrated confidence is at least the value (boundaries
included); events without one (imported GDELT rows) never pass; values outside 0..1 are clear errors."""

from __future__ import annotations

import csv
import json
import math
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.dataset as pads
import pytest

from _store_factory import confidence_store
from eventwire.server._queries import EventFilter, event_locations, search_events
from eventwire.store import Store
from eventwire.store.export import FORMATS, ExportFilter, export
from eventwire.store.query import where_clause

# the five coded events by their confidence; the imported GDELT copy of 111 has none
CODED = {"051": 0.05, "163": 0.1, "111": 0.3, "040": 0.5, "112": 0.95}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return confidence_store(tmp_path_factory.mktemp("confidence") / "c.duckdb")


def _passing(threshold: float) -> list[str]:
    return sorted(code for code, value in CODED.items() if value >= threshold)


def test_store_confidence_of_an_event_is_its_best_mention(db: Path) -> None:
    with duckdb.connect(str(db), read_only=True) as con:
        mentions = con.execute(
            "SELECT m.confidence FROM mentions m JOIN events e USING (event_id) "
            "WHERE e.event_code = '040' ORDER BY 1"
        ).fetchall()
        events = con.execute("SELECT event_code, origin, confidence FROM events ORDER BY ALL").fetchall()
    assert mentions == [(0.2,), (0.5,)]
    assert events == [
        ("040", "eventwire", 0.5),
        ("051", "eventwire", 0.05),
        ("111", "eventwire", 0.3),
        ("111", "gdelt", None),
        ("112", "eventwire", 0.95),
        ("163", "eventwire", 0.1),
    ]


def test_store_confidence_event_detail_is_the_event_rows_not_its_first_mentions(db: Path) -> None:
    """What ``eventwire show`` and ``GET /events/{id}`` report agrees with what the filter compares."""
    from eventwire.events.codes import cameo_table
    from eventwire.server._convert import event_detail
    from eventwire.server._countries import load_country_names

    with Store.open(db, read_only=True) as store:
        q = store.query()
        (row,) = q.events(cameo="040")
        detail = q.event(row.event_id)
    assert detail is not None
    assert row.confidence == detail.event.confidence == 0.5
    assert [m.confidence for m in detail.mentions] == [0.2, 0.5]  # the first mention is the weaker one
    out = event_detail(detail, {}, cameo_table(), load_country_names())
    assert out.event.confidence == 0.5


@pytest.mark.parametrize("threshold", [0.0, 0.05, 0.1, 0.1000001, 0.2, 0.3, 0.5, 0.95, 0.96, 1.0])
def test_store_confidence_filter_keeps_events_at_or_above(db: Path, threshold: float) -> None:
    with Store.open(db, read_only=True) as store:
        q = store.query()
        found = sorted(e.event_code or "" for e in q.events(min_confidence=threshold))
        counted = q.count_events(min_confidence=threshold)
        page = search_events(store.connection, EventFilter(min_confidence=threshold), limit=50)
    assert found == _passing(threshold)
    assert counted == page.total == len(found)
    assert sorted(i.event_code or "" for i in page.items) == found
    assert all(i.confidence is not None and i.confidence >= threshold for i in page.items)


def test_store_confidence_no_filter_keeps_events_without_one(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        q = store.query()
        assert q.count_events() == 6
        assert q.count_events(origin="gdelt") == 1
        assert q.count_events(origin="gdelt", min_confidence=0.0) == 0
        assert search_events(store.connection, EventFilter()).total == 6


def test_store_confidence_combines_with_other_filters(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        q = store.query()
        assert sorted(e.event_code or "" for e in q.events(actor="USA", min_confidence=0.1)) == ["112", "163"]
        assert [e.event_code for e in q.events(actor="USA", min_confidence=0.2)] == ["112"]
        page = search_events(store.connection, EventFilter(dyad=("RUS", "JPN"), min_confidence=0.3))
    assert sorted(i.event_code or "" for i in page.items) == ["040", "111"]


@pytest.mark.parametrize("bad", [-0.01, 1.01, 2.0, math.nan, math.inf, -math.inf])
def test_store_confidence_outside_0_to_1_is_a_clear_error(db: Path, bad: float) -> None:
    message = f"min_confidence: {bad!r} is not a number from 0 to 1"
    assert EventFilter(min_confidence=bad).problems() == [f"{message} (a calibrated probability)"]
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        where_clause(min_confidence=bad)
    with Store.open(db, read_only=True) as store, pytest.raises(ValueError, match="min_confidence"):
        store.query().events(min_confidence=bad)
    assert EventFilter(min_confidence=0.0).problems() == EventFilter(min_confidence=1).problems() == []


def test_store_confidence_filters_the_dashboard_aggregates(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        q = store.query()
        (point,) = q.timeline("RUS", "JPN", interval="month")
        (strict,) = q.timeline("RUS", "JPN", interval="month", min_confidence=0.3)
        assert (point.period, point.events, point.quad1, point.quad3) == (date(2024, 3, 1), 4, 2, 2)
        assert (strict.events, strict.quad1, strict.quad3) == (2, 1, 1)
        assert q.timeline("RUS", "JPN", min_confidence=0.6) == []

        dyads = {(d.actor1_code, d.actor2_code): d.events for d in q.top_dyads(min_confidence=0.1)}
        assert dyads == {("USAGOV", "IGOUNO"): 2, ("RUSGOV", "JPNGOV"): 1, ("JPNGOV", "RUSGOV"): 1}
        assert [(d.actor1_code, d.events) for d in q.top_dyads(min_confidence=0.9)] == [("USAGOV", 1)]

        whole, strict_stats = q.stats(), q.stats(min_confidence=0.3)
        assert (whole.events, whole.gdelt_events, whole.mentions) == (5, 1, 6)
        assert (strict_stats.events, strict_stats.gdelt_events, strict_stats.mentions) == (3, 0, 6)
        assert q.stats(min_confidence=1.0).first_event is None

        places = event_locations(store.connection, EventFilter(min_confidence=0.3))
        assert [(p.events, p.conflict) for p in places] == [(2, 2)]  # 111 and 112 in Buenos Aires


def test_store_confidence_export_filter_applies_to_every_format(db: Path, tmp_path: Path) -> None:
    flt = ExportFilter(min_confidence=0.3)
    with Store.open(db, read_only=True) as store:
        counts = {fmt: export(store, fmt, tmp_path / fmt, flt) for fmt in FORMATS}
    expected = _passing(0.3)  # 040, 111, 112
    gdelt = sorted(line.split("\t")[26] for line in (tmp_path / "gdelt").read_text().splitlines())
    assert gdelt == expected and counts["gdelt"] == 3
    # the mentions of the events kept, the 0.2 mention of 040 included: 2 + 1 + 1
    mentions = (tmp_path / "mentions").read_text().splitlines()
    assert counts["mentions"] == len(mentions) == 4
    jsonl = [json.loads(line) for line in (tmp_path / "jsonl").read_text().splitlines()]
    assert sorted(r["event_code"] for r in jsonl) == expected
    assert all(r["confidence"] >= 0.3 for r in jsonl)
    with open(tmp_path / "csv", newline="") as handle:
        assert sorted(r["event_code"] for r in csv.DictReader(handle)) == expected
    table = pads.dataset(tmp_path / "parquet", format="parquet", partitioning="hive").to_table()
    assert sorted(table.column("event_code").to_pylist()) == expected
    assert counts["jsonl"] == counts["csv"] == counts["parquet"] == 3


def test_store_confidence_export_rejects_a_value_outside_0_to_1(db: Path, tmp_path: Path) -> None:
    with Store.open(db, read_only=True) as store, pytest.raises(ValueError, match="min_confidence: 1.5"):
        export(store, "jsonl", tmp_path / "x.jsonl", ExportFilter(min_confidence=1.5))
    assert not (tmp_path / "x.jsonl").exists()
