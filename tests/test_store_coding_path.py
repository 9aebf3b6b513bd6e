"""Which coder found each event (``coding_path``) and background events (``historical``), through the store:
mention and event rows, queries and their filters (store, CLI, API), exports and Parquet parts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from _server_corpus import open_client
from _store_factory import article, event, result
from eventwire.commands import events as events_commands
from eventwire.records import DocumentResult
from eventwire.server._queries import EventFilter, search_events
from eventwire.store import Store
from eventwire.store._aggregate import coding_path
from eventwire.store.dedup import StoryIndex
from eventwire.store.export import export
from eventwire.store.parts import RowSchemas, batch_rows, write_part

RUS, JPN = ("Russia", "RUSGOV"), ("Japan", "JPNGOV")
USA, UN = ("Washington", "USAGOV"), ("the United Nations", "IGOUNO")
MARCH_5 = date(2024, 3, 5)


def _at(day: int) -> datetime:
    return datetime(2024, 3, day, 9, 0, tzinfo=UTC)


def corpus() -> list[DocumentResult]:
    """Six articles:
    - a meeting (RUS→JPN 040, 5 March) found by the patterns in one article and the model in another;
    - an annexation in 2014 (RUS→JPN 190) recalled as background by two articles: historical;
    - a sanction (USA→UN 163, 5 March) recalled as background in one article, reported as news in
      another: current;
    - an old accusation (USA→UN 112) recalled without a date: historical and undated.
    """
    a1 = article("Russia met Japan in Tokyo on Tuesday. Talks went on late.", "one.example", _at(5))
    a2 = article("Russia met Japan in Tokyo, officials said. Japan was pleased.", "two.example", _at(6))
    a3 = article(
        "Back in 2014 Russia attacked Japan near the islands. Memories remain.", "one.example", _at(7)
    )
    a4 = article("Russia attacked Japan near the islands in 2014. Nobody forgot.", "three.example", _at(8))
    a5 = article("Washington sanctioned the United Nations on Tuesday. It was new.", "two.example", _at(5))
    a6 = article(
        "Washington sanctioned the United Nations on March 5, it was recalled. Washington once accused "
        "the United Nations of bias.",
        "four.example",
        _at(9),
    )
    return [
        result(a1, (event(a1, "Russia met", RUS, JPN, "met", "040", 1, 1.0, MARCH_5, path="pattern"),)),
        result(a2, (event(a2, "Russia met", RUS, JPN, "met", "040", 1, 1.0, MARCH_5, path="model"),)),
        result(
            a3,
            (
                event(
                    a3,
                    "Russia attacked",
                    RUS,
                    JPN,
                    "attacked",
                    "190",
                    4,
                    -10.0,
                    date(2014, 1, 1),
                    path="model",
                    historical=True,
                ),
            ),  # fmt: skip
        ),
        result(
            a4,
            (
                event(
                    a4,
                    "Russia attacked",
                    RUS,
                    JPN,
                    "attacked",
                    "190",
                    4,
                    -10.0,
                    date(2014, 1, 1),
                    path="both",
                    historical=True,
                ),
            ),  # fmt: skip
        ),
        result(a5, (event(a5, "sanctioned", USA, UN, "sanctioned", "163", 4, -8.0, MARCH_5),)),
        result(
            a6,
            (
                event(a6, "sanctioned", USA, UN, "sanctioned", "163", 4, -8.0, MARCH_5, historical=True),
                event(
                    a6,
                    "once accused",
                    USA,
                    UN,
                    "accused",
                    "112",
                    3,
                    -2.0,
                    None,
                    path="model",
                    historical=True,
                ),
            ),  # fmt: skip
        ),
    ]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("paths") / "paths.duckdb"
    with Store.open(path) as store:
        for item in corpus():  # one article per batch: events already stored gain mentions
            store.write_batch([item])
    return path


def _events(db: Path) -> dict[str, tuple[str | None, bool, date | None]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT event_code, coding_path, historical, event_date FROM events").fetchall()
    return {code: (path, historical, day) for code, path, historical, day in rows}


def test_store_coding_path_of_an_event_derives_from_its_mentions() -> None:
    assert coding_path(["pattern", "pattern"]) == "pattern"
    assert coding_path(["model"]) == "model"
    assert coding_path(["pattern", "model"]) == "both"
    assert coding_path(["model", "both", "model"]) == "both"
    assert coding_path([None, "model"]) == "model"
    assert coding_path([None, None]) is None


def test_store_coding_path_and_historical_flags_on_event_rows(db: Path) -> None:
    assert _events(db) == {
        "040": ("both", False, MARCH_5),  # patterns in one article, the model in another
        "190": ("both", True, date(2014, 1, 1)),  # every article recalls it
        "163": ("pattern", False, MARCH_5),  # one article reports it as news: current
        "112": ("model", True, None),  # recalled without a date: stays undated
    }
    with duckdb.connect(str(db), read_only=True) as con:
        mentions = con.execute(
            "SELECT coding_path, historical, count(*) FROM mentions GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    assert mentions == [
        ("both", True, 1),
        ("model", False, 1),
        ("model", True, 2),
        ("pattern", False, 2),
        ("pattern", True, 1),
    ]


def test_store_coding_path_query_filters(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        q = store.query()
        assert {e.event_code for e in q.events(path="both")} == {"040", "190"}
        assert {e.event_code for e in q.events(historical=True)} == {"190", "112"}
        assert {e.event_code for e in q.events(historical=False, path="pattern")} == {"163"}
        assert q.count_events(path="model", historical=True) == 1
        detail = q.event(q.events(cameo="040")[0].event_id)
        with pytest.raises(ValueError, match="path must be one of"):
            q.events(path="rules")
        page = search_events(store.connection, EventFilter(historical=True, path="model"))
    assert detail is not None
    assert sorted((m.coding_path, m.historical) for m in detail.mentions) == [
        ("model", False),
        ("pattern", False),
    ]
    assert [(i.event_code, i.coding_path, i.historical) for i in page.items] == [("112", "model", True)]
    assert EventFilter(path="rules").problems() == ["path: 'rules' is not one of pattern, model, both"]


def test_store_coding_path_gdelt_export_leaves_historical_events_out(db: Path, tmp_path: Path) -> None:
    with Store.open(db, read_only=True) as store:
        n = export(store, "gdelt", tmp_path / "out.tsv")
        export(store, "mentions", tmp_path / "mentions.tsv")
        export(store, "jsonl", tmp_path / "out.jsonl")
        export(store, "csv", tmp_path / "out.csv")
        export(store, "parquet", tmp_path / "parquet")
    codes = sorted(line.split("\t")[26] for line in (tmp_path / "out.tsv").read_text().splitlines())
    assert (n, codes) == (2, ["040", "163"])
    # the mentions file holds the mentions of the exported events only (2 + 2)
    assert len((tmp_path / "mentions.tsv").read_text().splitlines()) == 4
    records = {r["event_code"]: r for r in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines())}
    assert {c: (r["coding_path"], r["historical"]) for c, r in records.items()} == {
        c: v[:2] for c, v in _events(db).items()
    }
    header = (tmp_path / "out.csv").read_text().splitlines()[0].split(",")
    assert {"coding_path", "historical"} <= set(header)
    table = pq.read_table(sorted((tmp_path / "parquet").glob("event_day=none/*.parquet"))[0])
    assert table.select(["event_code", "coding_path", "historical"]).to_pylist() == [
        {"event_code": "112", "coding_path": "model", "historical": True}
    ]


def _cli(*args: str) -> tuple[int, str]:
    app = typer.Typer()
    events_commands.register(app)
    outcome = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return outcome.exit_code, outcome.output


def test_store_coding_path_cli_events_filters_and_marks(db: Path) -> None:
    code, out = _cli("events", "--db", str(db), "--path", "model", "--historical", "--json")
    assert code == 0, out
    assert [(e["code"], e["path"], e["historical"]) for e in json.loads(out)] == [("112", "model", True)]
    code, out = _cli("events", "--db", str(db), "--no-historical", "--csv")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].endswith(",path,historical,confidence") and len(lines) == 3
    code, out = _cli("events", "--db", str(db), "--historical")
    assert code == 0, out
    assert "background · by both" in out and "background · by model" in out
    code, out = _cli("events", "--db", str(db), "--path", "rules")
    assert code != 0 and "path: 'rules' is not one of pattern, model, both" in out


def test_store_coding_path_cli_show_marks_the_event_and_its_mentions(db: Path) -> None:
    code, out = _cli("events", "--db", str(db), "--code", "163", "--json")
    event_id = json.loads(out)[0]["id"]
    code, out = _cli("show", event_id, "--db", str(db))
    assert code == 0, out
    assert "by pattern" in out and "background · by pattern" in out  # one mention recalls it


def test_store_coding_path_api_filters_and_fields(db: Path) -> None:
    with open_client(db) as client:
        body = client.get("/events", params={"path": "both"}).json()
        assert {(e["code"], e["path"], e["historical"]) for e in body["items"]} == {
            ("040", "both", False),
            ("190", "both", True),
        }
        body = client.get("/events", params={"historical": "false"}).json()
        assert {e["code"] for e in body["items"]} == {"040", "163"}
        detail = client.get(f"/events/{body['items'][0]['id']}").json()
        assert {(m["path"], m["historical"]) for m in detail["mentions"]} <= {
            ("pattern", False),
            ("model", False),
            ("pattern", True),
        }
        bad = client.get("/events", params={"path": "rules"})
        assert bad.status_code == 422


def test_store_coding_path_parts_match_the_store_schema(tmp_path: Path) -> None:
    """A part carries both columns; a part an older eventwire left (without them) still loads."""
    items = corpus()
    schemas = RowSchemas.current()
    rows = batch_rows(items, schemas, StoryIndex())
    assert {"coding_path", "historical"} <= set(rows.mentions.schema.names)
    part = write_part(rows, tmp_path / "parts", "run-0000")
    old = pq.read_table(part / "mentions.parquet").drop_columns(["coding_path", "historical"])
    pq.write_table(old, part / "mentions.parquet")
    with Store.open(tmp_path / "p.duckdb") as store:
        store.load_part(part)
        with store.connection() as con:
            found = con.execute("SELECT DISTINCT coding_path, historical FROM mentions").fetchall()
    assert found == [(None, False)]
