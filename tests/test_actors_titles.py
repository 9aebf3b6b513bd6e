from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.actors import ActorAnalyzer
from eventwire.records import Actor
from eventwire.settings import Settings

DATA = Path(__file__).parent / "data" / "actors"


@pytest.fixture(scope="module")
def analyzer(nlp: Any, settings: Settings) -> ActorAnalyzer:
    return ActorAnalyzer(settings, nlp=nlp, extra_files=[DATA / "titled_people.yaml"])


def _main(analyzer: ActorAnalyzer, text: str, when: date | None = None) -> Actor:
    mentions = analyzer.analyze(text, when).mentions
    assert mentions, text
    return max(mentions, key=lambda m: m.span.end - m.span.start).actor


def test_actors_titles_undated_person_keeps_latest_role(analyzer: ActorAnalyzer) -> None:
    assert _main(analyzer, "Marta Kovalenko visited the front.").code == "UKRGOV"


def test_actors_titles_dated_after_offices_is_elite(analyzer: ActorAnalyzer) -> None:
    assert _main(analyzer, "Marta Kovalenko visited the front.", date(2023, 5, 1)).code == "UKRELI"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Sen. Marta Kovalenko criticised the plan.", "UKRLEG"),
        ("General Marta Kovalenko inspected the troops.", "UKRMIL"),
        ("Defence Minister Marta Kovalenko inspected the troops.", "UKRGOV"),
        ("Former Defence Minister Marta Kovalenko inspected the troops.", "UKRELI"),
    ],
)
def test_actors_titles_explicit_title_overrides_dated_office(
    analyzer: ActorAnalyzer, text: str, code: str
) -> None:
    assert _main(analyzer, text, date(2023, 5, 1)).code == code


def test_actors_titles_former_member_of_organisation_is_elite(analyzer: ActorAnalyzer) -> None:
    actor = _main(analyzer, "A former FBI spokesman testified on Tuesday.")
    assert (actor.country, actor.sector) == ("USA", "ELI")


def test_actors_titles_religious_see_office_has_no_country(analyzer: ActorAnalyzer) -> None:
    actor = _main(analyzer, "Cardinal Anselm Okoro met pilgrims.")
    assert (actor.country, actor.sector, actor.name) == (None, "REL", "Anselm Okoro")


def test_actors_titles_abbreviated_rank_with_unknown_name(analyzer: ActorAnalyzer) -> None:
    result = analyzer.analyze("Lt. Gen. Oleksandr Petrenko ordered a withdrawal.")
    assert len(result.sentences) == 1
    assert [(m.span.text, m.actor.sector) for m in result.mentions] == [
        ("Lt. Gen. Oleksandr Petrenko", "MIL")
    ]


def test_actors_titles_comma_after_a_place_is_no_apposition(analyzer: ActorAnalyzer) -> None:
    text = "During the G20 summit in Buenos Aires, Putin and Abe agreed to meet again."
    mentions = analyzer.analyze(text, date(2018, 12, 1)).mentions
    by_text = {m.span.text: m.actor.code for m in mentions}
    assert "Buenos Aires, Putin" not in by_text
    assert by_text.get("Putin") == "RUSGOV"
    assert by_text.get("Abe") == "JPNGOV"


def test_actors_titles_comma_after_a_role_names_the_person(analyzer: ActorAnalyzer) -> None:
    mentions = analyzer.analyze("The Syrian army spokesman, Ali Mayhoub, said the town was taken.").mentions
    assert any("Ali Mayhoub" in m.span.text and m.actor.code == "SYRMIL" for m in mentions), mentions
