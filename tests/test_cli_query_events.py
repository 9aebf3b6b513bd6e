"""`eventwire events`, `show` and `stats` over the hand-written corpus store; `--min-confidence` (with
`export`) and the confidence in the listings over a store of events at known confidences."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from _server_corpus import build_store
from _store_factory import confidence_store
from eventwire.commands import events as events_commands
from eventwire.commands import export as export_commands


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("server") / "corpus.duckdb")


@pytest.fixture(scope="module")
def confidence_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return confidence_store(tmp_path_factory.mktemp("confidence") / "c.duckdb")


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    app = typer.Typer()
    events_commands.register(app)
    export_commands.register(app)
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


def test_cli_query_confidence_events_json_keeps_events_at_or_above(
    cli: typer.Typer, confidence_db: Path
) -> None:
    code, out = _run(cli, "events", "--db", str(confidence_db), "--min-confidence", "0.3", "--json")
    assert code == 0, out
    assert sorted((e["code"], e["confidence"]) for e in json.loads(out)) == [
        ("040", 0.5),
        ("111", 0.3),
        ("112", 0.95),
    ]
    code, out = _run(cli, "events", "--db", str(confidence_db), "--json")
    assert code == 0, out
    assert len(json.loads(out)) == 6  # without the filter: every event, the imported one too


def test_cli_query_confidence_table_and_csv_show_it(cli: typer.Typer, confidence_db: Path) -> None:
    code, out = _run(cli, "events", "--db", str(confidence_db), "--source", "USA", "--min-confidence", "0.1")
    assert code == 0, out
    assert "conf." in out and "0.95" in out and "0.10" in out
    assert "1-2 of 2" in out
    code, out = _run(cli, "events", "--db", str(confidence_db), "--code", "111", "--csv")
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(r["confidence"] for r in rows) == ["", "0.3"]  # the imported GDELT row has none
    code, out = _run(cli, "events", "--db", str(confidence_db), "--code", "111")
    assert code == 0 and "—" in out


def test_cli_query_confidence_show_prints_it(cli: typer.Typer, confidence_db: Path) -> None:
    _, listing = _run(cli, "events", "--db", str(confidence_db), "--code", "040", "--json")
    code, out = _run(cli, "show", json.loads(listing)[0]["id"], "--db", str(confidence_db))
    assert code == 0, out
    assert "confidence 0.50" in out


@pytest.mark.parametrize("bad", ["-0.1", "1.5", "nan", "inf"])
def test_cli_query_confidence_outside_0_to_1_is_rejected(
    cli: typer.Typer, confidence_db: Path, bad: str
) -> None:
    for command in (["events"], ["stats"], ["export", "--format", "csv", "--out", "x.csv"]):
        code, out = _run(cli, *command, "--db", str(confidence_db), "--min-confidence", bad)
        assert code == 2, (command, out)
        assert "is not a number from 0 to 1" in out, (command, out)


def test_cli_query_confidence_that_is_no_number_is_rejected(cli: typer.Typer, confidence_db: Path) -> None:
    code, out = _run(cli, "events", "--db", str(confidence_db), "--min-confidence", "high")
    assert code == 2 and "Invalid value for '--min-confidence'" in out


def test_cli_query_confidence_stats_counts_the_events_that_pass(
    cli: typer.Typer, confidence_db: Path
) -> None:
    code, out = _run(cli, "stats", "--db", str(confidence_db), "--min-confidence", "0.3", "--json")
    assert code == 0, out
    stats = json.loads(out)
    assert (stats["events"], stats["gdelt_events"], stats["mentions"]) == (3, 0, 6)
    assert sum(d["events"] for d in stats["top_dyads"]) == 3


@pytest.mark.parametrize("fmt", ["gdelt", "mentions", "jsonl", "csv", "parquet"])
def test_cli_query_confidence_export_every_format(
    cli: typer.Typer, confidence_db: Path, tmp_path: Path, fmt: str
) -> None:
    out_path = tmp_path / f"out.{fmt}"
    code, out = _run(cli, "export", "--db", str(confidence_db), "--format", fmt, "--out", str(out_path))
    assert code == 0, out
    every = int(out.split()[0])
    code, out = _run(
        cli,
        "export",
        "--db",
        str(confidence_db),
        "--format",
        fmt,
        "--out",
        str(out_path),
        "--min-confidence",
        "0.5",
    )
    assert code == 0, out
    # 040 (two mentions) and 112 pass 0.5; unfiltered: 5 coded events (the GDELT formats leave the
    # imported row's twin in: it is an event of its own), 6 with the imported one, 6 mentions
    assert (every, int(out.split()[0])) == {
        "gdelt": (6, 2),
        "mentions": (6, 3),
        "jsonl": (6, 2),
        "csv": (6, 2),
        "parquet": (6, 2),
    }[fmt]
