"""Subject pronouns resolve to the previous sentence's subject, only when unambiguous."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eventwire.actors import ActorAnalyzer
from eventwire.records import ActorMention
from eventwire.settings import Settings

WHEN = date(2018, 12, 1)


@pytest.fixture(scope="module")
def analyzer(nlp: Any, settings: Settings) -> ActorAnalyzer:
    return ActorAnalyzer(settings, nlp=nlp)


def _pronouns(analyzer: ActorAnalyzer, text: str) -> list[ActorMention]:
    return [m for m in analyzer.analyze(text, WHEN).mentions if m.why.startswith("coref:pronoun")]


def test_actors_pronouns_he_is_the_previous_subject(analyzer: ActorAnalyzer) -> None:
    found = _pronouns(analyzer, "Vladimir Putin arrived in Tokyo on Monday. He criticized Japan.")
    assert [(m.span.text, m.actor.code, m.sentence) for m in found] == [("He", "RUSGOV", 1)]


def test_actors_pronouns_they_needs_a_plural_antecedent(analyzer: ActorAnalyzer) -> None:
    found = _pronouns(analyzer, "Syrian rebels shelled the town. They attacked Turkey later.")
    assert [m.actor.code for m in found] == ["SYRREB"]
    assert _pronouns(analyzer, "Vladimir Putin arrived in Tokyo. They criticized Japan.") == []


def test_actors_pronouns_two_people_make_he_ambiguous(analyzer: ActorAnalyzer) -> None:
    text = "Vladimir Putin met Shinzo Abe in Buenos Aires. He said Moscow would return the islands."
    assert _pronouns(analyzer, text) == []


def test_actors_pronouns_only_the_next_sentence(analyzer: ActorAnalyzer) -> None:
    text = "Vladimir Putin arrived in Tokyo. The weather was cold. He criticized Japan."
    assert _pronouns(analyzer, text) == []
