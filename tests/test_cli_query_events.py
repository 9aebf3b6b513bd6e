"""`eventwire events`, `show` and `stats` over the hand-written corpus store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from _server_corpus import build_store
from eventwire.commands import events as events_commands


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("server") / "corpus.duckdb")


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    app = typer.Typer()
    events_commands.register(app)
    return app


def _run(cli: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_cli_query_events_json_applies_dyad_filter(cli: typer.Typer, corpus_db: Path) -> None:
    code, out = _run(cli, "events", "--db", str(corpus_db), "--dyad", "RUS,JPN", "--json")
    assert code == 0, out
    items = json.loads(out)
    assert len(items) == 7
    assert {(i["source"]["code"][:3], i["target"]["code"][:3]) for i in items} == {
        ("RUS", "JPN"),
        ("JPN", "RUS"),
    }


def test_cli_query_events_csv_has_header_and_rows(cli: typer.Typer, corpus_db: Path) -> None:
    code, out = _run(cli, "events", "--db", str(corpus_db), "--root", "11", "--csv")
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["code"] for r in rows} == {"111", "112"}
    assert all(r["sentence"] and r["url"].startswith("https://") for r in rows)


def test_cli_query_events_table_shows_evidence(cli: typer.Typer, corpus_db: Path) -> None:
    code, out = _run(cli, "events", "--db", str(corpus_db), "--text", "fisheries", "--since", "2018-01-01")
    assert code == 0, out
    assert "Abe and Lavrov signed an agreement on fisheries." in out
    assert "1-1 of 1" in out


def test_cli_query_events_rejects_bad_filters(cli: typer.Typer, corpus_db: Path) -> None:
    for args in (["--quad", "9"], ["--dyad", "RUS"], ["--since", "yesterday"], ["--sort", "random"]):
        code, out = _run(cli, "events", "--db", str(corpus_db), *args)
        assert code == 2, (args, out)


def test_cli_query_events_missing_store_is_a_clear_error(cli: typer.Typer, tmp_path: Path) -> None:
    code, out = _run(cli, "events", "--db", str(tmp_path / "nope.duckdb"))
    assert code == 2
    assert "no such event store" in out


def test_cli_query_show_prints_evidence_of_one_event(cli: typer.Typer, corpus_db: Path) -> None:
    _, listing = _run(cli, "events", "--db", str(corpus_db), "--text", "militarising", "--json")
    event_id = json.loads(listing)[0]["id"]
    code, out = _run(cli, "show", event_id, "--db", str(corpus_db))
    assert code == 0, out
    assert "Sergei Lavrov accused Japan of militarising the region." in out
    assert "eastwire.example" in out
    code, out = _run(cli, "show", event_id, "--db", str(corpus_db), "--json")
    roles = {s["role"] for s in json.loads(out)["mentions"][0]["evidence"]["segments"]}
    assert roles == {None, "source", "target", "trigger"}


def test_cli_query_show_unknown_event_fails(cli: typer.Typer, corpus_db: Path) -> None:
    code, out = _run(cli, "show", "ew-nothing", "--db", str(corpus_db))
    assert code == 1 and "no event with id" in out


def test_cli_query_stats_counts_the_store(cli: typer.Typer, corpus_db: Path) -> None:
    code, out = _run(cli, "stats", "--db", str(corpus_db), "--json")
    assert code == 0, out
    stats = json.loads(out)
    assert (stats["events"], stats["articles"], stats["first_event"]) == (9, 7, "2018-01-15")
    assert stats["top_dyads"][0]["events"] == 2
    code, out = _run(cli, "stats", "--db", str(corpus_db))
    assert code == 0 and "Busiest dyads" in out
