"""The learned event layer: its label space, features, shipped artefact, and what it adds to the coder."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest

from eventwire.events import cameo_table
from eventwire.events.learned.calibration import FEATURES, Calibrator, Evidence
from eventwire.events.learned.classes import (
    CLASSES,
    EVENT_CLASSES,
    GENERAL_CODE,
    NONE,
    PENTA_ROOTS,
    PLOVER_OF,
    ROOT_OF,
    class_of_code,
    classes_of_penta,
    classes_of_plover,
)
from eventwire.events.learned.features import feature_ids, hash_feature, stem, words
from eventwire.events.learned.model import EventTypeModel
from eventwire.events.learned.roles import ROLES, RolePair, role_feature_ids


def test_learned_classes_agree_with_the_code_table() -> None:
    table = cameo_table()
    assert CLASSES[0] == NONE and len(EVENT_CLASSES) == 21
    for cls in EVENT_CLASSES:
        code = GENERAL_CODE[cls]
        assert code in table and code.endswith("0"), cls  # a root's general code, never a fine one
        assert table[code].root == ROOT_OF[cls]
    assert {r for roots in PENTA_ROOTS for r in roots} == {f"{n:02d}" for n in range(1, 21)}
    assert class_of_code("0841") == "08R" and class_of_code("081") == "08C" and class_of_code("173") == "17"
    assert classes_of_penta(4) >= {"14", "15", "17", "18", "19", "20"} and "16" in classes_of_penta(3)
    assert classes_of_plover("ASSAULT") == {"18", "19", "20"}
    assert {PLOVER_OF[c] for c in EVENT_CLASSES} <= set(table.plover_types())


def test_learned_features_are_stable_and_join_inflections() -> None:
    assert words("U.S. troops killed 28 militants") == ["u", "s", "troops", "killed", "0", "militants"]
    assert stem("attacked") == stem("attacks") == stem("attacking") == "attack"
    first = feature_ids("Turkish police detained protesters", 18)
    assert np.array_equal(first, feature_ids("Turkish police detained protesters", 18))
    assert first.min() >= 0 and first.max() < 2**18 and len(set(first.tolist())) == len(first)


def test_learned_calibrator_is_a_probability() -> None:
    calibrator = Calibrator.from_weights([0.1] * len(FEATURES))
    evidence = Evidence("model", 0.0, 0.9, 0.8, 0.7, 0.95, True, True, True, False, True, False)
    assert len(evidence.vector()) == len(FEATURES)
    assert 0.0 < calibrator.confidence(evidence) < 1.0
    with pytest.raises(ValueError):
        Calibrator.from_weights([0.0])


@pytest.fixture(scope="module")
def model() -> EventTypeModel:
    return EventTypeModel.load()


def test_learned_model_ships_and_loads(model: EventTypeModel) -> None:
    assert model.has_triggers and model.has_roles and model.calibrator is not None
    scores = model.score("Israeli jets struck Hamas positions in Gaza on Tuesday.")
    assert abs(sum(scores.probs) - 1.0) < 1e-4
    assert scores.event > 0.9 and scores.plover("ASSAULT") > 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Tiger Woods shot a 6-under 65 to take a two-stroke lead at the Masters.",
        "Shares of Apple rose 3 percent after the company beat quarterly earnings forecasts.",
        "The new smartphone has a faster chip and a bigger screen.",
    ],
)
def test_learned_model_reads_sport_markets_and_products_as_no_event(model: EventTypeModel, text: str) -> None:
    assert model.score(text).none > 0.7


def test_learned_layer_codes_what_no_pattern_holds(coder: Any) -> None:
    """A verb no pattern lists ("vetoed" is one; "stonewalled" is not) still gives an event through the model,
    which names only the root (its general code) and records that it found it."""
    events = coder.code_text(
        "Hungary stonewalled the European Union's sanctions package against Russia.", date(2023, 2, 1)
    )
    model_events = [e for e in events if e.path == "model"]
    assert model_events, [(e.cameo, e.pattern) for e in events]
    assert all(e.cameo.endswith("0") and e.pattern.startswith("model:") for e in model_events)
    assert all(0.0 <= e.confidence <= 1.0 for e in events)


def test_learned_layer_codes_an_attack_with_no_named_attacker(coder: Any) -> None:
    events = coder.code_text(
        "A suicide car bombing in Egypt's Sinai Peninsula killed at least 28 soldiers.", date(2017, 7, 7)
    )
    assaults = [e for e in events if e.plover == "ASSAULT" and not e.negated]
    assert assaults and all(e.source is None for e in assaults)
    assert any(e.target is not None and e.target.actor.sector == "MIL" for e in assaults)


def test_learned_layer_dates_background_to_its_own_time(coder: Any) -> None:
    events = coder.code_text(
        "Israel seized the West Bank and East Jerusalem from Jordan in the 1967 war.", date(2023, 6, 5)
    )
    assert events
    assert all(e.historical and e.event_date == date(1967, 1, 1) for e in events)
    undated = coder.code_text("Russian troops had occupied the town before the offensive.", date(2023, 6, 5))
    assert undated and all(e.historical and e.event_date is None for e in undated)


def test_learned_layer_leaves_a_state_of_war_uncoded(coder: Any) -> None:
    text = "Obama called the Afghan war a terrible and costly conflict for both countries."
    assert not [e for e in coder.code_text(text, date(2014, 1, 1)) if e.plover == "ASSAULT"]


def test_learned_layer_codes_no_sport(coder: Any) -> None:
    text = "Brazil beat Argentina 3-1 in Buenos Aires as Neymar struck twice."
    assert coder.code_text(text, date(2019, 7, 1)) == []


def _tiny_model(trigger_glove: np.ndarray | None) -> EventTypeModel:
    k = len(CLASSES)
    vectors = np.eye(4, dtype=np.float32)  # four words, one axis each
    return EventTypeModel(
        18,
        np.zeros(0, dtype=np.int64),
        np.zeros((0, k), np.float32),
        ["shelled", "pounded", "praised", "town"],
        vectors,
        np.zeros((4, k), np.float32),
        1.0,
        "tiny",
        trigger_ids=np.zeros(0, dtype=np.int64),
        trigger_weights=np.zeros((0, k), np.float32),
        trigger_glove_weights=trigger_glove,
    )


def test_learned_trigger_model_reads_the_word_vectors_of_a_predicate(nlp: Any) -> None:
    """The trigger model's dense part: the vectors of the token, its head and its object decide the class
    when no hashed feature is known, so a verb seen only through its vector still counts."""
    k = len(CLASSES)
    dense = np.zeros((12, k), np.float32)  # 3 words x 4 dimensions
    dense[0, CLASSES.index("19")] = 8.0  # the token is "shelled"
    dense[1, CLASSES.index("19")] = 8.0  # ... or "pounded"
    dense[2, CLASSES.index("05")] = 8.0  # ... or "praised"
    model = _tiny_model(dense)
    doc = nlp("Rebels pounded the town.")
    verb = next(t for t in doc if t.lower_ == "pounded")
    vector = model.predicate_vector(verb)
    assert vector.shape == (12,) and vector[1] == 1.0 and vector[4 + 3] == 0.0  # no head for the root
    assert vector[8 + 3] == 1.0  # its object, "town"
    assert model.trigger_scores(verb).ranked()[0][0] == "19"
    praised = next(t for t in nlp("Rebels praised the town.") if t.lower_ == "praised")
    assert model.trigger_scores(praised).ranked()[0][0] == "05"
    # an artefact without the dense part (event-types-1) still loads and scores from hashed features alone
    plain = _tiny_model(np.zeros((0, k), np.float32))
    assert plain.predicate_vector(verb).shape == (12,)
    assert abs(plain.trigger_scores(verb).event - (1 - 1 / k)) < 1e-6
    with pytest.raises(ValueError, match="trigger vector weights"):
        _tiny_model(np.zeros((5, k), np.float32))


def test_a_sector_alone_carries_an_action_with_no_target_but_not_a_statement(coder: Any) -> None:
    """ "Farmers blocked roads": a protest whose actor is a sector with no country and no target is still
    an event; "Officials said ..." with no target and no country stays uncoded."""
    events = coder.code_text("Farmers held a protest in Toopran on Monday.", date(2015, 1, 6))
    protests = [e for e in events if e.plover == "PROTEST" and not e.negated]
    assert protests and protests[0].source is not None and protests[0].source.actor.sector == "AGR"
    assert protests[0].target is None
    said = coder.code_text("Officials said the plan was working well.", date(2015, 1, 6))
    assert not [e for e in said if e.target is None and e.source is not None and not e.source.actor.country]


def test_learned_role_model_reads_the_root_and_the_actors_around(nlp: Any) -> None:
    """The role model's features carry the event's root, the kind of actor and how many actors stand
    nearer the predicate, so one (predicate, actor) path can mean a target for one kind of event and
    nothing for another."""
    k = len(CLASSES)
    bits = 18
    ids = np.array([hash_feature("Rroot:19", (1 << bits) - 1), hash_feature("Rk:sector", (1 << bits) - 1)])
    weights = np.zeros((2, len(ROLES)), np.float32)
    weights[0, ROLES.index("target")] = 6.0  # an attack's party
    weights[1, ROLES.index("none")] = 3.0  # a sector alone is less often a side
    model = EventTypeModel(
        bits,
        np.zeros(0, dtype=np.int64),
        np.zeros((0, k), np.float32),
        [],
        np.zeros((0, 4), np.float32),
        np.zeros((4, k), np.float32),
        1.0,
        "tiny",
        role_ids=ids,
        role_weights=weights,
    )
    doc = nlp("Rebels shelled the town near the Syrian border on Monday.")
    verb = next(t for t in doc if t.lower_ == "shelled")
    syrian = next(t for t in doc if t.lower_ == "syrian")
    attack = model.role_scores(RolePair(verb, syrian, "19", "state", ()))
    statement = model.role_scores(RolePair(verb, syrian, "01", "state", ()))
    assert attack["target"] > 0.9 and abs(statement["target"] - 1 / 3) < 1e-6
    assert model.role_scores(RolePair(verb, syrian, "19", "sector", ()))["target"] < attack["target"]
    # an actor with another actor nearer the predicate on its side reads differently from the nearest one
    rebels = next(t for t in doc if t.lower_ == "rebels")
    near = set(role_feature_ids(RolePair(verb, syrian, "19", "state", ()), bits))
    behind = set(role_feature_ids(RolePair(verb, syrian, "19", "state", (rebels.i, verb.i + 2)), bits))
    assert near != behind
