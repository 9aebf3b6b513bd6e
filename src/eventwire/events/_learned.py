"""The learned layer beside the patterns: event types the model reads in a sentence become frames.

For every class the sentence model (:mod:`eventwire.events.learned.model`) gives enough probability and no
pattern frame of the same root already codes, the layer picks the predicate that carries the class — the
verb or event noun whose own words speak most for it in the model's weights — and reads its arguments
from the parse with the same machinery as the patterns. Each class acts through a stand-in pattern
(``model:19``) whose code is the root's general code (``190``; the model never invents a fine code) and
whose target slots, symmetry and light verbs are those the shipped patterns of that root use most.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.events._match import Frame, Resolver, SentenceMatcher, claim_clause
from eventwire.events._syntax import in_main_clause
from eventwire.events.learned.calibration import Evidence
from eventwire.events.learned.classes import EVENT_CLASSES, GENERAL_CODE, ROOT_OF
from eventwire.events.learned.model import EventTypeModel, TypeScores
from eventwire.events.learned.predicates import is_candidate
from eventwire.events.learned.roles import RolePair, mention_head, mention_kind, mentions_outside
from eventwire.events.patterns import Pattern, PatternSet
from eventwire.records import ActorMention

MODEL_PREFIX = "model:"
# Words that report or frame an action rather than being one: never the predicate of a model event.
_FRAMING = frozenset(
    [
        "say",
        "says",
        "said",
        "saying",
        "tell",
        "tells",
        "told",
        "telling",
        "report",
        "reports",
        "reported",
        "according",
        "add",
        "added",
        "adds",
        "note",
        "noted",
        "notes",
        "state",
        "stated",
        "states",
        "claim",
        "claimed",
        "believe",
        "believed",
        "think",
        "thought",
        "expect",
        "expected",
        "seem",
        "seemed",
        "appear",
        "appeared",
        "become",
        "became",
        "remain",
        "remained",
        "continue",
        "continued",
        "begin",
        "began",
        "start",
        "started",
        "try",
        "tried",
        "want",
        "wanted",
        "need",
        "needed",
        "make",
        "made",
        "take",
        "took",
        "get",
        "got",
        "give",
        "gave",
        "go",
        "went",
        "come",
        "came",
        "have",
        "has",
        "had",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "do",
        "does",
        "did",
    ]
)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A class the model proposes for a sentence, anchored to the predicate that carries it."""

    cls: str
    probability: float
    anchor: Token
    evidence: float


def stand_in_patterns(patterns: PatternSet) -> dict[str, Pattern]:
    """One stand-in pattern per joint class, shaped like the shipped patterns of its root."""
    out: dict[str, Pattern] = {}
    for cls in EVENT_CLASSES:
        root = ROOT_OF[cls]
        mine = [p for p in patterns.patterns if p.code[:2] == root]
        slots = Counter(slot for p in mine for slot in p.target)
        ordered = tuple(s for s, n in slots.most_common() if n >= 2 or s == "obj") or ("obj",)
        light = Counter(v for p in mine for v in p.light)
        out[cls] = Pattern(
            id=MODEL_PREFIX + cls,
            code=GENERAL_CODE[cls],
            light=tuple(v for v, n in light.most_common(12)),
            nominal=True,
            target=ordered,
            symmetric=bool(mine) and sum(p.symmetric for p in mine) * 2 > len(mine),
            target_optional=True,
            confidence=1.0,
        )
    return out


_PLACE_PREPS = frozenset(
    {"in", "at", "near", "inside", "across", "throughout", "around", "within", "outside"}
)


def _a_place(head: Token) -> bool:
    """Is this actor named as the place of the clause ("in Kenya", "near the Cameroon border")?"""
    prep = head.head
    return head.dep_ == "pobj" and prep.lower_ in _PLACE_PREPS and prep.head.pos_ in ("VERB", "AUX")


