"""The people table's format: person ids, the head column, offices held for several states, partial dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.actors import ActorAnalyzer, ActorTable, load_table
from eventwire.actors.table import load_people, load_sector_codes, person_id
from eventwire.errors import DataFileError
from eventwire.settings import Settings

SECTORS = "GOV\tGovernment\tgovernment\nELI\tElite\telite\n"
HEADER = "# id\tname\taliases\tcountries\trole\thead\tsector\tstart\tend\twiki\n"


def _load(rows: str) -> ActorTable:
    table = ActorTable()
    load_sector_codes(table, "sectors.tsv", SECTORS)
    load_people(table, "people.tsv", HEADER + rows)
    return table


def test_actors_people_format_rows_with_one_id_are_one_person() -> None:
    table = _load(
        "ann-roe\tAnn Roe\tRoe\tNOR\tForeign Minister\t\tGOV\t2001-01-01\t2003-12-31\tAnn Roe (diplomat)\n"
        "ann-roe\t\tA. Roe\tNOR\tPrime Minister\tgovernment\tGOV\t2004-01-01\t\t\n"
    )
    entry = table.entries["person:ann-roe"]
    assert [o.role for o in entry.offices] == ["Foreign Minister", "Prime Minister"]
    assert entry.wiki == "Ann Roe (diplomat)"
    assert {t.phrase for t in table.terms} == {"Ann Roe", "Roe", "A. Roe"}
    assert entry.offices[1].head == ("government",)


def test_actors_people_format_namesakes_are_two_people() -> None:
    table = _load(
        "ann-roe-1950\tAnn Roe\t\tNOR\tPrime Minister\tgovernment\tGOV\t2001-01-01\t2002-12-31\t\n"
        "ann-roe-1961\tAnn Roe\t\tSWE\tPresident\tstate\tGOV\t2010-01-01\t2012-12-31\t\n"
    )
    assert {e.country for e in table.entries.values()} == {"NOR", "SWE"}


def test_actors_people_format_month_and_year_dates_cover_the_whole_period() -> None:
    table = _load("bo-li\tBo Li\t\tCHN\tPremier\tgovernment\tGOV\t2003-03\t2013\t\n")
    (office,) = table.entries["person:bo-li"].offices
    assert office.start == date(2003, 3, 1)
    assert office.end == date(2013, 12, 31)
    table = _load("bo-li\tBo Li\t\tCHN\tPremier\tgovernment\tGOV\t2003\t2012-02\t\n")
    (office,) = table.entries["person:bo-li"].offices
    assert (office.start, office.end) == (date(2003, 1, 1), date(2012, 2, 29))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Bo Li\tBo Li\t\tCHN\tPremier\tgovernment\tGOV\t2003\t\t\n", "person id"),
        ("bo-li\tBo Li\t\tCHN\tPremier\tboss\tGOV\t2003\t\t\n", "head"),
        ("bo-li\tBo Li\t\tCHN;China\tPremier\tgovernment\tGOV\t2003\t\t\n", "ISO3"),
        ("bo-li\tBo Li\t\tCHN\tPremier\tgovernment\tGOV\t2003-13\t\t\n", "not a date"),
        ("bo-li\t\t\tCHN\tPremier\tgovernment\tGOV\t2003\t\t\n", "no name"),
    ],
)
def test_actors_people_format_bad_rows_name_the_line(row: str, message: str) -> None:
    with pytest.raises(DataFileError) as info:
        _load(row)
    assert info.value.line == 2
    assert message in str(info.value)


def test_actors_people_format_person_id_folds_accents() -> None:
    assert person_id("Shinzō Abe") == "shinzo-abe"
    assert person_id("Lars Løkke Rasmussen") == "lars-lokke-rasmussen"
    assert person_id("Andrés Manuel López Obrador") == "andres-manuel-lopez-obrador"


def test_actors_people_format_user_yaml_takes_id_head_and_countries(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- person: Ann Roe\n"
        "  id: ann-roe-1950\n"
        "  offices:\n"
        "    - {countries: [NOR, ISL], role: Queen, head: state, sector: GOV, start: 2001-05}\n",
        encoding="utf-8",
    )
    entry = load_table([path]).entries["person:ann-roe-1950"]
    (office,) = entry.offices
    assert office.countries == ("NOR", "ISL")
    assert office.head == ("state",)
    assert office.start == date(2001, 5, 1)


def test_actors_people_format_namesakes_resolve_by_date(nlp: Any, settings: Settings) -> None:
    analyzer = ActorAnalyzer(settings, nlp=nlp)

    def actor(when: date) -> tuple[str, str | None, str | None]:
        found = analyzer.analyze("Andris Bērziņš met the Estonian foreign minister in Riga.", when)
        person = found.mentions[0].actor
        return person.code, person.role, person.wiki

    assert actor(date(2001, 3, 1)) == ("LVAGOV", "Prime Minister", "Andris Bērziņš (born 1951)")
    assert actor(date(2013, 3, 1)) == ("LVAGOV", "President", "Andris Bērziņš (born 1944)")


def test_actors_people_format_monarch_of_several_realms(nlp: Any, settings: Settings) -> None:
    table = load_table()
    (charles,) = [e for e in table.entries.values() if e.kind == "person" and e.name == "King Charles III"]
    assert {"GBR", "AUS", "CAN", "JAM"} <= {c for o in charles.offices for c in o.countries}
    analyzer = ActorAnalyzer(settings, nlp=nlp)
    when = date(2023, 6, 1)
    assert (
        analyzer.analyze("King Charles III praised the volunteers.", when).mentions[0].actor.code == "GBRGOV"
    )
    found = analyzer.analyze("Canada's King Charles III praised the volunteers.", when).mentions
    assert found[0].actor.code == "CANGOV"
