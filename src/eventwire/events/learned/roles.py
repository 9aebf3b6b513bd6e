"""Features of an (event predicate, actor mention) pair for the learned role model.

The role model reads where an actor stands relative to the predicate in the parse — the dependency path
between them (labels, directions, prepositions), which side of the predicate it is on, how far, the
predicate's stem and voice — and, since ``event-types-5``, what kind of event the predicate carries (its
CAMEO root: the target of an appeal stands elsewhere than the target of an attack), what kind of actor the
mention is (a state, a sector of one, a sector alone, an international body) and whether other actors stand
nearer the predicate. It gives the probability that the actor is the event's source, its target, or
neither. The patterns know their target slots ("met *with* X"); the model finds the target where a
slot list runs out ("foiled a coup plot *by backers of* X", "troops moved *into* Fallujah").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from spacy.tokens import Token

from eventwire.events.learned.features import hash_feature, stem
from eventwire.records import ActorMention

ROLES: tuple[str, ...] = ("none", "source", "target")


@dataclass(frozen=True, slots=True)
class RolePair:
    """An event predicate and one actor mention of its sentence, with what the role model reads around them."""

    predicate: Token
    actor: Token  # the mention's head token
    root: str  # the event's CAMEO root ("19")
    kind: str  # :func:`mention_kind`
    others: tuple[int, ...]  # token indexes of the heads of the sentence's other actor mentions


def mentions_outside(
    groups: Sequence[tuple[ActorMention, list[Token]]], trigger: Sequence[Token]
) -> list[tuple[ActorMention, Token]]:
    """The sentence's actor mentions that lie outside the predicate's trigger, each with its head token: the
    candidates of the role model, and (their heads) the ``others`` of every :class:`RolePair` of the predicate.
    Training and run time both take them from here, so the features agree."""
    busy = {t.i for t in trigger}
    return [(m, mention_head(tokens)) for m, tokens in groups if not any(t.i in busy for t in tokens)]


def mention_kind(mention: ActorMention) -> str:
    """A coarse kind of actor: ``intl``, ``state`` (a country or its government), ``member`` (a sector of a
    country: its police, its farmers), ``sector`` (a sector alone)."""
    actor = mention.actor
    if actor.transnational:
        return "intl"
    if not actor.country:
        return "sector"
    return "state" if actor.code[3:] in ("", "GOV") else "member"


def _ancestors(tok: Token) -> list[Token]:
    out = [tok]
    node = tok
    for _ in range(12):
        if node.head.i == node.i:
            break
        node = node.head
        out.append(node)
    return out


def dependency_path(predicate: Token, actor: Token) -> tuple[list[str], list[str]]:
    """Labels going up from the predicate to the common ancestor, and down from it to the actor
    (prepositions written into their labels: ``prep:against``)."""
    up, down = _ancestors(predicate), _ancestors(actor)
    down_index = {t.i: n for n, t in enumerate(down)}
    common = next((n for n, t in enumerate(up) if t.i in down_index), None)
    if common is None:
        return ["?"], ["?"]

    def label(t: Token) -> str:
        return f"prep:{t.lower_}" if t.dep_ in ("prep", "agent") else t.dep_

    climb = [label(t) for t in up[:common]]
    descend = [label(t) for t in reversed(down[: down_index[up[common].i]])]
    return climb, descend


def role_feature_ids(pair: RolePair, bits: int) -> npt.NDArray[np.int64]:
    mask = (1 << bits) - 1
    predicate, actor, root = pair.predicate, pair.actor, pair.root
    climb, descend = dependency_path(predicate, actor)
    st = stem(predicate.lower_)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in predicate.children)
    side = "L" if actor.i < predicate.i else "R"
    distance = min(abs(actor.i - predicate.i), 12) // 3
    path = ">".join(climb) + "|" + ">".join(descend)
    feats = {
        "B",
        "path:" + path,
        "up:" + ">".join(climb),
        "down:" + ">".join(descend),
        "first:" + (descend[0] if descend else "-"),
        "last:" + (descend[-1] if descend else "-"),
        "side:" + side,
        "dist:" + str(distance),
        "pos:" + predicate.pos_,
        "voice:" + ("passive" if passive else "active"),
        "vp:" + ("passive" if passive else "active") + "|" + path,
        "sp:" + st + "|" + path,
        "ss:" + st + "|" + side,
        "adep:" + actor.dep_,
        "adep_side:" + actor.dep_ + "|" + side,
    }
    # how many actors stand between the actor and the predicate, and its rank by nearness on its side
    low, high = sorted((actor.i, predicate.i))
    between = min(2, sum(1 for i in pair.others if low < i < high))
    left = actor.i < predicate.i
    nearer = min(
        2,
        sum(
            1
            for i in pair.others
            if i != actor.i
            and (i < predicate.i) == left
            and abs(i - predicate.i) < abs(actor.i - predicate.i)
        ),
    )
    feats |= {
        "root:" + root,
        "rp:" + root + "|" + path,
        "rs:" + root + "|" + side,
        "ra:" + root + "|" + actor.dep_,
        "rk:" + root + "|" + pair.kind,
        "k:" + pair.kind,
        "btw:" + str(between),
        "rank:" + str(nearer) + "|" + side,
        "rrank:" + root + "|" + str(nearer) + "|" + side,
        "aw:" + stem(actor.lower_),
        "ahead:" + stem(actor.head.lower_) + "|" + actor.dep_,
    }
    for label in descend:
        if label.startswith("prep:"):
            feats.add("via:" + label)
            feats.add("svia:" + st + "|" + label)
            feats.add("rvia:" + root + "|" + label)
    ids = {hash_feature("R" + f, mask) for f in feats}
    return np.fromiter(sorted(ids), dtype=np.int64, count=len(ids))


def mention_head(tokens: list[Token]) -> Token:
    """The syntactic head of a mention's tokens (the one whose head lies outside them)."""
    inside = {t.i for t in tokens}
    for tok in tokens:
        if tok.head.i not in inside or tok.head.i == tok.i:
            return tok
    return tokens[-1]
