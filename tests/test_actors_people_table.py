"""The shipped named-people table (``data/actors/people.tsv``): loads, is consistent, has the facts."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest

from eventwire.actors import ActorAnalyzer, ActorTable, Entry, load_table
from eventwire.actors.table import person_id
from eventwire.settings import Settings

G20 = ("ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "IDN", "IND", "ITA", "JPN", "KOR", "MEX",
       "RUS", "SAU", "TUR", "USA", "ZAF")  # fmt: skip
UN_MEMBERS = ("AFG", "ALB", "DZA", "AND", "AGO", "ATG", "ARG", "ARM", "AUS", "AUT", "AZE", "BHS", "BHR", "BGD",
              "BRB", "BLR", "BEL", "BLZ", "BEN", "BTN", "BOL", "BIH", "BWA", "BRA", "BRN", "BGR", "BFA", "BDI",
              "CPV", "KHM", "CMR", "CAN", "CAF", "TCD", "CHL", "CHN", "COL", "COM", "COG", "COD", "CRI", "CIV",
              "HRV", "CUB", "CYP", "CZE", "PRK", "DNK", "DJI", "DMA", "DOM", "ECU", "EGY", "SLV", "GNQ", "ERI",
              "EST", "SWZ", "ETH", "FJI", "FIN", "FRA", "GAB", "GMB", "GEO", "DEU", "GHA", "GRC", "GRD", "GTM",
              "GIN", "GNB", "GUY", "HTI", "HND", "HUN", "ISL", "IND", "IDN", "IRN", "IRQ", "IRL", "ISR", "ITA",
              "JAM", "JPN", "JOR", "KAZ", "KEN", "KIR", "KWT", "KGZ", "LAO", "LVA", "LBN", "LSO", "LBR", "LBY",
              "LIE", "LTU", "LUX", "MDG", "MWI", "MYS", "MDV", "MLI", "MLT", "MHL", "MRT", "MUS", "MEX", "FSM",
              "MCO", "MNG", "MNE", "MAR", "MOZ", "MMR", "NAM", "NRU", "NPL", "NLD", "NZL", "NIC", "NER", "NGA",
              "MKD", "NOR", "OMN", "PAK", "PLW", "PAN", "PNG", "PRY", "PER", "PHL", "POL", "PRT", "QAT", "KOR",
              "MDA", "ROU", "RUS", "RWA", "KNA", "LCA", "VCT", "WSM", "SMR", "STP", "SAU", "SEN", "SRB", "SYC",
              "SLE", "SGP", "SVK", "SVN", "SLB", "SOM", "ZAF", "SSD", "ESP", "LKA", "SDN", "SUR", "SWE", "CHE",
              "SYR", "TJK", "THA", "TLS", "TGO", "TON", "TTO", "TUN", "TUR", "TKM", "TUV", "UGA", "UKR", "ARE",
              "GBR", "TZA", "USA", "URY", "UZB", "VUT", "VEN", "VNM", "YEM", "ZMB", "ZWE")  # fmt: skip


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return load_table()


def _person(table: ActorTable, name: str) -> Entry:
    entry = table.entries[f"person:{person_id(name)}"]
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


# Two claimants to one office at once: disputed elections, rival governments, interim takeovers.
RIVAL_CLAIMS = frozenset(
    {
        ("CIV", "President", "Laurent Gbagbo", "Alassane Ouattara"),
        ("KGZ", "President", "Kurmanbek Bakiyev", "Roza Otunbayeva"),
        ("LBY", "Prime Minister", "Abdullah al-Thani", "Fayez al-Sarraj"),
        ("MDG", "Prime Minister", "Tantely Andrianarivo", "Jacques Sylla"),
    }
)
HEAD_OFFICES = ("President", "Prime Minister", "Premier", "Chancellor", "Head of Government", "King", "Emir",
                "Sultan", "President of the Council of Ministers")  # fmt: skip


def test_actors_people_table_one_holder_of_a_head_office_at_a_time(table: ActorTable) -> None:
    # Two people in one head office at once is a wrong date (a handover day may be counted twice).
    held: dict[tuple[str, str], list[tuple[date, date, str]]] = {}
    for person in _people(table):
        for office in person.offices:
            if office.country and office.role in HEAD_OFFICES:
                span = (office.start or date.min, office.end or date.max, person.name)
                held.setdefault((office.country, office.role), []).append(span)
    clashes = []
    for (country, role), spans in held.items():
        spans.sort()
        for i, (_, end, name) in enumerate(spans):
            for start, _, other in spans[i + 1 :]:
                clash = start < end - timedelta(days=1) and name != other and not _same_month(start, end)
                if clash and (country, role, name, other) not in RIVAL_CLAIMS:
                    clashes.append((country, role, name, other))
    assert clashes == []


def _same_month(start: date, end: date) -> bool:
    """A handover known only to the month: one office ends on the month's last day, the next starts on its first."""
    return (
        start.day == 1
        and (end + timedelta(days=1)).day == 1
        and (start.year, start.month) == (end.year, end.month)
    )


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


