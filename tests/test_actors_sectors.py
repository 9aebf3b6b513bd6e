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


@pytest.mark.parametrize(
    ("word", "code"),
    [("local media", "KENMED"), ("hospitals", "KENHLH"), ("farmers", "KENAGR"), ("gunmen", "KENUAF")],
)
def test_actors_sectors_domestic_groups_take_article_dominant_country(
    analyzer: ActorAnalyzer, word: str, code: str
) -> None:
    text = f"Kenyan police arrested a man in Nairobi. {word.capitalize()} reported the arrest."
    found = [m for m in analyzer.analyze(text).mentions if m.span.text.lower() == word]
    assert [(m.actor.code, m.why) for m in found] == [(code, "context:country")]


def test_actors_sectors_refugees_and_ngos_keep_no_country(analyzer: ActorAnalyzer) -> None:
    text = "Kenyan police arrested a man in Nairobi. Refugees and rights groups condemned the arrest."
    found = [
        m.actor.code for m in analyzer.analyze(text).mentions if m.span.text in ("Refugees", "rights groups")
    ]
    assert found and all(not code.startswith("KEN") for code in found)


def test_actors_sectors_state_body_without_dominant_country_stays_countryless(
    analyzer: ActorAnalyzer,
) -> None:
    assert _codes(analyzer, "Chile and Peru argued. The coast guard intervened.")[-1] == "MIL"


@pytest.mark.parametrize(
    ("text", "mention", "code", "why"),
    [
        # a proper name takes the one country the sentence before names
        (
            "Troops were sent to Saudi Arabia. The National Guard said it was ready.",
            "National Guard",
            "SAUMIL",
            "context:sentence-before",
        ),
        # a common noun does not: "the military" after one sentence about Kenya is nobody's
        ("Protests spread in Kenya. The military said it was ready.", "military", "MIL", "dictionary:sector"),
        # nor when the sentence before names two countries, or its own sentence names one
        (
            "Chile and Peru argued. The National Guard said it was ready.",
            "National Guard",
            "MIL",
            "dictionary:sector",
        ),
        (
            "Troops were sent to Saudi Arabia. The National Guard of Iraq said it was ready.",
            "National Guard",
            "IRQMIL",
            None,
        ),
    ],
)
def test_actors_sectors_proper_state_body_takes_the_country_of_the_sentence_before(
    analyzer: ActorAnalyzer, text: str, mention: str, code: str, why: str | None
) -> None:
    found = [m for m in analyzer.analyze(text).mentions if mention in m.span.text]
    assert [m.actor.code for m in found] == [code]
    if why is not None:
        assert found[0].why == why


def test_actors_sectors_unknown_flag_names_file_and_line() -> None:
    with pytest.raises(DataFileError) as info:
        load_table([DATA_DIR / "bad_flag.yaml"])
    assert info.value.path.endswith("bad_flag.yaml")
    assert info.value.line == 2
    assert "sleepy" in str(info.value)


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("President Abdelaziz Bouteflika threatened to institute a curfew in Algiers.", "institute"),
        ("Turkey's defence minister flew to Munich to press his plan for a buffer zone.", "press"),
        ("The army will police the border with Iraq.", "police"),
        ("Passengers were not allowed to board the plane in Kabul.", "board"),
        ("History will judge the Syrian government harshly, the UN envoy said.", "judge"),
        ("They had to school their children at home, residents of Aleppo said.", "school"),
        ("Police suspect the Islamic State group carried out the bombing.", "suspect"),
        ("They plan to institute new rules next year.", "institute"),  # not parsed: tagged only
    ],
)
def test_actors_sectors_common_nouns_used_as_verbs_name_nobody(
    analyzer: ActorAnalyzer, text: str, verb: str
) -> None:
    mentions = analyzer.analyze(text).mentions
    assert not [m for m in mentions if verb in m.span.text.lower().split()]


@pytest.mark.parametrize(
    ("text", "noun", "code"),
    [
        ("The victim reported the attack to police in Lagos.", "police", "COP"),
        ("Russia's foreign minister said the press was free.", "press", "MED"),
        ("The court jailed two journalists.", "court", "JUD"),
        ("He took the case to court last week.", "court", "JUD"),  # not parsed, no verb cue
        ("Detectives working on the case arrested a man.", "Detectives", "COP"),  # tagged VBZ, a subject
    ],
)
def test_actors_sectors_the_same_words_as_nouns_still_count(
    analyzer: ActorAnalyzer, text: str, noun: str, code: str
) -> None:
    assert [m.actor.code for m in analyzer.analyze(text).mentions if m.span.text == noun] == [code]


def test_actors_sectors_verb_filter_reads_tags_and_dependencies(nlp: Any) -> None:
    """Hand-built docs: a verb's tag drops a verb-able sector word, unless its dependency is a noun's;
    a word the lemmatizer never knew as a verb is kept whatever its tag; untagged docs are left alone."""
    from spacy.tokens import Doc

    from eventwire.actors._match import Match
    from eventwire.actors._verbs import VerbFilter, verb_lemmas
    from eventwire.actors.table import Term

    verbs = verb_lemmas(nlp)
    assert verbs is not None and {"press", "police", "institute"} <= verbs and "parliament" not in verbs
    keep = VerbFilter(verbs)
    words = ["They", "press", "police"]
    press = Match(1, 2, (Term("press", "sector:media", "sector"),))
    police = Match(2, 3, (Term("police", "sector:police", "sector"),))
    tagged = Doc(nlp.vocab, words=words, tags=["PRP", "VBP", "VBZ"])
    assert keep(tagged, [press, police], parsed=False) == []
    parsed = Doc(
        nlp.vocab, words=words, tags=["PRP", "VBP", "VBZ"], heads=[1, 1, 1], deps=["nsubj", "ROOT", "dobj"]
    )
    assert keep(parsed, [press, police], parsed=True) == [police]  # an object is a noun, whatever its tag
    house = Match(2, 3, (Term("parliament", "sector:parliament", "sector"),))
    slip = Doc(nlp.vocab, words=["to", "the", "parliament"], tags=["IN", "DT", "VB"])
    assert keep(slip, [house], parsed=False) == [house]
    untagged = Doc(nlp.vocab, words=words)
    assert keep(untagged, [press, police], parsed=False) == [press, police]
    both = Match(1, 2, (Term("press", "sector:media", "sector"), Term("press", "org:x", "organisation")))
    assert keep(tagged, [both], parsed=False) == [Match(1, 2, both.terms[1:])]
    assert keep.needs_tags(Doc(nlp.vocab, words=["to", "press", "ahead"]), [press])
    assert not keep.needs_tags(Doc(nlp.vocab, words=["the", "press", "said"]), [press])
