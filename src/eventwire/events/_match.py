"""Find pattern matches in one parsed sentence and turn them into (source, target, code) frames."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.events import _syntax as syn
from eventwire.events._derive import derive
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


Resolver = Callable[[Token], ActorMention | None]


class SentenceMatcher:
    """Applies a :class:`PatternSet` to one sentence's parse."""

    def __init__(self, patterns: PatternSet, targetless: bool = False) -> None:
        self._patterns = patterns
        self._targetless = targetless
        self._light: dict[str, frozenset[str]] = {
            p.id: frozenset(f.split(" ")[0] for lv in p.light for f in verb_forms(lv))
            for p in patterns.patterns
        }

    def frames(self, doc: Doc, resolve: Resolver) -> list[Frame]:
        found: list[Frame] = []
        for tok in doc:
            best: Frame | None = None
            for pattern, verb, trigger in self._matches(tok):
                frame = self._frame(pattern, verb, trigger, resolve)
                if frame is not None and (best is None or (frame.targets and not best.targets)):
                    best = frame
                if best is not None and best.targets:
                    break  # a pattern that found its target beats an earlier target-less one
            if best is not None:
                # an alleged action ("X claimed that Y attacked Z") is the claim, not the action
                found.extend(_allegation(best, resolve) or [best])
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
                    if via.lower_ in self._light[pattern.id] and via.pos_ in ("VERB", "AUX"):
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

    def _frame(
        self, pattern: Pattern, verb: Token, trigger: tuple[Token, ...], resolve: Resolver
    ) -> Frame | None:
        noun = trigger[-1] if trigger[-1].pos_ in ("NOUN", "PROPN") else None
        code, negated, hypothetical, controller = _modality(pattern, verb, self._patterns)
        if code is None:
            return None
        args = syn.arguments(verb)
        source_heads = list(args.sources)
        confidence = pattern.confidence * (0.9 if args.inherited else 1.0) * _embedding_factor(verb)
        if noun is not None and verb.i == noun.i:
            source_heads = _nominal_sources(noun)
            confidence *= 0.8
        if not source_heads:
            source_heads = syn.misparsed_nominal_agent(verb)
        targets: tuple[ActorMention, ...] = ()
        addressee = _addressee(verb, controller)
        if controller is not None and code[:2] in ("02", "10") and addressee:
            # "X urged Y to attack Z": the appeal goes from X to Y ("Y faces pressure from X to …" too)
            if controller.pos_ in ("NOUN", "PROPN"):
                source_heads = _nominal_sources(controller)
            else:
                source_heads = list(syn.arguments(controller).sources)
            targets = _resolve_all(addressee, resolve)
        if not targets and noun is not None and verb.i == noun.i and code[:2] >= "18":
            # "three soldiers were killed in a Taliban attack": the attack was on the soldiers
            targets = _resolve_all(syn.passive_victims(noun), resolve)
        if not targets:
            targets = _targets(pattern, verb, noun, args, resolve)
        sources = _resolve_all(source_heads, resolve)
        if not targets and (code[:2] >= "14" or code == "015"):
            # "conducted exercises in Alaska", "an attack at a mall in Kenya's capital": the place's country
            targets = _place_target(trigger[-1], resolve, sources)
        if noun is not None and verb.i != noun.i and verb.lower_ in _RECEIVE:
            # "X received weapons from Y": Y gave them to X
            givers = _resolve_all(
                syn.prep_objects(verb, {"from"}) + syn.prep_objects(noun, {"from"}), resolve
            )
            if not givers:
                return None
            sources, targets = givers, sources
        symmetric = pattern.symmetric and (code == pattern.code or (code[:2] == "03" and len(sources) > 1))
        optional = pattern.target_optional or code[:2] >= "14"
        fallback = False
        if not targets and not optional and not symmetric:
            if not self._targetless or _names_unknown_target(trigger[-1]):
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


