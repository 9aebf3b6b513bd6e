"""Modality of a predicate: control verbs, modals and negation turn a code into intent / threat / reject /
demand / appeal codes, and tell who a control verb addresses."""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.events import _syntax as syn
from eventwire.events._derive import derive
from eventwire.events._morph import verb_forms
from eventwire.events.patterns import Pattern, PatternSet


def modality(
    pattern: Pattern, verb: Token, patterns: PatternSet
) -> tuple[str | None, bool, bool, Token | None]:
    """The code after control verbs, modals and negation; None drops the predicate."""
    code = pattern.code
    negated = syn.is_negated(verb)
    hypothetical = False
    mode: str | None = None
    controller: Token | None = None
    aux = {c.lower_ for c in syn.children(verb, ("aux", "auxpass"))}
    if verb.dep_ in ("advcl", "conj") and verb.head.i != verb.i and verb.tag_ not in ("VBD", "VBZ", "VBP"):
        # "will meet and *discuss*" shares the future; "will continue …, as Tehran *rejected* it" has its own tense
        aux |= _future(verb.head)
    if aux & syn.FUTURE_AUX:
        mode = "intent"
    if aux & syn.MAYBE_AUX or any(c.lower_ in ("if", "unless") for c in syn.children(verb, ("mark",))):
        hypothetical = True
    if speculated(verb):
        hypothetical = True
    for gov in syn.governing_chain(verb):
        gov_mode = patterns.control_mode(gov.lower_, {c.lower_ for c in gov.children})
        if gov_mode is None:
            gov, gov_mode = _control_object(gov, verb, patterns)
        if gov_mode is None:
            continue
        controller = gov
        negated = negated or syn.is_negated(gov)
        if gov_mode == "hypothetical":
            hypothetical = True
            continue
        mode = gov_mode
        if mode in ("intent", "hypothetical") and addressee(verb, gov):
            mode = "appeal"  # "X wants Y to do Z" asks Y to act
        if mode in ("appeal", "demand") and _future(gov):
            hypothetical = True  # "it *would urge* the EU to drop the tariffs": announced, not made
        break
    if mode is not None and mode != "hypothetical":
        if negated and mode in ("intent", "threat"):
            mode, negated = "reject", False
        derived = pattern.derived_code(mode) or derive(mode, code)
        if mode == "reject" and derived is None:
            return code, True, hypothetical, controller
        if (
            mode in ("intent", "threat")
            and derived == code
            and code[:2] not in ("03", "13")
            and not controller
        ):
            # "he *would urge* the Commission", "will *criticize*": a verbal act announced, not yet made (an
            # intent or a threat is itself the act: "will cede" is coded as the intent, not as hypothetical)
            hypothetical = True
        code = derived or code
    elif negated:
        rejected = pattern.derived_code("reject") or derive("reject", code)
        if rejected is not None and code[:2] <= "08":
            return rejected, False, hypothetical, controller
    return code, negated, hypothetical, controller


def _future(tok: Token) -> set[str]:
    """The future auxiliaries ("will", "would", "'ll") of a verb."""
    return {c.lower_ for c in syn.children(tok, ("aux",))} & syn.FUTURE_AUX


# Verbs whose complement clause is a belief, not an action reported as done ("Rubio *believes* the leaders will
# meet", "officials *fear* the rebels could attack"); "said", "claimed", "accused" report what happened.
_BELIEF_STEMS = [
    "believe",
    "think",
    "expect",
    "predict",
    "forecast",
    "fear",
    "suspect",
    "doubt",
    "speculate",
    "assume",
    "guess",
    "anticipate",
    "estimate",
    "hope",
    "wonder",
    "imagine",
    "reckon",
    "bet",
    "foresee",
    "envisage",
    "envision",
]
# The small pipeline runs without a lemmatizer: match every inflected form ("believes", "feared", "thought").
_BELIEF_VERBS = frozenset(form for stem in _BELIEF_STEMS for form in verb_forms(stem))
# Speakers whose "say" gives an assessment, not news of an action ("... to assert any claims, *analysts say*").
_ANALYSTS = frozenset(
    [
        "analyst",
        "analysts",
        "expert",
        "experts",
        "observer",
        "observers",
        "commentator",
        "commentators",
        "pundit",
        "pundits",
        "strategist",
        "strategists",
        "economist",
        "economists",
        "scholar",
        "scholars",
        "researcher",
        "researchers",
    ]
)

_SAY = frozenset({"say", "says", "said", "saying"})


def speculated(verb: Token) -> bool:
    """Is ``verb``'s clause what someone believes, expects or fears, or an analyst's assessment? Up the chain of
    complement clauses (and their conjuncts), at most three steps."""
    node = verb
    for _ in range(3):
        if node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        if node.dep_ not in ("ccomp", "parataxis") or node.head.i == node.i:
            return False
        gov = node.head
        if gov.lower_ in _BELIEF_VERBS and not syn.is_negated(gov):
            return True
        if gov.lower_ in _SAY and any(s.lower_ in _ANALYSTS for s in syn.children(gov, syn.SUBJ)):
            return True
        node = gov
    return False


def _control_object(gov: Token, verb: Token, patterns: PatternSet) -> tuple[Token, str | None]:
    """ "Y faces *pressure* from X to help Z": a demand or appeal noun as the object of the governing verb."""
    for obj in syn.children(gov, ("dobj", "obj")):
        mode = patterns.control_mode(obj.lower_, {c.lower_ for c in obj.children})
        if obj.i != verb.i and mode in ("demand", "appeal"):
            return obj, mode
    return gov, None


def addressee(verb: Token, controller: Token | None) -> list[Token]:
    """Who a control verb addresses: its object ("urged Y to"), or the subject of an infinitive clause."""
    if controller is None:
        return []
    if controller.pos_ in ("NOUN", "PROPN"):
        # "Y faces / is under pressure from X to …": the subject of the verb the noun hangs from
        holder = syn.clause_head(controller.head) if controller.head.i != controller.i else controller
        has_giver = bool(syn.prep_objects(controller, {"from", "by"}) or syn.children(controller, ("poss",)))
        return syn.children(holder, syn.SUBJ) if has_giver and holder.i != controller.i else []
    if syn.children(controller, ("agent",)):
        return syn.children(controller, syn.PASSIVE_SUBJ)  # "Y is pressured by X to …"
    objects = [o for o in syn.children(controller, ("dobj", "obj")) if o.i != verb.i]
    if objects:
        return objects
    called_on = syn.prep_objects(controller, {"on", "upon"})
    if called_on:
        return called_on
    if verb.dep_ == "ccomp":
        return syn.children(verb, syn.SUBJ)
    return []
