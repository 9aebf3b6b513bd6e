from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from eventwire.actors import load_table
from eventwire.actors._offices import office_at
from eventwire.actors.petrarch import convert_files

DATA = Path(__file__).parent / "data" / "actors"


def test_actors_petrarch_conversion_round_trips_into_table(tmp_path: Path) -> None:
    out = tmp_path / "converted.yaml"
    count = convert_files([DATA / "petrarch_sample_actors.txt", DATA / "petrarch_sample_agents.txt"], out)
    entries = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert count == len(entries) == 4
    table = load_table([out])
    person = table.entries["person:rufus-t-firefly"]
    assert office_at(person, date(1934, 5, 1))[:2] == ("FRD", "GOV")
    assert office_at(person, date(1940, 1, 1))[:2] == ("FRD", "ELI")
    phrases = {t.phrase for t in table.terms if t.entry == "sector:Harbor Man"}
    assert {"Harbor Man", "Harbor Men"} <= phrases