def _allegation(frame: Frame, resolve: Resolver) -> list[Frame]:
    """ "X claimed (that) Y attacked Z": X accuses Y (CAMEO 112); when Y is X, X claims responsibility (015).

    The alleged action itself is not coded as fact (PETRARCH's gold agrees: only the claim is an event);
    only conflict actions (roots 14-20) are allegations. Plain reports ("X said Y attacked Z") still code Y -> Z."""
    head = frame.verb.head
    if frame.verb.dep_ != "ccomp" or head.lower_ not in _ALLEGE or frame.code[:2] < "14" or frame.negated:
        return []
    speakers = _resolve_all(list(syn.arguments(head).sources), resolve)
    if not speakers or not frame.sources:
        return []
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


_RECEIVE = frozenset(
    f for v in ("receive", "get", "obtain", "accept", "win", "secure") for f in verb_forms(v)
)
_QUANTIFIERS = {"round", "rounds", "series", "session", "sessions", "day", "days", "week", "weeks", "kind"}


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


def _modality(
    pattern: Pattern, verb: Token, patterns: PatternSet
) -> tuple[str | None, bool, bool, Token | None]:
    """The code after control verbs, modals and negation; None drops the predicate."""
    code = pattern.code
    negated = syn.is_negated(verb)
    hypothetical = False
    mode: str | None = None
    controller: Token | None = None
    aux = {c.lower_ for c in syn.children(verb, ("aux", "auxpass"))}
    if verb.dep_ in ("advcl", "conj") and verb.head.i != verb.i:
        aux |= {c.lower_ for c in syn.children(verb.head, ("aux",))} & syn.FUTURE_AUX
    if aux & syn.FUTURE_AUX:
        mode = "intent"
    if aux & syn.MAYBE_AUX or any(c.lower_ in ("if", "unless") for c in syn.children(verb, ("mark",))):
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
        if mode in ("intent", "hypothetical") and _addressee(verb, gov):
            mode = "appeal"  # "X wants Y to do Z" asks Y to act
        break
    if mode is not None and mode != "hypothetical":
        if negated and mode in ("intent", "threat"):
            mode, negated = "reject", False
        derived = pattern.derived_code(mode) or derive(mode, code)
        if mode == "reject" and derived is None:
            return code, True, hypothetical, controller
        code = derived or code
    elif negated:
        rejected = pattern.derived_code("reject") or derive("reject", code)
        if rejected is not None and code[:2] <= "08":
            return rejected, False, hypothetical, controller
    return code, negated, hypothetical, controller


def _control_object(gov: Token, verb: Token, patterns: PatternSet) -> tuple[Token, str | None]:
    """ "Y faces *pressure* from X to help Z": a demand or appeal noun as the object of the governing verb."""
    for obj in syn.children(gov, ("dobj", "obj")):
        mode = patterns.control_mode(obj.lower_, {c.lower_ for c in obj.children})
        if obj.i != verb.i and mode in ("demand", "appeal"):
            return obj, mode
    return gov, None


def _addressee(verb: Token, controller: Token | None) -> list[Token]:
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


def _nominal_sources(noun: Token) -> list[Token]:
    """Source of a nominal event: possessor, ``by``/``of`` object, or an adjective ("Israeli shelling")."""
    poss = syn.children(noun, ("poss",))
    if poss:
        return poss
    by = syn.prep_objects(noun, {"by", "from"})
    if by:
        return by
    modifiers = [c for c in noun.lefts if c.dep_ in ("amod", "compound")]
    if modifiers:
        return modifiers
    if (
        noun.dep_ == "pobj"
        and noun.head.lower_ in ("on", "during")
        and noun.head.head.pos_ in ("VERB", "AUX")
    ):
        # "led a delegation on a visit to Russia": the subject of the governing verb
        return list(syn.arguments(noun.head.head).sources)
    return []


