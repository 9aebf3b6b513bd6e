from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from eventwire.actors import ActorAnalyzer
from eventwire.nlp import AnalyzedText
from eventwire.settings import Settings

DATA = Path(__file__).parent / "data" / "actors"


def _find(result: AnalyzedText, text: str) -> list[tuple[str, str | None, str]]:
    return [(m.actor.code, m.actor.name, m.why) for m in result.mentions if m.span.text == text]


def _check_seed(result: AnalyzedText) -> None:
    assert {c for c, _, _ in _find(result, "Putin")} == {"RUSGOV"}
    assert all(c == "JPNGOV" for c, _, _ in _find(result, "Abe"))
    assert {c for c, _, _ in _find(result, "Tokyo")} == {"JPNGOV"}
    assert {c for c, _, _ in _find(result, "Moscow")} == {"RUSGOV"}
    assert any(c.startswith("IGOUNO") for c, _, _ in _find(result, "UN"))
    leader = _find(result, "Japanese leader")
    assert leader and all(
        c == "JPNGOV" and n == "Shinzo Abe" and w.startswith("coref:") for c, n, w in leader
    )


def test_actors_coref_paraphrase(nlp: Any, settings: Settings) -> None:
    text = (DATA / "seed_paraphrase.txt").read_text(encoding="utf-8")
    result = ActorAnalyzer(settings, nlp=nlp).analyze(text, date(2018, 12, 2))
    _check_seed(result)
    assert _find(result, "Prime Minister") == [("JPNGOV", "Shinzo Abe", "coref:title->Shinzo Abe")]


def test_actors_coref_seed_article(nlp: Any, settings: Settings, shared_dir: Path) -> None:
    text = (shared_dir / "seeds" / "000_1cccc1b26a4a26bc.txt").read_text(encoding="utf-8")
    _check_seed(ActorAnalyzer(settings, nlp=nlp).analyze(text, date(2018, 12, 2)))


def test_actors_coref_title_without_antecedent_uses_article_country(nlp: Any, settings: Settings) -> None:
    result = ActorAnalyzer(settings, nlp=nlp).analyze(
        "Protests spread across Kenya. The president called for calm."
    )
    assert _find(result, "president") == [("KENGOV", None, "context:country")]


def test_actors_coref_later_surname_of_unknown_titled_person(nlp: Any, settings: Settings) -> None:
    text = (
        "Danish Foreign Minister Hugo Lindqvist arrived in Oslo on Monday. "
        "Talks went on for hours. On Tuesday Lindqvist signed the accord."
    )
    result = ActorAnalyzer(settings, nlp=nlp).analyze(text)
    assert _find(result, "Lindqvist") == [("DNKGOV", "Hugo Lindqvist", "coref:name->Hugo Lindqvist")]


def test_actors_coref_title_without_antecedent_and_tied_countries_stays_countryless(
    nlp: Any, settings: Settings
) -> None:
    result = ActorAnalyzer(settings, nlp=nlp).analyze("Chile and Peru argued. The president called for calm.")
    assert _find(result, "president") == [("GOV", None, "dictionary:sector")]