def test_actors_people_table_every_un_member_has_a_head_of_state(table: ActorTable) -> None:
    assert len(set(UN_MEMBERS)) == 193
    headed = {c for p in _people(table) for o in p.offices if "state" in o.head for c in o.countries}
    assert sorted(set(UN_MEMBERS) - headed) == []


def test_actors_people_table_every_un_member_has_a_head_of_government(table: ActorTable) -> None:
    governed = {c for p in _people(table) for o in p.offices if "government" in o.head for c in o.countries}
    assert sorted(set(UN_MEMBERS) - governed) == []


def test_actors_people_table_head_offices_are_government_offices(table: ActorTable) -> None:
    odd = [
        (p.name, o.role)
        for p in _people(table)
        for o in p.offices
        if o.head and o.sector not in ("GOV", "MIL")
    ]
    assert odd == []


def test_actors_people_table_no_person_in_two_countries_at_once(table: ActorTable) -> None:
    # One id is one person: two namesakes merged into one entry show up as overlapping offices abroad.
    # Only a monarch of several realms holds one office for several states at once.
    clashes = []
    for person in _people(table):
        placed = [o for o in person.offices if o.country]
        for a in placed:
            for b in placed:
                realms = a.role == b.role and a.head == b.head == ("state",)
                if (
                    (a.country or "") < (b.country or "")
                    and not realms
                    and _overlap(a.start, a.end, b.start, b.end)
                ):
                    clashes.append((person.name, a.country, b.country))
    assert clashes == []


def _overlap(s1: date | None, e1: date | None, s2: date | None, e2: date | None) -> bool:
    return (s1 or date.min) <= (e2 or date.max) and (s2 or date.min) <= (e1 or date.max)


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
        ("Edi Rama", "Prime Minister", date(2013, 9, 15), None),
        ("Ellen Johnson Sirleaf", "President", date(2006, 1, 16), date(2018, 1, 22)),
        ("Hage Geingob", "President", date(2015, 3, 21), date(2024, 2, 4)),
        ("Mia Mottley", "Prime Minister", date(2018, 5, 25), None),
        ("Robert Fico", "Prime Minister", date(2023, 10, 25), None),
        ("Zuzana Čaputová", "President", date(2019, 6, 15), date(2024, 6, 15)),
        ("Alain Berset", "President of the Confederation", date(2023, 1, 1), date(2023, 12, 31)),
        ("Aziz Akhannouch", "Head of Government", date(2021, 10, 7), None),
        ("Philémon Yang", "Prime Minister", date(2009, 6, 30), date(2019, 1, 4)),
        ("Bohuslav Sobotka", "Prime Minister", date(2014, 1, 29), date(2017, 12, 6)),
        ("Ivo Sanader", "Prime Minister", date(2003, 12, 23), date(2009, 7, 6)),
        ("Youssef Chahed", "Prime Minister", date(2016, 8, 27), date(2020, 2, 27)),
        ("Ranil Wickremesinghe", "Prime Minister", date(2015, 1, 9), date(2018, 10, 26)),
        ("King Salman", "Prime Minister", date(2015, 1, 23), date(2022, 9, 27)),
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
    assert code("Milo Djukanovic spoke.", date(2010, 6, 1)) == "MNEGOV"
    assert code("Milo Djukanovic spoke.", date(2024, 6, 1)) == "MNEELI"
