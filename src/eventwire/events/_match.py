"""Find pattern matches in one parsed sentence and turn them into (source, target, code) frames."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.events import _syntax as syn
from eventwire.events import _targets as tg
from eventwire.events._modality import addressee, modality
from eventwire.events._morph import verb_forms
from eventwire.events.patterns import Pattern, PatternSet
from eventwire.records import ActorMention


@dataclass(frozen=True, slots=True)
class Frame:
    """One coded predicate before it becomes :class:`~eventwire.records.Event` s."""

    pattern: Pattern
    code: str
    trigger: tuple[Token, ...]
    verb: Token
    sources: tuple[ActorMention, ...]
    targets: tuple[ActorMention, ...]
    negated: bool
    hypothetical: bool
    confidence: float
    controller: Token | None
    symmetric: bool
    target_optional: bool
    fallback: bool = False  # a target-less stand-in for a predicate whose target was not found


Resolver = tg.Resolver


class SentenceMatcher:
    """Applies a :class:`PatternSet` to one sentence's parse."""

    def __init__(self, patterns: PatternSet, targetless: bool = False) -> None:
        self._patterns = patterns
        self._targetless = targetless
        # light verb forms -> the particle they need ("call off": "called" counts only with "off")
        self._light: dict[str, dict[str, frozenset[str]]] = {}
        for p in patterns.patterns:
            forms: dict[str, set[str]] = {}
            for lv in p.light:
                for f in verb_forms(lv):
                    head, _, rest = f.partition(" ")
                    forms.setdefault(head, set()).add(rest.split(" ")[0] if rest else "")
            self._light[p.id] = {k: frozenset(v) for k, v in forms.items()}

    @property
    def targetless(self) -> bool:
        """Are one-sided events (a source, no target found) coded?"""
        return self._targetless

    def frames(self, doc: Doc, resolve: Resolver) -> list[Frame]:
        found: list[Frame] = []
        for tok in doc:
            best: Frame | None = None
            for pattern, verb, trigger in self._matches(tok):
                frame = self.frame(pattern, verb, trigger, resolve)
                if frame is not None and (best is None or (frame.targets and not best.targets)):
                    best = frame
                if best is not None and best.targets:
                    break  # a pattern that found its target beats an earlier target-less one
            if best is not None:
                # an alleged action ("X claimed that Y attacked Z") is the claim, not the action
                claim = _allegation(best, resolve)
                found.extend([best] if claim is None else claim)
        if any(not f.fallback for f in found):
            found = [f for f in found if not f.fallback]
        controllers = {f.controller.i for f in found if f.controller is not None}
        lights = {f.verb.i for f in found if len(f.trigger) > 1}
        return [
            f
            for f in found
            if (f.verb.i not in controllers or f.controller is not None)
            and (len(f.trigger) > 1 or f.verb.i not in lights)
        ]

    def _matches(self, tok: Token) -> list[tuple[Pattern, Token, tuple[Token, ...]]]:
        """Patterns at ``tok``, best first: light-verb + noun, then nominal, then verb (+ particle).

        The caller keeps the first one whose arguments resolve, so a noun like "exercises" codes
        military cooperation when it has a partner ("with X") and force posture otherwise."""
        out: list[tuple[Pattern, Token, tuple[Token, ...]]] = []
        if tok.pos_ in ("NOUN", "PROPN"):
            via = _light_head(tok)
            for phrase in _noun_phrases(tok):
                for pattern in self._patterns.noun_index.get(phrase, ()):
                    if _light_fits(via, self._light[pattern.id]) and via.pos_ in ("VERB", "AUX"):
                        out.append((pattern, via, (via, tok)))
                    elif pattern.nominal and tok.dep_ not in ("dobj", "obj"):
                        out.append((pattern, tok, (tok,)))
            return out
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound"):
            return out
        for pattern in sorted(
            self._patterns.verb_index.get(tok.lower_, ()), key=lambda p: -_specificity(p, tok)
        ):
            if _specificity(pattern, tok) >= 0:
                out.append((pattern, tok, (tok,)))
        return out

    def frame(
        self, pattern: Pattern, verb: Token, trigger: tuple[Token, ...], resolve: Resolver
    ) -> Frame | None:
        noun = trigger[-1] if trigger[-1].pos_ in ("NOUN", "PROPN") else None
        if noun is not None and verb.i == noun.i and not _eventive_nominal(noun):
            return None  # "the Afghan war, a costly conflict", "Russian aggression": a state, not an act
        code, negated, hypothetical, controller = modality(pattern, verb, self._patterns)
        if code is None:
            return None
        args = syn.arguments(verb)
        source_heads = list(args.sources)
        confidence = pattern.confidence * (0.9 if args.inherited else 1.0) * _embedding_factor(verb)
        if noun is not None and verb.i == noun.i:
            source_heads = tg.nominal_sources(noun)
            confidence *= 0.8
        if not source_heads:
            source_heads = syn.misparsed_nominal_agent(verb)
        targets: tuple[ActorMention, ...] = ()
        addressed = addressee(verb, controller)
        if controller is not None and code[:2] in ("02", "10") and addressed:
            # "X urged Y to attack Z": the appeal goes from X to Y ("Y faces pressure from X to …" too)
            if controller.pos_ in ("NOUN", "PROPN"):
                source_heads = tg.nominal_sources(controller)
            else:
                source_heads = list(syn.arguments(controller).sources)
            targets = tg.resolve_all(addressed, resolve)
        if not targets and noun is not None and verb.i == noun.i and code[:2] >= "18":
            # "three soldiers were killed in a Taliban attack": the attack was on the soldiers
            targets = tg.resolve_all(syn.passive_victims(noun), resolve)
        if not targets:
            targets = tg.targets(pattern, verb, noun, args, resolve)
        sources = tg.resolve_all(source_heads, resolve)
        if not sources and not args.passive and not args.sources and syn.in_main_clause(verb):
            # a main-clause predicate the parser left without a subject: the actor written before it
            leading = tg.resolve_all(syn.leading_nouns(verb)[:1], resolve)
            if leading:
                sources, confidence = leading, confidence * 0.8
        if not targets and (code[:2] >= "14" or code == "015"):
            # "conducted exercises in Alaska", "an attack at a mall in Kenya's capital": the place's country
            targets = tg.place_target(trigger[-1], resolve, sources)
        if noun is not None and verb.i != noun.i and verb.lower_ in _RECEIVE:
            # "X received weapons from Y": Y gave them to X
            givers = tg.resolve_all(
                syn.prep_objects(verb, {"from"}) + syn.prep_objects(noun, {"from"}), resolve
            )
            if not givers:
                return None
            sources, targets = givers, sources
        symmetric = pattern.symmetric and (code == pattern.code or (code[:2] == "03" and len(sources) > 1))
        optional = pattern.target_optional or code[:2] >= "14"
        fallback = False
        if not targets and not optional and not symmetric:
            if not self._targetless or tg.names_unknown_target(trigger[-1]):
                return None
            # "Ukraine endorsed the agreement": a one-sided event, kept only when the sentence has no better one
            optional, fallback = True, True
            confidence *= 0.6
        return Frame(
            pattern,
            code,
            trigger,
            verb,
            sources,
            targets,
            negated,
            hypothetical,
            confidence,
            controller,
            symmetric,
            optional,
            fallback,
        )


