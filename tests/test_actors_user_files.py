from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.actors import ActorAnalyzer, load_table
from eventwire.errors import DataFileError
from eventwire.settings import Settings

DATA = Path(__file__).parent / "data" / "actors"


def test_actors_user_yaml_adds_people_and_organisations(nlp: Any, settings: Settings) -> None:
    analyzer = ActorAnalyzer(settings, nlp=nlp, extra_files=[DATA / "extra_actors.yaml"])
    result = analyzer.analyze("Petrovska criticised Kestrel Mining.", date(2020, 5, 1))
    assert [(m.actor.code, m.actor.name) for m in result.mentions] == [
        ("MKDGOV", "Ivana Petrovska"),
        ("ZAFBUS", "Kestrel Mining Group"),
    ]


def test_actors_user_yaml_error_names_file_and_line() -> None:
    with pytest.raises(DataFileError) as info:
        load_table([DATA / "bad_sector.yaml"])
    assert info.value.path.endswith("bad_sector.yaml")
    assert info.value.line == 4
    assert "XXQ" in str(info.value)


def test_actors_user_tsv_error_names_file_and_line() -> None:
    with pytest.raises(DataFileError) as info:
        load_table([DATA / "bad_country.tsv"])
    assert info.value.line == 3
    assert "Britain" in str(info.value)


def test_actors_shipped_table_covers_un_members() -> None:
    table = load_table()
    for iso3 in ("JPN", "RUS", "USA", "TUV", "SSD", "XKX", "PSE", "TWN", "SUN", "YUG", "CSK", "DDR", "ESH"):
        assert table.country_entry(iso3) is not None, iso3