def _targets(
    pattern: Pattern, verb: Token, noun: Token | None, args: syn.Arguments, resolve: Resolver
) -> tuple[ActorMention, ...]:
    for slot in pattern.target:
        heads: list[Token] = []
        if slot == "obj":
            heads = list(args.passive_targets) or [
                o
                for o in syn.children(verb, syn.OBJ)
                if (noun is None or (o.i != noun.i and not o.is_ancestor(noun))) and o.dep_ != "attr"
            ]
        elif slot == "poss":
            heads = syn.children(noun, ("poss",)) if noun is not None else []
        elif slot == "place":
            # "attend the *Beijing* Olympics", "attend a summit *in Switzerland*": where the event is
            named = (
                [c for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod")] if noun is not None else []
            )
            heads = named + syn.location_objects(noun if noun is not None else verb)
        elif slot == "dative":
            heads = [d for d in syn.children(verb, syn.DATIVE) if d.pos_ != "ADP"]
        else:
            heads = syn.prep_objects(verb, {slot})
            if noun is not None:
                heads = syn.prep_objects(noun, {slot}) + heads
            heads += [p for o in syn.children(verb, ("dobj",)) for p in syn.prep_objects(o, {slot})]
        found = _resolve_all(heads, resolve)
        if not found and slot == "obj":
            # "endorsed an agreement *with the EU*": the partner of an object that is not an actor
            found = _resolve_all([p for h in heads for p in syn.prep_objects(h, {"with"})], resolve)
        if found:
            return found
    return ()


_CALENDAR = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def _names_unknown_target(tok: Token) -> bool:
    """Does the predicate's object or prepositional object carry a name no dictionary knows ("urged *Bree*")?"""
    phrase = [c for c in tok.children if c.dep_ not in syn.SUBJ and c.dep_ not in syn.PASSIVE_SUBJ]
    return any(
        t.pos_ == "PROPN"
        and t.dep_ in ("dobj", "obj", "pobj", "dative", "compound")
        and t.ent_type_ not in ("DATE", "TIME")
        and t.lower_ not in _CALENDAR
        for c in phrase
        if c.dep_ not in ("ccomp", "advcl", "parataxis")
        for t in c.subtree
    )


def _place_target(
    tok: Token, resolve: Resolver, sources: tuple[ActorMention, ...]
) -> tuple[ActorMention, ...]:
    """The first place in the action's phrase that resolves to a country other than the source's own actor."""
    own = {m.actor.code for m in sources}
    for place in syn.location_objects(tok):
        mention = resolve(place)
        if mention is not None and mention.actor.country and mention.actor.code not in own:
            return (mention,)
    return ()


_NOT_AGENTS = frozenset(
    [
        "crash",
        "crashes",
        "accident",
        "accidents",
        "earthquake",
        "earthquakes",
        "quake",
        "quakes",
        "flood",
        "floods",
        "flooding",
        "storm",
        "storms",
        "hurricane",
        "typhoon",
        "cyclone",
        "landslide",
        "landslides",
        "mudslide",
        "tsunami",
        "avalanche",
        "wildfire",
        "wildfires",
        "drought",
        "disease",
        "virus",
        "outbreak",
        "epidemic",
        "pandemic",
        "heatwave",
        "collapse",
        "derailment",
    ]
)


def _resolve_all(heads: list[Token], resolve: Resolver) -> tuple[ActorMention, ...]:
    out: list[ActorMention] = []
    seen: set[str] = set()
    for head in heads:
        if head.lower_ in _NOT_AGENTS:
            continue  # "victims killed by the Malaysia Airlines crash": an accident is nobody's act
        for tok in _conjoined(head):
            mention = resolve(tok)
            reflexive = syn.reflexive_subject(tok)
            if reflexive is not None:
                mention = resolve(reflexive)
            if mention is None and tok.pos_ == "PRON":
                speaker = syn.speaker_of(tok)
                mention = resolve(speaker) if speaker is not None else None
            if mention is not None and mention.actor.code not in seen:
                seen.add(mention.actor.code)
                out.append(mention)
    return tuple(out)


def _conjoined(head: Token) -> list[Token]:
    """``head`` and the actors coordinated with it ("X, Y and Z"; appositions; misparsed names)."""
    out: list[Token] = []
    queue = [head]
    while queue and len(out) < 12:
        tok = queue.pop(0)
        if any(t.i == tok.i for t in out):
            continue
        out.append(tok)
        queue.extend(tok.conjuncts)
        queue.extend(c for c in tok.children if c.dep_ == "appos")
        # "US and British activists": actors coordinated inside the modifiers
        for mod in tok.children:
            if mod.dep_ in ("compound", "amod", "nmod") and mod.conjuncts:
                queue.extend([mod, *mod.conjuncts])
        if tok.pos_ == "ADP" or tok.dep_ == "compound":
            queue.extend(c for c in tok.children if c.dep_ == "pobj")
    return out