_ALLEGE = frozenset(f for v in ("claim", "allege", "charge", "contend") for f in verb_forms(v))


def _allegation(frame: Frame, resolve: Resolver) -> list[Frame] | None:
    """ "X claimed (that) Y attacked Z": X accuses Y (CAMEO 112); when Y is X, X claims responsibility (015).

    The alleged action itself is not coded as fact (PETRARCH's gold agrees: only the claim is an event);
    only conflict actions (roots 14-20) are allegations, also deeper in the claim ("alleged that … and
    that Y helped to carry out killings"). None: not an allegation; an empty list: an allegation by
    nobody we know (no event). Plain reports ("X said Y attacked Z") still code Y -> Z."""
    if frame.code[:2] < "14" or frame.negated:
        return None
    claim = claim_clause(frame.verb)
    if claim is None:
        return None
    head = claim.head
    speakers = tg.resolve_all(list(syn.arguments(head).sources), resolve)
    if not speakers or not frame.sources:
        return [] if frame.sources else None
    own = {m.actor.code for m in frame.sources}
    if all(m.actor.code in own for m in speakers):
        code, targets = "015", frame.targets
    else:
        code, targets = (
            "112",
            tuple(m for m in frame.sources if m.actor.code not in {s.actor.code for s in speakers}),
        )
    return [
        Frame(
            frame.pattern,
            code,
            (head,),
            head,
            speakers,
            targets,
            False,
            frame.hypothetical,
            frame.confidence * 0.8,
            None,
            False,
            True,
        )
    ]