class LearnedLayer:
    """Turns a sentence's class probabilities into frames, beside the pattern frames."""

    def __init__(
        self,
        model: EventTypeModel,
        patterns: PatternSet,
        propose_at: float,
        trigger_at: float,
        role_at: float = 0.5,
        type_at: float = 0.0,
    ) -> None:
        self.model = model
        self._type_at = type_at
        self._stand_ins = stand_in_patterns(patterns)
        self._propose_at = propose_at
        self._trigger_at = trigger_at
        self._role_at = role_at

    def classes(self, scores: TypeScores) -> list[tuple[str, float]]:
        """The classes worth proposing: probability >= the threshold, and the most probable class of a
        sentence that surely holds an event at half the threshold."""
        out: list[tuple[str, float]] = []
        for n, (cls, probability) in enumerate(scores.ranked()):
            bar = self._propose_at if n or scores.event < 0.8 else self._propose_at / 2
            if probability < bar:
                break
            out.append((cls, probability))
        return out

    def anchors(self, doc: Doc, cls: str, used: set[int]) -> list[tuple[Token, float]]:
        """Candidate predicates for ``cls``, the words speaking most for it first (positive evidence only)."""
        scored = [
            (tok, self.model.word_evidence(tok.text, cls))
            for tok in doc
            if tok.i not in used and _candidate(tok)
        ]
        return sorted((ts for ts in scored if ts[1] > 0), key=lambda ts: (-ts[1], ts[0].i))

    def frames(
        self, doc: Doc, scores: TypeScores, matcher: SentenceMatcher, resolve: Resolver, taken: set[int]
    ) -> list[tuple[Frame, Proposal]]:
        if self.model.has_triggers:
            return self._trigger_frames(doc, scores, matcher, resolve, taken)
        return self._anchored_frames(doc, scores, matcher, resolve, taken)

    def complete_roles(self, frame: Frame, groups: list[tuple[ActorMention, list[Token]]]) -> Frame:
        """Fill a side the parse slots left empty with the actor the role model reads in it.

        A target: the sentence's actor (not a source, not inside the trigger) most probably the target,
        when that probability is at least ``role_at``; a source likewise, at a higher bar."""
        if not self.model.has_roles or (frame.targets and frame.sources):
            return frame
        if frame.symmetric and len(frame.sources) > 1:
            return frame
        predicate = mention_head(list(frame.trigger))
        own = {m.actor.code for m in (*frame.sources, *frame.targets)}
        root = frame.code[:2]
        outside = mentions_outside(groups, frame.trigger)
        heads = tuple(head.i for _, head in outside)
        best: dict[str, tuple[float, ActorMention | None]] = {"source": (0.0, None), "target": (0.0, None)}
        for mention, head in outside:
            if mention.actor.code in own:
                continue
            if _a_place(head):
                continue  # "*In Kenya*, projects were suspended": where it happened, not to whom
            scores = self.model.role_scores(RolePair(predicate, head, root, mention_kind(mention), heads))
            for role in ("source", "target"):
                if scores[role] > best[role][0]:
                    best[role] = (scores[role], mention)
        sources, targets = frame.sources, frame.targets
        p_target, target = best["target"]
        if not targets and target is not None and p_target >= self._role_at:
            targets = (target,)
        p_source, source = best["source"]
        if (
            not sources
            and source is not None
            and source not in targets
            and p_source >= min(0.9, self._role_at + 0.15)
        ):
            sources = (source,)
        if sources is frame.sources and targets is frame.targets:
            return frame
        return dataclasses.replace(
            frame, sources=sources, targets=targets, fallback=frame.fallback and not targets
        )

    def evidence(
        self,
        frame: Frame,
        path: str,
        proposal: Proposal | None,
        scores: TypeScores,
        source: ActorMention | None,
        target: ActorMention | None,
    ) -> Evidence:
        """What the patterns, the trigger model and the sentence model say about one event."""
        head = proposal.anchor if proposal is not None else _trigger_head(frame)
        token = self.model.trigger_scores(head) if self.model.has_triggers else None
        root = frame.code[:2]
        return Evidence(
            path=path,
            pattern_confidence=0.0 if path == "model" else frame.confidence,
            trigger_event=token.event if token is not None else 0.0,
            trigger_class=token.root(root) if token is not None else 0.0,
            sentence_root=max(scores.root(root), scores.root(frame.pattern.code[:2])),
            sentence_event=scores.event,
            has_source=source is not None,
            has_target=target is not None,
            source_named=_named(source),
            target_named=_named(target),
            main_clause=in_main_clause(frame.verb),
            hypothetical=frame.hypothetical,
        )

    def confidence(self, evidence: Evidence, frame: Frame, proposal: Proposal | None, factor: float) -> float:
        """The calibrated probability that the event is right; without a fitted calibrator, a plain blend."""
        if self.model.calibrator is not None:
            return self.model.calibrator.confidence(evidence)
        if proposal is not None:
            return frame.confidence * proposal.probability * factor
        return (
            frame.confidence
            * factor
            * (0.55 + 0.45 * evidence.sentence_root)
            * (0.6 + 0.4 * evidence.sentence_event)
        )

    def predicates(self, doc: Doc, scores: TypeScores, taken: set[int]) -> list[Proposal]:
        """Candidate predicates the trigger model reads as events, most probable first.

        A token's class is the one its own probabilities and the sentence's agree on most
        (``P_token(c) * P_sentence(c)``); its probability is the token's event probability, damped where
        the sentence as a whole looks like no event (sport, markets)."""
        out: list[Proposal] = []
        weak: list[Proposal] = []
        if scores.event < _READ_PREDICATES_AT:
            return out  # a sentence the model reads as no event: its predicates are not worth reading
        for tok in doc:
            if tok.i in taken or not is_candidate(tok) or tok.lower_ in _FRAMING:
                continue
            q = self.model.trigger_scores(tok)
            cls = max(EVENT_CLASSES, key=lambda c: q.of(c) * (scores.of(c) + 0.01))
            probability = q.event * min(1.0, 0.5 + scores.event)
            proposal = Proposal(cls, probability, tok, q.of(cls))
            if max(q.of(cls), scores.of(cls)) < self._type_at:
                continue  # an event word of a type neither the word nor its sentence names
            if q.event >= self._trigger_at:
                out.append(proposal)
            elif q.event >= self._trigger_at / 2:
                weak.append(proposal)
        if not out and scores.event >= 0.8:
            # a sentence that surely holds an event: its likeliest predicate, at a lower bar
            out = weak
        return sorted(out, key=lambda p: -p.probability)

    def _trigger_frames(
        self, doc: Doc, scores: TypeScores, matcher: SentenceMatcher, resolve: Resolver, taken: set[int]
    ) -> list[tuple[Frame, Proposal]]:
        found: list[tuple[Frame, Proposal]] = []
        used = set(taken)
        for proposal in self.predicates(doc, scores, taken):
            verb, trigger = _predicate(proposal.anchor)
            if any(t.i in used for t in trigger) or (proposal.cls >= "14" and claim_clause(verb) is not None):
                continue  # one frame per predicate; an alleged attack is the claim, coded by the patterns
            frame = matcher.frame(self._stand_ins[proposal.cls], verb, trigger, resolve)
            if frame is None or not (frame.sources or frame.targets):
                continue
            if not frame.targets and not matcher.targetless:
                continue  # one-sided events are off (``code_targetless_events``)
            used.update(t.i for t in trigger)
            found.append((_as_classified(frame, proposal.cls), proposal))
        return found

    def _anchored_frames(
        self, doc: Doc, scores: TypeScores, matcher: SentenceMatcher, resolve: Resolver, taken: set[int]
    ) -> list[tuple[Frame, Proposal]]:
        """A frame per proposed class: at the best anchor whose parse gives the event a side (up to three
        anchors are tried, so a misleading noun does not hide the verb that carries the class)."""
        found: list[tuple[Frame, Proposal]] = []
        used = set(taken)
        for cls, probability in self.classes(scores):
            for anchor, evidence in self.anchors(doc, cls, used)[:3]:
                verb, trigger = _predicate(anchor)
                frame = matcher.frame(self._stand_ins[cls], verb, trigger, resolve)
                if frame is None or not (frame.sources or frame.targets):
                    continue
                used.add(anchor.i)
                found.append((_as_classified(frame, cls), Proposal(cls, probability, anchor, evidence)))
                break
        return found


