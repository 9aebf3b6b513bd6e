from __future__ import annotations

from datetime import date

from eventwire.actors import Entry, Office
from eventwire.actors._offices import office_at


def _person(*offices: Office) -> Entry:
    return Entry("person:Test Person", "person", "Test Person", offices=offices)


MINISTER = Office("NOR", "GOV", "Foreign Minister", date(2005, 1, 1), date(2009, 6, 30))
MP = Office("NOR", "LEG", "Member of Parliament", date(2001, 1, 1), date(2004, 12, 31))


def test_actors_offices_undated_uses_latest_office() -> None:
    assert office_at(_person(MP, MINISTER), None) == ("NOR", "GOV", "Foreign Minister")


def test_actors_offices_open_office_wins_when_undated() -> None:
    envoy = Office("NOR", "GOV", "Envoy", date(2012, 1, 1))
    assert office_at(_person(MINISTER, envoy), None)[2] == "Envoy"


def test_actors_offices_dated_after_last_office_is_elite() -> None:
    assert office_at(_person(MP, MINISTER), date(2015, 3, 1)) == ("NOR", "ELI", "Former Foreign Minister")


def test_actors_offices_dated_inside_an_office() -> None:
    assert office_at(_person(MP, MINISTER), date(2003, 3, 1))[:2] == ("NOR", "LEG")


def test_actors_offices_religious_see_has_no_country() -> None:
    cardinal = Office("VAT", "REL", "Cardinal", date(2010, 1, 1), date(2020, 1, 1))
    assert office_at(_person(cardinal), None) == (None, "REL", "Cardinal")
    # a religious office holder stays religious after the office ends, not an elite
    assert office_at(_person(cardinal), date(2022, 1, 1))[1] == "REL"
