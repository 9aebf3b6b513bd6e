"""The shipped named-people table (``data/actors/people.tsv``): loads, is consistent, has the facts."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest

from eventwire.actors import ActorAnalyzer, ActorTable, Entry, load_table
from eventwire.settings import Settings

G20 = ("ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "IDN", "IND", "ITA", "JPN", "KOR", "MEX",
       "RUS", "SAU", "TUR", "USA", "ZAF")  # fmt: skip


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return load_table()


def _person(table: ActorTable, name: str) -> Entry:
    entry = table.entries[f"person:{name}"]
    assert entry.kind == "person"
    return entry


def _people(table: ActorTable) -> list[Entry]:
    return [e for e in table.entries.values() if e.kind == "person"]


def test_actors_people_table_loads_many_people(table: ActorTable) -> None:
    people = _people(table)
    assert len(people) >= 900
    assert sum(len(p.offices) for p in people) >= 1200


def test_actors_people_table_no_overlapping_terms_of_one_office(table: ActorTable) -> None:
    clashes = []
    for person in _people(table):
        by_role: dict[tuple[str | None, str], list[tuple[date, date]]] = {}
        for office in person.offices:
            span = (office.start or date.min, office.end or date.max)
            by_role.setdefault((office.country, office.role), []).append(span)
        for key, spans in by_role.items():
            spans.sort()
            for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
                if start < end - timedelta(days=1):  # a handover day may be counted twice
                    clashes.append((person.name, key, start, end))
    assert clashes == []


def test_actors_people_table_every_g20_country_has_leaders_and_ministers(table: ActorTable) -> None:
    roles: dict[str, Counter[str]] = {iso: Counter() for iso in G20}
    for person in _people(table):
        for office in person.offices:
            if office.country in roles and office.sector == "GOV":
                roles[office.country][_kind_of(office.role)] += 1
    thin = {iso: dict(c) for iso, c in roles.items() if c["head"] < 3 or c["foreign"] < 2}
    assert thin == {}
    assert sum(1 for iso in G20 if roles[iso]["defence"] >= 2) >= 17


def _kind_of(role: str) -> str:
    lowered = role.lower()
    if "foreign" in lowered or "secretary of state" in lowered:
        return "foreign"
    if "defen" in lowered or "armed forces" in lowered:
        return "defence"
    heads = ("president", "prime minister", "chancellor", "premier", "king", "queen", "emperor")
    return "head" if any(lowered.startswith(h) for h in heads) else "other"


def test_actors_people_table_covers_many_countries(table: ActorTable) -> None:
    countries = Counter(o.country for p in _people(table) for o in p.offices if o.sector == "GOV")
    assert len([c for c, n in countries.items() if c and n >= 2]) >= 120


@pytest.mark.parametrize(
    ("name", "role", "start", "end"),
    [
        ("Angela Merkel", "Chancellor", date(2005, 11, 22), date(2021, 12, 8)),
        ("Narendra Modi", "Prime Minister", date(2014, 5, 26), None),
        ("Emmanuel Macron", "President", date(2017, 5, 14), None),
        ("Jacob Zuma", "President", date(2009, 5, 9), date(2018, 2, 14)),
        ("Lula", "President", date(2023, 1, 1), None),
    ],
)
def test_actors_people_table_spot_check_terms(
    table: ActorTable, name: str, role: str, start: date, end: date | None
) -> None:
    term = next(t for t in table.terms if t.phrase == name and t.role == "person")
    entry = table.entries[term.entry]
    assert any(o.role == role and o.start == start and o.end == end for o in entry.offices), entry.offices


def test_actors_people_table_igo_leaders_have_no_country(table: ActorTable) -> None:
    for name in ("Ban Ki-moon", "Jens Stoltenberg", "Tedros Adhanom Ghebreyesus"):
        igo = [o for o in _person(table, name).offices if o.sector == "IGO"]
        assert igo and all(o.country is None for o in igo), name


def test_actors_people_table_codes_by_date(nlp: Any, settings: Settings) -> None:
    analyzer = ActorAnalyzer(settings, nlp=nlp)

    def code(text: str, when: date) -> str:
        return analyzer.analyze(text, when).mentions[0].actor.code

    assert code("Ehud Olmert spoke.", date(2007, 6, 1)) == "ISRGOV"
    assert code("Ehud Olmert spoke.", date(2012, 6, 1)) == "ISRELI"
    assert code("Wen Jiabao spoke.", date(2010, 6, 1)) == "CHNGOV"
    assert code("Antonio Guterres spoke.", date(2020, 6, 1)) == "IGO"
    assert code("Antonio Guterres spoke.", date(2000, 6, 1)) == "PRTGOV"
