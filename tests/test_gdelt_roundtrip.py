"""GDELT 2.0 import -> export gives back the same lines; malformed lines are reported, not fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.store import Store
from eventwire.store.export import export
from eventwire.store.gdelt import EVENT_COLUMNS, import_events, parse_event


def _samples(shared: Path) -> list[Path]:
    found = sorted((shared / "eval" / "corpora" / "gdelt_samples").rglob("*.export.CSV"))
    if not found:
        pytest.skip("no GDELT export samples in ../shared")
    return found


def test_gdelt_column_table_has_61_columns() -> None:
    assert len(EVENT_COLUMNS) == 61
    assert EVENT_COLUMNS[0][0] == "GLOBALEVENTID" and EVENT_COLUMNS[-1][0] == "SOURCEURL"


def test_gdelt_import_export_round_trip_is_byte_identical(shared_dir: Path, tmp_path: Path) -> None:
    files = _samples(shared_dir)
    with Store.open(tmp_path / "g.duckdb") as store:
        with store.connection() as con:
            reports = [import_events(con, f) for f in files]
        out = tmp_path / "out.tsv"
        n = export(store, "gdelt", out)
    original = [line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line]
    original.sort(key=lambda line: int(line.split("\t", 1)[0]))
    assert all(not r.bad_lines for r in reports)
    assert n == len(original) == sum(r.added for r in reports)
    assert out.read_text(encoding="utf-8").splitlines() == original


def test_gdelt_reimport_adds_nothing(shared_dir: Path, tmp_path: Path) -> None:
    first = _samples(shared_dir)[0]
    with Store.open(tmp_path / "g.duckdb") as store, store.connection() as con:
        import_events(con, first)
        again = import_events(con, first)
    assert again.added == 0 and again.rows > 0


def test_gdelt_imported_rows_keep_ids_and_origin(shared_dir: Path, tmp_path: Path) -> None:
    first = _samples(shared_dir)[0]
    gid = int(first.read_text(encoding="utf-8").split("\t", 1)[0])
    with Store.open(tmp_path / "g.duckdb") as store, store.connection() as con:
        import_events(con, first)
        row = con.execute("SELECT event_id, origin FROM events WHERE global_event_id = ?", [gid]).fetchone()
    assert row == (f"gdelt-{gid}", "gdelt")


def test_gdelt_short_line_is_a_data_file_error_naming_the_line() -> None:
    with pytest.raises(DataFileError, match=r"x\.CSV:7: expected 61"):
        parse_event("1\t20180101\t201801", "x.CSV", 7)


def test_gdelt_malformed_line_is_reported_and_others_load(tmp_path: Path) -> None:
    good = "\t".join(["12345", "20180101", "201801", "2018", "2018.0027"] + [""] * 56)
    path = tmp_path / "bad.export.CSV"
    path.write_text(f"{good}\nnot a gdelt line\n", encoding="utf-8")
    with Store.open(tmp_path / "g.duckdb") as store, store.connection() as con:
        report = import_events(con, path)
    assert (report.rows, report.added, len(report.bad_lines)) == (1, 1, 1)
    assert ":2:" in report.bad_lines[0]
