"""Coordinated noun phrases give one mention per country; the head noun's country beats its prepositions."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.actors import ActorAnalyzer
from eventwire.settings import Settings


@pytest.fixture(scope="module")
def analyzer(nlp: Any, settings: Settings) -> ActorAnalyzer:
    return ActorAnalyzer(settings, nlp=nlp)


def _codes(analyzer: ActorAnalyzer, text: str) -> list[tuple[str, str]]:
    return [(m.span.text, m.actor.code) for m in analyzer.analyze(text).mentions]


def test_actors_coordination_list_of_countries(analyzer: ActorAnalyzer) -> None:
    codes = _codes(analyzer, "The US, Russia, and Switzerland met yesterday.")
    assert [c for _, c in codes] == ["USA", "RUS", "CHE"]


def test_actors_coordination_shared_head_noun_is_distributed(analyzer: ActorAnalyzer) -> None:
    codes = _codes(analyzer, "Greek and Turkish soldiers crossed the border.")
    assert codes == [("Greek", "GRCMIL"), ("Turkish soldiers", "TURMIL")]


def test_actors_coordination_same_country_stays_one_mention(analyzer: ActorAnalyzer) -> None:
    codes = _codes(analyzer, "Russia and the Kremlin's allies were silent.")
    assert len({c[:3] for _, c in codes}) == 1


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("US troops from Syria crossed the border.", "USAMIL"),
        ("The French military in Rwanda denied the report.", "FRAMIL"),
        ("The US commander in Iraq, General John Smithson, arrived.", "USAMIL"),
    ],
)
def test_actors_coordination_head_country_beats_prepositional_place(
    analyzer: ActorAnalyzer, text: str, code: str
) -> None:
    codes = _codes(analyzer, text)
    assert codes[0][1] == code, codes
