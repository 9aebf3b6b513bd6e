"""Features of an (event predicate, actor mention) pair for the learned role model.

The role model reads where an actor stands relative to the predicate in the parse — the dependency path
between them (labels, directions, prepositions), which side of the predicate it is on, how far, the
predicate's stem and voice — and gives the probability that the actor is the event's source, its target,
or neither. The patterns know their target slots ("met *with* X"); the model finds the target where a
slot list runs out ("foiled a coup plot *by backers of* X", "troops moved *into* Fallujah").
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from spacy.tokens import Token

from eventwire.events.learned.features import hash_feature, stem

ROLES: tuple[str, ...] = ("none", "source", "target")


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


def role_feature_ids(predicate: Token, actor: Token, bits: int) -> npt.NDArray[np.int64]:
    mask = (1 << bits) - 1
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
    for label in descend:
        if label.startswith("prep:"):
            feats.add("via:" + label)
            feats.add("svia:" + st + "|" + label)
    ids = {hash_feature("R" + f, mask) for f in feats}
    return np.fromiter(sorted(ids), dtype=np.int64, count=len(ids))


def mention_head(tokens: list[Token]) -> Token:
    """The syntactic head of a mention's tokens (the one whose head lies outside them)."""
    inside = {t.i for t in tokens}
    for tok in tokens:
        if tok.head.i not in inside or tok.head.i == tok.i:
            return tok
    return tokens[-1]
