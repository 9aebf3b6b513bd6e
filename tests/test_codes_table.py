"""The CAMEO/PLOVER code tables: complete, consistent, and validated on load."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.events import cameo_table
from eventwire.events.codes import PLOVER_TYPES


def test_codes_table_has_all_roots_and_codes() -> None:
    table = cameo_table()
    assert table.roots() == [f"{n:02d}" for n in range(1, 21)]
    assert len(table) > 300


def test_codes_quad_class_follows_gdelt_roots() -> None:
    table = cameo_table()
    expected = {"01": 1, "04": 1, "05": 2, "08": 2, "09": 3, "13": 3, "14": 4, "20": 4}
    for root, quad in expected.items():
        assert all(c.quad_class == quad for c in table if c.root == root)


def test_codes_every_code_carries_a_plover_type() -> None:
    table = cameo_table()
    assert {c.plover for c in table} <= set(PLOVER_TYPES)
    assert set(table.plover_types()) == set(PLOVER_TYPES)
    assert table["036"].plover == "AGREE"
    assert table["0841"].plover == "RETREAT" and table["0841"].plover_mode == "release"
    assert table["190"].plover == "ASSAULT"


def test_codes_goldstein_matches_gdelt_lookup(shared_dir: Path) -> None:
    table = cameo_table()
    lookup = shared_dir / "reference" / "cameo" / "CAMEO.goldsteinscale.txt"
    rows = [line.split("\t") for line in lookup.read_text().splitlines()[1:] if line.strip()]
    assert len(rows) == len(table)
    for code, value in rows:
        assert table[code].goldstein == pytest.approx(float(value)), code


def test_codes_bad_row_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "codes.tsv"
    bad.write_text(
        "code\tquad\tgoldstein\tplover\tmode\tname\n01\t1\t0.0\tCONSULT\t-\tStatement\n010\t1\tx\tCONSULT\t-\tBad\n"
    )
    with pytest.raises(DataFileError, match=r"codes.tsv:3: Goldstein"):
        cameo_table(codes_file=bad)


def test_codes_unknown_plover_type_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "codes.tsv"
    bad.write_text("code\tquad\tgoldstein\tplover\tmode\tname\n01\t1\t0.0\tCHAT\t-\tStatement\n")
    with pytest.raises(DataFileError, match=r"codes.tsv:2: unknown PLOVER type"):
        cameo_table(codes_file=bad)