def claim_clause(verb: Token) -> Token | None:
    """The ccomp of a claim verb that ``verb`` belongs to, through conj and xcomp links; None if none."""
    node = verb
    for _ in range(6):
        if node.dep_ == "ccomp":
            return node if node.head.lower_ in _ALLEGE else None
        if node.dep_ not in ("conj", "xcomp") or node.head.i == node.i:
            return None
        node = node.head
    return None


# Nouns that name a lasting state of conflict rather than one act: alone they report no event.
_STATE_NOUNS = frozenset(
    [
        "war",
        "wars",
        "warfare",
        "conflict",
        "conflicts",
        "aggression",
        "hostilities",
        "hostility",
        "violence",
        "insurgency",
        "insurgencies",
        "crisis",
        "crises",
        "occupation",
        "terrorism",
        "militancy",
        "unrest",
        "tension",
        "tensions",
        "fighting",
        "combat",
        "bloodshed",
        "genocide",
        "atrocities",
        "atrocity",
        "repression",
        "persecution",
        "oppression",
        "dictatorship",
    ]
)
# Verbs that make a state noun an event when it is their subject: "fighting *erupted*", "war *broke out*".
_OUTBREAK = frozenset(
    f
    for v in (
        "erupt",
        "break",
        "flare",
        "resume",
        "escalate",
        "intensify",
        "begin",
        "start",
        "rage",
        "spread",
    )
    for f in verb_forms(v)
)


def _eventive_nominal(noun: Token) -> bool:
    """A noun coded on its own is an act ("an attack on the convoy") unless it names a state of conflict,
    which is an event only when it breaks out ("fighting erupted in the north")."""
    if noun.lower_ not in _STATE_NOUNS:
        return True
    return noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lower_ in _OUTBREAK


_RECEIVE = frozenset(
    f for v in ("receive", "get", "obtain", "accept", "win", "secure") for f in verb_forms(v)
)
_QUANTIFIERS = {"round", "rounds", "series", "session", "sessions", "day", "days", "week", "weeks", "kind"}


def _light_fits(verb: Token, forms: dict[str, frozenset[str]]) -> bool:
    """Is ``verb`` one of a pattern's light verbs, with the particle that light verb needs?"""
    particles = forms.get(verb.lower_)
    if particles is None:
        return False
    if "" in particles:
        return True
    return any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ in particles for c in verb.children)


def _light_head(noun: Token) -> Token:
    """The verb a light-verb noun hangs from: "held *talks*", "agreed on a *ceasefire*",
    "held the first round of *negotiations*" (through a quantifier noun like round/series)."""
    head = noun.head
    via = head.head if noun.dep_ == "pobj" and head.dep_ == "prep" else head
    if (
        head.lower_ == "of"
        and via.lower_ in _QUANTIFIERS
        and via.dep_ in ("dobj", "obj", "nsubjpass", "pobj")
        and via.head.i != via.i
    ):
        up = via.head
        return up.head if via.dep_ == "pobj" and up.dep_ == "prep" else up
    return via


def _embedding_factor(tok: Token) -> float:
    """Events in subordinate, relative or adverbial clauses are less certain than main-clause ones."""
    factor, node = 1.0, tok
    for _ in range(8):
        if node.dep_ in ("advcl", "acl", "relcl", "pcomp"):
            factor *= 0.9
        if node.head.i == node.i:
            break
        node = node.head
    return factor


def _specificity(pattern: Pattern, tok: Token) -> int:
    """-1 when a multi-word verb's other words are missing; else the number of words matched."""
    for verb in pattern.verbs:
        head, _, rest = verb.partition(" ")
        if tok.lower_ not in verb_forms(head):
            continue
        if not rest:
            return 1
        if all(syn.has_child_word(tok, w) for w in rest.split()):
            return 1 + len(rest.split())
    return -1


def _noun_phrases(tok: Token) -> list[str]:
    lefts = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
    phrases = [" ".join([*(t.lower_ for t in lefts[k:]), tok.lower_]) for k in range(len(lefts))]
    return [*phrases, tok.lower_]
