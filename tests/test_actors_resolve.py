from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eventwire.actors import ActorAnalyzer
from eventwire.records import ActorMention
from eventwire.settings import Settings


@pytest.fixture(scope="module")
def analyzer(nlp: Any, settings: Settings) -> ActorAnalyzer:
    return ActorAnalyzer(settings, nlp=nlp)


def _only(analyzer: ActorAnalyzer, text: str, when: date | None = None) -> ActorMention:
    mentions = analyzer.analyze(text, when).mentions
    assert len(mentions) == 1, [(m.span.text, m.actor.code) for m in mentions]
    return mentions[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Japanese troops landed on the island.", "JPNMIL"),
        ("Kyiv police made arrests.", "UKRCOP"),
        ("Chile's Defense Ministry denied the report.", "CHLGOV"),
        ("Syrian rebels shelled the town.", "SYRREB"),
        ("Members of SANDF were deployed.", "ZAFMIL"),
    ],
)
def test_actors_resolve_compound_mentions(analyzer: ActorAnalyzer, text: str, code: str) -> None:
    assert _only(analyzer, text).actor.code == code


def test_actors_resolve_unknown_person_with_title_and_adjective(analyzer: ActorAnalyzer) -> None:
    mention = _only(analyzer, "Russian Foreign Minister Ivan Ivanovsky arrived in the city.")
    assert mention.actor.code == "RUSGOV"
    assert mention.actor.name == "Ivan Ivanovsky"
    assert mention.span.text == "Russian Foreign Minister Ivan Ivanovsky"


def test_actors_resolve_person_by_date(analyzer: ActorAnalyzer) -> None:
    text = "Shinzo Abe spoke."
    assert _only(analyzer, text, date(2018, 12, 2)).actor.code == "JPNGOV"
    assert _only(analyzer, text, date(2007, 1, 1)).actor.code == "JPNGOV"
    assert _only(analyzer, text, date(2021, 6, 1)).actor.code == "JPNELI"
    assert _only(analyzer, text, date(2018, 12, 2)).actor.wiki == "Shinzo Abe"


def test_actors_resolve_capital_and_seat_stand_for_government(analyzer: ActorAnalyzer) -> None:
    mentions = analyzer.analyze("The Kremlin and Tokyo traded accusations.").mentions
    assert [(m.actor.code, m.why) for m in mentions] == [
        ("RUSGOV", "metonym:metonym"),
        ("JPNGOV", "metonym:capital"),
    ]


def test_actors_resolve_acronyms_only_in_capitals(analyzer: ActorAnalyzer) -> None:
    assert analyzer.analyze("They told us to wait.").mentions == ()
    assert _only(analyzer, "The US imposed sanctions.").actor.country == "USA"


def test_actors_resolve_igo(analyzer: ActorAnalyzer) -> None:
    mention = _only(analyzer, "The UN Security Council met on Friday.")
    assert mention.actor.code.startswith("IGOUNO")
    assert mention.actor.kind == "igo"
