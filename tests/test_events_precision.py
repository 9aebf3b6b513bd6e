"""Precision rules of the coder: datelines are places, bare sectors need a known partner, word forms."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.events import EventCoder
from eventwire.events._dateline import dateline_end
from eventwire.events._morph import verb_forms


def test_events_dateline_city_is_never_an_actor(coder: EventCoder) -> None:
    events = coder.code_text(
        "BEIJING, March 10 (Gulf Wire) — The European Union imposed new sanctions on Iran.", date(2021, 3, 10)
    )
    assert events, "the sanctions event itself is coded"
    codes = {m.actor.code[:3] for e in events for m in (e.source, e.target) if m is not None}
    assert "CHN" not in codes
    assert {e.cameo[:2] for e in events} == {"16"}


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("LUXEMBOURG, June 21 — The European Union", len("LUXEMBOURG, June 21 — ")),
        ("GAZA CITY, Palestinian Territories: Four children", len("GAZA CITY, Palestinian Territories: ")),
        ("The US said: we will talk", 0),
        ("Mr Smith - the envoy", 0),
    ],
)
def test_events_dateline_prefix_length(text: str, length: int) -> None:
    assert dateline_end(text) == length


def test_events_bare_sectors_are_actors(coder: EventCoder) -> None:
    """A sector with no country ("the government", "police") is an actor: the event is coded with the
    sectors it names, and no country is invented for them."""
    events = coder.code_text("The government accused the opposition of fraud.", date(2020, 1, 1))
    assert [
        (e.source.actor.code, e.target.actor.code, e.cameo[:2]) for e in events if e.source and e.target
    ] == [("GOV", "OPP", "11")]
    assert all(e.source is None or e.source.actor.country is None for e in events)


def test_events_bare_sector_with_a_country_partner_is_kept(coder: EventCoder) -> None:
    events = coder.code_text("Protesters condemned Israel on Friday.", date(2020, 1, 1))
    assert any(e.cameo.startswith("11") and e.target and e.target.actor.country == "ISR" for e in events)


@pytest.mark.parametrize(
    ("lemma", "form"),
    [
        ("meet", "met"), ("strike", "struck"), ("fight", "fought"), ("seek", "sought"),
        ("withdraw", "withdrew"), ("seize", "seized"), ("shoot", "shot"), ("lead", "led"),
        ("hold", "held"), ("take", "took"), ("give", "gave"), ("send", "sent"), ("buy", "bought"),
        ("bring", "brought"), ("throw", "threw"), ("hit", "hit"), ("cut", "cut"), ("beat", "beat"),
        ("agree", "agreeing"), ("flee", "fled"), ("commit", "committed"), ("expel", "expelled"),
        ("kidnap", "kidnapped"), ("quit", "quitting"), ("break", "broke"),
    ],
)  # fmt: skip
def test_events_irregular_verb_forms_are_generated(lemma: str, form: str) -> None:
    assert form in verb_forms(lemma)


@pytest.mark.parametrize(
    "text",
    [
        "In the past month, Trump has been waging a tit-for-tat tariff fight with Mexico, Canada and China.",
        "The American people did not start this trade war with Canada.",
        "Apple and Samsung are locked in a legal battle over patents.",
    ],
)
def test_events_a_contest_of_another_kind_is_no_force(coder: EventCoder, text: str) -> None:
    events = coder.code_text(text, date(2025, 3, 12))
    assert not [e for e in events if e.cameo[:2] in ("18", "19", "20")]


@pytest.mark.parametrize(
    "text",
    [
        "Russia launched a massive air attack on Ukraine.",
        "Rebels launched an offensive against the army in Darfur.",
    ],
)
def test_events_a_real_attack_stays_force(coder: EventCoder, text: str) -> None:
    assert [e for e in coder.code_text(text, date(2025, 3, 12)) if e.cameo[:2] == "19"]


def test_events_conferring_an_honour_is_no_consultation(coder: EventCoder) -> None:
    text = "Mauritius conferred its highest honour on Indian Prime Minister Narendra Modi."
    assert not [e for e in coder.code_text(text, date(2025, 3, 12)) if e.cameo[:2] == "04"]
    text = "Kenyan officials conferred with Somali leaders on Monday."
    assert [e for e in coder.code_text(text, date(2025, 3, 12)) if e.cameo[:2] == "04"]
