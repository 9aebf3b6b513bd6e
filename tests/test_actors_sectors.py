from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.actors import ActorAnalyzer, load_table
from eventwire.errors import DataFileError
from eventwire.settings import Settings

DATA_DIR = Path(__file__).parent / "data" / "actors"


@pytest.fixture(scope="module")
def analyzer(nlp: Any, settings: Settings) -> ActorAnalyzer:
    return ActorAnalyzer(settings, nlp=nlp)


def _codes(analyzer: ActorAnalyzer, text: str) -> list[str]:
    return [m.actor.code for m in analyzer.analyze(text).mentions]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("An intelligence service officer defected.", "SPY"),
        ("The rebel commander surrendered.", "REB"),
        ("A navy frigate docked.", "MIL"),
        ("Hundreds of prisoners were freed.", "CVL"),
        ("Police spokesmen denied it.", "COP"),
    ],
)
def test_actors_sectors_specific_word_beats_generic_head(
    analyzer: ActorAnalyzer, text: str, code: str
) -> None:
    assert _codes(analyzer, text) == [code]


def test_actors_sectors_bare_people_nouns_name_nobody(analyzer: ActorAnalyzer) -> None:
    assert _codes(analyzer, "Three men and a woman were seen.") == []


def test_actors_sectors_people_nouns_with_a_country_are_civilians(analyzer: ActorAnalyzer) -> None:
    assert _codes(analyzer, "Ethiopian women marched.") == ["ETHCVL"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Uyghurs were detained.", "CHNCVL"),
        ("Hazara Shiites were attacked.", "AFGREL"),
        ("Kurdish militants attacked.", "REB"),
        ("Tigrayan refugees crossed the border.", "ETHREF"),
    ],
)
def test_actors_sectors_ethnic_and_religious_groups(analyzer: ActorAnalyzer, text: str, code: str) -> None:
    assert _codes(analyzer, text) == [code]


def test_actors_sectors_state_body_takes_article_dominant_country(analyzer: ActorAnalyzer) -> None:
    text = "Peruvian farmers blocked roads. Lima promised talks. The national guard was deployed."
    result = analyzer.analyze(text)
    guard = [m for m in result.mentions if m.span.text == "national guard"]
    assert [(m.actor.code, m.why) for m in guard] == [("PERMIL", "context:country")]


def test_actors_sectors_state_body_without_dominant_country_stays_countryless(
    analyzer: ActorAnalyzer,
) -> None:
    assert _codes(analyzer, "Chile and Peru argued. The coast guard intervened.")[-1] == "MIL"


def test_actors_sectors_unknown_flag_names_file_and_line() -> None:
    with pytest.raises(DataFileError) as info:
        load_table([DATA_DIR / "bad_flag.yaml"])
    assert info.value.path.endswith("bad_flag.yaml")
    assert info.value.line == 2
    assert "sleepy" in str(info.value)
