"""Exact CAMEO codes and directions: a bare verb that cannot tell sub-codes apart codes its root; a
named weapon keeps the sub-code; symmetric actions code both directions."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.events import EventCoder

DAY = date(2015, 6, 9)


def _codes(coder: EventCoder, text: str) -> set[tuple[str, str, str]]:
    return {
        (e.source.actor.country or "---", e.target.actor.country if e.target else "---", e.cameo)
        for e in coder.code_text(text, DAY)
        if not e.negated
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Israel released the Palestinian prisoners.", ("ISR", "PSE", "084")),
        ("Turkey shelled Syrian villages.", ("TUR", "SYR", "190")),
        ("Kenyan students protested outside the French embassy.", ("KEN", "FRA", "140")),
    ],
)
def test_events_bare_verb_codes_the_root(
    coder: EventCoder, text: str, expected: tuple[str, str, str]
) -> None:
    assert _codes(coder, text) == {expected}


def test_events_named_weapon_keeps_the_sub_code(coder: EventCoder) -> None:
    assert _codes(coder, "Turkey launched air strikes on Syrian villages.") == {("TUR", "SYR", "195")}


def test_events_met_with_codes_both_directions(coder: EventCoder) -> None:
    found = _codes(coder, "The German chancellor met with the Polish president.")
    assert found == {("DEU", "POL", "040"), ("POL", "DEU", "040")}


def test_events_light_noun_talks_stay_symmetric(coder: EventCoder) -> None:
    found = _codes(coder, "Germany held talks with Poland.")
    assert {("DEU", "POL", "046"), ("POL", "DEU", "046")} <= found


def test_events_trigger_span_runs_in_text_order(coder: EventCoder) -> None:
    """A trigger whose pattern words come in another order than the text still covers real text."""
    for text in ("Iraqi troops withdrew from Syria on Monday.", "Troops were withdrawn from Syria by Iraq."):
        for event in coder.code_text(text, date(2020, 1, 1)):
            assert event.trigger.start < event.trigger.end
            assert event.trigger.text == text[event.trigger.start : event.trigger.end]
