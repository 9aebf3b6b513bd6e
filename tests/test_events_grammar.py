"""The grammar the coder must get right, on small sentences of our own (tests/data/events/grammar.jsonl)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from eventwire.events import EventCoder
from eventwire.records import DatePrecision, Event
from eventwire.settings import Settings

DATA = Path(__file__).parent / "data" / "events"
CASES = [json.loads(line) for line in (DATA / "grammar.jsonl").read_text().splitlines() if line.strip()]


def _country(event_actor: Any) -> str:
    if event_actor is None:
        return "---"
    actor = event_actor.actor
    return str(actor.country or ("IGO" if actor.code.startswith("IGO") else "---"))


def _triples(events: list[Event]) -> set[tuple[str, str, str]]:
    return {(_country(e.source), _country(e.target), e.cameo) for e in events if not e.negated}


def _holds(expected: list[str], found: set[tuple[str, str, str]]) -> bool:
    return any(s == expected[0] and t == expected[1] and c.startswith(expected[2]) for s, t, c in found)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_events_grammar_case(coder: EventCoder, case: dict[str, Any]) -> None:
    events = coder.code_text(case["text"], date.fromisoformat(case["date"]), case["id"])
    found = _triples(events)
    if not case["expect"]:
        assert found == set()
        return
    for expected in case["expect"]:
        assert _holds(expected, found), (expected, found)
    # nothing from the wrong direction or of another root than expected
    roots = {e[2][:2] for e in case["expect"]}
    assert {c[:2] for _, _, c in found} <= roots, found


def test_events_refusal_never_codes_the_positive_event(coder: EventCoder) -> None:
    events = coder.code_text("Iran refused to meet with the United States.", date(2015, 6, 9))
    assert events and all(not e.cameo.startswith("04") for e in events)
    assert all(e.plover == "REJECT" for e in events)


def test_events_reported_speech_codes_the_reported_actor(coder: EventCoder) -> None:
    events = coder.code_text("Israel said Hamas attacked Egypt.", date(2015, 6, 9))
    assert events and all(_country(e.source) != "ISR" for e in events)


def test_events_date_resolved_from_trigger_modifiers(coder: EventCoder) -> None:
    events = coder.code_text("China held talks with Japan on Wednesday.", date(2018, 12, 2))
    assert events and {e.event_date for e in events} == {date(2018, 11, 28)}
    events = coder.code_text("The European Union imposed sanctions on Russia last month.", date(2018, 12, 2))
    assert events and events[0].event_date == date(2018, 11, 1)
    assert events[0].date_precision == DatePrecision.MONTH


def test_events_date_the_parser_hung_on_the_subject_name(coder: EventCoder) -> None:
    # "on Jan. 14" attaches to "Court" in the small model's parse; a name has no date of its own
    text = "Malawi's High Court on Jan. 14 ordered all public schools to allow students with dreadlocks."
    events = coder.code_text(text, date(2020, 1, 23))
    assert events and {e.event_date for e in events} == {date(2020, 1, 14)}


def test_events_date_a_day_earlier_is_not_undated_background(coder: EventCoder) -> None:
    text = "The rebels had threatened Kenya a day earlier."
    events = coder.code_text(text, date(2025, 3, 12))
    assert events and {(e.event_date, e.historical) for e in events} == {(date(2025, 3, 11), False)}


@pytest.mark.parametrize(
    "text",
    [
        "Officials believe Russia will attack Ukraine.",
        "Analysts say China imposed sanctions on Japan last week.",
        "Kenya fears that Somalia will expel its diplomats.",
    ],
)
def test_events_a_belief_or_an_analysts_assessment_is_hypothetical(coder: EventCoder, text: str) -> None:
    events = coder.code_text(text, date(2025, 3, 15))
    assert events and all(e.hypothetical for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the army killed 20 rebels in Darfur.",
        "Russia accused Ukraine of attacking a power plant.",
    ],
)
def test_events_reported_actions_are_not_beliefs(coder: EventCoder, text: str) -> None:
    events = coder.code_text(text, date(2025, 3, 15))
    assert events and not any(e.hypothetical for e in events if e.cameo[:2] in ("11", "17", "19"))


def test_events_carry_evidence_and_both_code_systems(coder: EventCoder) -> None:
    text = "Germany invaded France."
    events = coder.code_text(text, date(2001, 1, 1), "art-1")
    assert len(events) == 1
    event = events[0]
    assert event.article_id == "art-1" and event.sentence_text == text
    assert text[event.trigger.start : event.trigger.end] == "invaded"
    assert event.source is not None and text[event.source.span.start : event.source.span.end] == "Germany"
    assert event.cameo == "192" and event.plover and event.quad_class == 4 and event.goldstein < 0
    assert event.pattern and event.coder_version


def test_events_ids_are_deterministic(coder: EventCoder) -> None:
    first = coder.code_text("Germany invaded France.", date(2001, 1, 1), "a")
    again = coder.code_text("Germany invaded France.", date(2001, 1, 1), "a")
    other = coder.code_text("Germany invaded France.", date(2001, 1, 1), "b")
    assert [e.id for e in first] == [e.id for e in again]
    assert {e.id for e in first}.isdisjoint({e.id for e in other})


def test_events_code_many_keeps_keys_and_order(coder: EventCoder) -> None:
    items = [
        ("x", "Germany invaded France.", datetime(2001, 1, 1)),
        ("y", "The weather was fine.", None),
        ("z", "China held talks with Japan.", datetime(2015, 6, 9)),
    ]
    out = list(coder.code_many(items))
    assert [k for k, _ in out] == ["x", "y", "z"]
    assert out[0][1] and not out[1][1] and out[2][1]


def test_events_prefilter_is_lexical(coder: EventCoder) -> None:
    assert coder.could_hold_event("Russia attacked Ukraine.")
    assert coder.could_hold_event("They met on Monday.")
    assert not coder.could_hold_event("The weather was fine and warm.")


def test_events_seed_paraphrase(coder: EventCoder) -> None:
    text = (DATA / "seed_paraphrase.txt").read_text()
    _check_seed(
        coder.code(coder.analyzer.analyze(text, date(2018, 12, 2)), "seed", datetime(2018, 12, 2, 1, 5))
    )


def test_events_seed_page(coder: EventCoder, shared_dir: Path) -> None:
    lines = (shared_dir / "seeds" / "000_1cccc1b26a4a26bc.txt").read_text().splitlines()
    title = lines[3].strip()
    body = [
        line
        for line in lines[4:]
        if line.strip() and line.strip() != title and not line.startswith(("Also on ", "If you like"))
    ]
    published = datetime(2018, 12, 2, 1, 5)
    _check_seed(coder.code(coder.analyzer.analyze("\n\n".join(body), published.date()), "seed", published))
    icon_line = coder.code_text(lines[0], published.date())
    assert icon_line == []


def _check_seed(events: list[Event]) -> None:
    pairs = {(_country(e.source), _country(e.target), e.cameo[:2], e.quad_class) for e in events}
    for source, target in (("RUS", "JPN"), ("JPN", "RUS")):
        agree = [
            e
            for e in events
            if (_country(e.source), _country(e.target)) == (source, target) and e.quad_class == 1
        ]
        assert agree, pairs
        assert any(e.event_date in (date(2018, 12, 1), date(2018, 12, 2)) for e in agree)
        assert all(e.source is not None and (e.source.actor.sector or "") in ("GOV", "") for e in agree)
    assert any(
        _country(e.source) == "JPN" and _country(e.target) == "RUS" and e.cameo.startswith("036")
        for e in events
    ), pairs
    assert any(_country(e.source) == "JPN" and e.cameo.startswith("10") for e in events), pairs


def test_events_conditional_is_hypothetical(coder: EventCoder) -> None:
    events = coder.code_text("Russia could attack Ukraine if the talks fail.", date(2015, 6, 9))
    assert events and all(e.hypothetical for e in events)
    plain = coder.code_text("Russia attacked Ukraine.", date(2015, 6, 9))
    assert plain and not any(e.hypothetical for e in plain)


@pytest.mark.parametrize(
    ("text", "root", "hypothetical"),
    [
        ("Spain said it would urge the European Commission to drop the tariffs.", "02", True),
        ("Iran will demand compensation from Britain.", "10", True),
        ("Spain urged the European Commission to drop the tariffs.", "02", False),
        # an intent or a threat is itself the act that "will" makes of an action
        ("Britain will cede the islands to Mauritius.", "03", False),
        ("Israel will strike Iran if it attacks.", "13", False),
    ],
)
def test_events_a_verbal_act_in_the_future_is_not_yet_made(
    coder: EventCoder, text: str, root: str, hypothetical: bool
) -> None:
    events = [e for e in coder.code_text(text, date(2024, 10, 2)) if e.cameo[:2] == root]
    assert events and all(e.hypothetical is hypothetical for e in events), [
        (e.cameo, e.hypothetical) for e in events
    ]


def test_events_a_clause_with_its_own_tense_does_not_share_the_future(coder: EventCoder) -> None:
    """ "will continue …, as Tehran *rejected* it": the past-tense clause happened; a bare verb conjoined to a
    future one ("will meet Abe and *sign* …") shares the future."""
    text = "The United States warned that it will continue to exert pressure on Iran, as Tehran rejected the demand."
    rejected = [e for e in coder.code_text(text, date(2019, 5, 1)) if e.cameo[:2] == "12"]
    assert rejected and not any(e.hypothetical for e in rejected)
    signed = coder.code_text("Putin will visit Tokyo and sign a peace treaty with Japan.", date(2019, 5, 1))
    assert [e.cameo[:2] for e in signed if e.trigger.text.startswith("sign")] == ["03"]  # intent, not 057


def test_events_appeal_goes_to_the_addressee(coder: EventCoder) -> None:
    events = coder.code_text("France urged Iran to release the prisoners.", date(2015, 6, 9))
    assert {(_country(e.source), _country(e.target), e.cameo[:2]) for e in events} == {("FRA", "IRN", "02")}


def test_events_scheduled_visit_is_hypothetical(coder: EventCoder) -> None:
    events = coder.code_text(
        "The Japanese prime minister is scheduled to visit Moscow next week.", date(2015, 6, 9)
    )
    visits = [e for e in events if e.cameo == "042"]
    assert visits and all(e.hypothetical for e in visits)


def test_events_targetless_fallback_follows_setting(settings: Settings, coder: EventCoder) -> None:
    text = "Ukraine endorsed the plan on Tuesday."
    one_sided = coder.code_text(text, date(2015, 6, 9))
    assert [(e.source.actor.country, e.target, e.cameo[:2]) for e in one_sided] == [("UKR", None, "05")]
    assert one_sided[0].confidence < 0.6
    strict = EventCoder(settings.replace(code_targetless_events=False), coder.analyzer)
    assert strict.code_text(text, date(2015, 6, 9)) == []