# Below this event probability of the whole sentence, the trigger model is not run on its predicates (a
# proposal there would be damped below any useful confidence anyway).
_READ_PREDICATES_AT = 0.25
# Roots that already say how an action stands (statement, appeal, intent, demand, disapproval, rejection,
# threat): a negation or modal verb around their predicate is part of what the model read, not a reason to
# turn the event into its negation or into another family.
_MODAL_ROOTS = frozenset({"01", "02", "03", "10", "11", "12", "13"})
# Positions where a noun names an action of the clause ("carried out *strikes*", "*talks* began", a
# headline's noun root); a noun inside a prepositional phrase describes something else.
_NOUN_PREDICATE_DEPS = frozenset({"ROOT", "dobj", "obj", "nsubj", "nsubjpass", "attr", "appos", "conj"})


def _candidate(tok: Token) -> bool:
    if tok.lower_ in _FRAMING or not tok.is_alpha:
        return False
    if tok.pos_ == "VERB":
        return tok.dep_ not in ("amod", "compound")
    return tok.pos_ == "NOUN" and tok.dep_ in _NOUN_PREDICATE_DEPS


def _as_classified(frame: Frame, cls: str) -> Frame:
    """The model's class decides a modal family's code; an action class keeps what modality made of it
    ("will *meet*" → intent to meet, 036)."""
    if ROOT_OF[cls] in _MODAL_ROOTS:
        return dataclasses.replace(frame, code=GENERAL_CODE[cls], negated=False)
    return frame


def _predicate(anchor: Token) -> tuple[Token, tuple[Token, ...]]:
    """The verb a frame hangs from and its trigger: a noun object of a verb reads through that verb
    ("carried out *air strikes*", "held *talks*"); any other noun is a nominal event."""
    head = anchor.head
    if anchor.pos_ == "NOUN" and anchor.dep_ in ("dobj", "obj") and head.pos_ in ("VERB", "AUX"):
        return head, (head, anchor)
    return anchor, (anchor,)


def _trigger_head(frame: Frame) -> Token:
    """The token of a pattern frame's trigger the trigger model reads: its noun for a light verb."""
    candidates = [t for t in frame.trigger if is_candidate(t)]
    return candidates[-1] if candidates else frame.verb


def _named(mention: ActorMention | None) -> bool:
    """An actor with a country, an international code or a name (not only a sector word)."""
    if mention is None:
        return False
    actor = mention.actor
    return bool(actor.country or actor.name or actor.wiki or actor.transnational)


def is_model_pattern(pattern_id: str) -> bool:
    return pattern_id.startswith(MODEL_PREFIX)
