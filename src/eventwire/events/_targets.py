"""Arguments of a coded predicate: targets by pattern slot, nominal sources, places, and actor resolution
over coordinated heads."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from eventwire.events import _syntax as syn
from eventwire.events.dates import date_name
from eventwire.events.patterns import Pattern
from eventwire.records import ActorMention

Resolver = Callable[[Token], ActorMention | None]


def nominal_sources(noun: Token) -> list[Token]:
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


def targets(
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
                # "sanctions on X", and "a travel ban *imposed on* X" (a participle after the noun)
                participles = [a for a in syn.children(noun, ("acl",)) if a.tag_ == "VBN"]
                heads = [
                    *syn.prep_objects(noun, {slot}),
                    *heads,
                    *(o for a in participles for o in syn.prep_objects(a, {slot})),
                ]
            heads += [p for o in syn.children(verb, ("dobj",)) for p in syn.prep_objects(o, {slot})]
        found = resolve_all(heads, resolve)
        if not found and slot == "obj":
            # "endorsed an agreement *with the EU*": the partner of an object that is not an actor
            # "released the leaders *of / from* the opposition party": whose people they are
            found = resolve_all(
                [p for h in heads for p in syn.prep_objects(h, {"with", "of", "from"})], resolve
            )
        if found:
            return found
    return ()


def names_unknown_target(tok: Token) -> bool:
    """Does the predicate's object or prepositional object carry a name no dictionary knows ("urged *Bree*")?"""
    phrase = [c for c in tok.children if c.dep_ not in syn.SUBJ and c.dep_ not in syn.PASSIVE_SUBJ]
    return any(
        t.pos_ == "PROPN" and t.dep_ in ("dobj", "obj", "pobj", "dative", "compound") and not date_name(t)
        for c in phrase
        if c.dep_ not in ("ccomp", "advcl", "parataxis")
        for t in c.subtree
    )


def place_target(
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


def resolve_all(heads: list[Token], resolve: Resolver) -> tuple[ActorMention, ...]:
    out: list[ActorMention] = []
    seen: set[str] = set()
    for head in heads:
        if head.lower_ in _NOT_AGENTS:
            continue  # "victims killed by the Malaysia Airlines crash": an accident is nobody's act
        for tok in conjoined(head):
            for mention in _mentions_of(tok, resolve):
                if mention.actor.code not in seen:
                    seen.add(mention.actor.code)
                    out.append(mention)
    return tuple(out)


_PLURAL_PRONOUNS = frozenset({"they", "we", "them", "us"})


def _mentions_of(tok: Token, resolve: Resolver) -> list[ActorMention]:
    """The actor(s) ``tok`` names: itself, a reflexive's subject, or a pronoun's speaker
    ("Obama and Putin said *they* will …": both speakers for a plural pronoun)."""
    reflexive = syn.reflexive_subject(tok)
    mention = resolve(reflexive if reflexive is not None else tok)
    if mention is not None:
        return [mention]
    if tok.pos_ != "PRON":
        return []
    speaker = syn.speaker_of(tok)
    if speaker is None:
        return []
    speakers = conjoined(speaker) if tok.lower_ in _PLURAL_PRONOUNS else [speaker]
    return [m for m in map(resolve, speakers) if m is not None]


def conjoined(head: Token) -> list[Token]:
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
