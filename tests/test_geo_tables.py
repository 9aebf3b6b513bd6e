"""Our geography tables are validated on load: a bad row names its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.geo import _tables as _geo_tables


def test_geo_tables_bundled_files_load() -> None:
    regions = _geo_tables.read_regions()
    words = _geo_tables.NameWords.load()
    assert any("Donbas" in r.names for r in regions)
    assert {"ambassador", "county", "ramadan"} <= words.title | words.feature | words.never


def test_geo_tables_bad_coordinates_name_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "geo_regions.tsv").write_text(
        "# comment\nDonbas\t-\tUKR\t48.2\t38.3\nNowhere\t-\tUKR\tnorth\t1\n"
    )
    monkeypatch.setattr(_geo_tables, "DATA", tmp_path)
    with pytest.raises(DataFileError) as err:
        _geo_tables.read_regions()
    assert err.value.line == 3 and err.value.path.endswith("geo_regions.tsv")


def test_geo_tables_unknown_word_role_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "geo_name_words.tsv").write_text("Mayor\ttitle\nAvenue\tstreet\n")
    monkeypatch.setattr(_geo_tables, "DATA", tmp_path)
    with pytest.raises(DataFileError, match="geo_name_words.tsv:2"):
        _geo_tables.NameWords.load()


def test_geo_tables_missing_field_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "geo_regions.tsv").write_text("Crimea\t-\tUKR\t45.3\n")
    monkeypatch.setattr(_geo_tables, "DATA", tmp_path)
    with pytest.raises(DataFileError, match="geo_regions.tsv:1"):
        _geo_tables.read_regions()
