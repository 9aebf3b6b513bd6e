from __future__ import annotations

from typing import Any

import pytest

from eventwire.actors import ActorAnalyzer
from eventwire.records import ActorMention
from eventwire.settings import Settings


@pytest.fixture(scope="module")
def analyzer(nlp: Any, settings: Settings) -> ActorAnalyzer:
    return ActorAnalyzer(settings, nlp=nlp)


def _mentions(analyzer: ActorAnalyzer, text: str) -> list[tuple[str, str]]:
    return [(m.span.text, m.actor.code) for m in analyzer.analyze(text).mentions]


def _one(analyzer: ActorAnalyzer, text: str) -> ActorMention:
    mentions = analyzer.analyze(text).mentions
    assert len(mentions) == 1, [(m.span.text, m.actor.code) for m in mentions]
    return mentions[0]


def test_actors_places_town_below_quarter_million_is_civilians_of_its_country(
    analyzer: ActorAnalyzer,
) -> None:
    mention = _one(analyzer, "Shelling hit Kramatorsk overnight.")
    assert (mention.actor.code, mention.why) == ("UKRCVL", "place:city")


def test_actors_places_alternate_spelling_of_a_city(analyzer: ActorAnalyzer) -> None:
    assert _one(analyzer, "Shops reopened in Raqqa in October.").actor.country == "SYR"


def test_actors_places_town_names_need_a_capital_letter(analyzer: ActorAnalyzer) -> None:
    assert _mentions(analyzer, "The mission was a surprise to everyone.") == []


def test_actors_places_town_inside_a_person_name_is_not_a_place(analyzer: ActorAnalyzer) -> None:
    assert all(code != "ITACVL" for _, code in _mentions(analyzer, "Florence Pugh praised the director."))


@pytest.mark.parametrize(("text", "country"), [("Afganistan", "AFG"), ("Isreal", "ISR")])
def test_actors_places_misspelt_country_names(analyzer: ActorAnalyzer, text: str, country: str) -> None:
    assert _one(analyzer, f"Officials in {text} denied it.").actor.country == country


def test_actors_places_given_names_are_not_misspelt_countries(analyzer: ActorAnalyzer) -> None:
    assert _mentions(analyzer, "Susan and Angela waited outside.") == []


def test_actors_places_unknown_person_after_country_possessive(analyzer: ActorAnalyzer) -> None:
    mention = _one(analyzer, "Kenya's Peter Otieno was arrested.")
    assert (mention.actor.code, mention.actor.name) == ("KENCVL", "Peter Otieno")


# Country names inside names of seas and other features, and acronyms spelt like towns, are not actors.
@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("India signed a deal with Mauritius on security in the Indian Ocean.", ["IND", "MUS"]),
        ("Chinese ships crossed the South China Sea.", ["CHN"]),
        ("Pirates seized a Greek tanker in the Gulf of Aden.", ["CRM", "GRC"]),
        # a state body whose name holds a feature word is still one
        ("The Turkish Coast Guard detained the migrants.", ["TURMIL", "REF"]),
    ],
)
def test_actors_places_seas_and_gulfs_name_no_country(
    analyzer: ActorAnalyzer, text: str, codes: list[str]
) -> None:
    assert [code for _, code in _mentions(analyzer, text)] == codes


def test_actors_places_acronym_is_not_a_town(analyzer: ActorAnalyzer) -> None:
    assert ("PISA", "ITACVL") not in _mentions(
        analyzer, "Students in Jakarta scored lower on the PISA tests."
    )
    assert ("Pisa", "ITACVL") in _mentions(analyzer, "Thousands marched in Pisa on Sunday.")
