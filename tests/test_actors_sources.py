"""The build-time source parsers (scripts/actor_sources) on small fixtures written for these tests."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "actor_sources"
sys.path.insert(0, str(ROOT / "scripts"))

from actor_sources import factbook, tickers  # noqa: E402
from actor_sources.common import is_caps_word, person_name, title_word  # noqa: E402


@pytest.fixture(scope="module")
def country() -> dict[str, Any]:
    return dict(json.loads((DATA / "factbook_country.json").read_text(encoding="utf-8")))


def test_actors_sources_names_from_capitalised_surnames() -> None:
    assert is_caps_word("MUSEVENI") and is_caps_word("al-SUDANI") and is_caps_word("Hoseini-KHAMENEI")
    assert not is_caps_word("III") and not is_caps_word("Kaguta")
    assert title_word("al-SUDANI") == "al-Sudani"
    name = person_name(["Yoweri", "Kaguta", "MUSEVENI"])
    assert name is not None and (name.full, name.short, name.surname) == (
        "Yoweri Kaguta Museveni",
        "Yoweri Museveni",
        "Museveni",
    )
    surname_first = person_name(["LAI", "Ching-te"])
    assert surname_first is not None and (surname_first.short, surname_first.surname) == (
        "Lai Ching-te",
        "Lai",
    )


def test_actors_sources_factbook_executive_titles_dates_and_heads(country: dict[str, Any]) -> None:
    rows = {r.name.full: r for r in factbook.executive(country, "FRE", "factbook/fr")}
    president = rows["Ana Maria Pérez Gomez"]
    assert (president.role, president.head, president.start, president.sector) == (
        "President",
        "state",
        "2021-03-03",
        "GOV",
    )
    assert president.surname_alias and president.name.short == "Ana Pérez"
    assert rows["Tomas Kim"].role == "Vice President" and rows["Tomas Kim"].head == ""
    premier = rows["Jon O'Neill"]
    assert (premier.role, premier.head, premier.start) == ("Prime Minister", "government", "2024-06")


def test_actors_sources_factbook_candidates_of_the_latest_election(country: dict[str, Any]) -> None:
    parties = {a: p.name for p in factbook.parties(country, "FRE", "s") for a in p.aliases}
    rows = factbook.candidates(country, "FRE", "factbook/fr", parties)
    assert [(r.name.aka, r.sector, r.start) for r in rows] == [("Bobi Wine", "OPP", "2021")]
    assert rows[0].role == "Presidential candidate (National Unity Platform)"


def test_actors_sources_factbook_parties_with_local_names_and_abbreviations(country: dict[str, Any]) -> None:
    rows = {r.name: r.aliases for r in factbook.parties(country, "FRE", "s")}
    assert rows["United Front Party"] == ("Partido Frente Unido", "UFP")
    assert rows["Green Movement"] == ("The Greens",)
    assert rows["Combatant Clergy Association"] == ()
    assert not any(name.lower().startswith("note") for name in rows)


def test_actors_sources_factbook_ambassadors_both_ways(country: dict[str, Any]) -> None:
    rows = factbook.ambassadors(country, "FRE", "s", "Freedonia")
    found = {(r.name.short, r.country, r.role) for r in rows}
    assert ("Lina Davies", "FRE", "Ambassador to the United States") in found
    assert ("Douglas Dykhouse", "USA", "Chargé d’Affaires (to Freedonia)") in found


def test_actors_sources_factbook_named_forces_only_with_their_sectors(country: dict[str, Any]) -> None:
    rows = {r.name: r for r in factbook.forces(country, "FRE", "s")}
    assert rows["Freedonian Defense Force"].sector == "MIL" and rows["Freedonian Defense Force"].aliases == (
        "FDF",
    )
    assert rows["Qods Force"].aliases == ("Quds Force",)
    assert rows["Basij Paramilitary Forces"].sector == "PRM"
    assert rows["Freedonia Police Force"].sector == "COP"
    # generic names are left to the sector words ("Iran's intelligence ministry")
    assert not {"Air Force", "Ministry of Internal Affairs", "Ministry of Intelligence and Security"} & set(
        rows
    )


def test_actors_sources_factbook_groups_media_and_courts(country: dict[str, Any]) -> None:
    groups = dict(factbook.terrorist_groups(country))
    assert groups["Freedonian Liberation Front"] == ("FLF",) and "Red Brigade" in groups
    assert groups["Gulf Cartel"] == ("CDG",)
    media = factbook.media(country, "FRE", "s")
    assert [(m.name, m.aliases, m.sector) for m in media] == [
        ("Freedonia Broadcasting Corporation", ("FBC",), "MED")
    ]
    courts = [c.name for c in factbook.courts(country, "FRE", "s")]
    assert courts == ["Freedonian Constitutional Tribunal"]


def test_actors_sources_tickers_company_country_and_key_people() -> None:
    record = json.loads((DATA / "ticker_company.json").read_text(encoding="utf-8"))
    org, people = tickers.company(record, {"United States": "USA"}.get)
    assert org is not None and (org.country, org.sector, org.wiki_candidates) == (
        "USA",
        "BUS",
        ("Acme Widgets",),
    )
    assert "Acme Widgets" in org.aliases
    assert [(p.name.short, p.role) for p in people] == [("Jane Roe", "Chief Executive, Acme Widgets")]
