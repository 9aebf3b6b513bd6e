"""Country names inside names of seas and other features, and acronyms spelt like towns, are not actors."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.actors import ActorAnalyzer
from eventwire.settings import Settings


@pytest.fixture(scope="module")
def analyzer(nlp: Any, settings: Settings) -> ActorAnalyzer:
    return ActorAnalyzer(settings, nlp=nlp)


def _codes(analyzer: ActorAnalyzer, text: str) -> list[str]:
    return [m.actor.code for m in analyzer.analyze(text).mentions]


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
def test_actors_features_seas_and_gulfs_name_no_country(
    analyzer: ActorAnalyzer, text: str, codes: list[str]
) -> None:
    assert _codes(analyzer, text) == codes


def test_actors_features_acronym_is_not_a_town(analyzer: ActorAnalyzer) -> None:
    assert _codes(analyzer, "Students in Jakarta scored lower on the PISA tests.")[-1:] != ["ITACVL"]
    assert "ITACVL" in _codes(analyzer, "Thousands marched in Pisa on Sunday.")
