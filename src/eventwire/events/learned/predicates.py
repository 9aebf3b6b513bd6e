"""Features of a candidate predicate (a verb or noun of a parsed sentence) for the learned trigger model.

The trigger model reads a token in its parse — its word and stem, part of speech, dependency relation,
head, the kinds of children it has (subject, object, prepositions, auxiliaries, negation) and its
neighbours — and gives the probability of each joint class (``none`` included) that the token carries.
Training (``scripts/training/train.py``) and run time use these same functions.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from spacy.tokens import Token

from eventwire.events.learned.features import hash_feature, stem

_KEEP_CHILD_WORDS = frozenset({"prep", "agent", "aux", "auxpass", "neg", "prt", "mark", "dative"})
_OBJECT_DEPS = ("dobj", "pobj", "nsubjpass")


def is_candidate(tok: Token) -> bool:
    """Verbs and nouns can carry an event (adjectives, names and function words cannot)."""
    return tok.is_alpha and (tok.pos_ in {"VERB", "NOUN"}) and tok.dep_ not in ("compound",)


def _clause_path(tok: Token) -> str:
    """The dependency labels from the token up to the root, compressed ("ROOT", "ccomp>ROOT", …)."""
    labels: list[str] = []
    node = tok
    for _ in range(4):
        labels.append(node.dep_)
        if node.head.i == node.i:
            break
        node = node.head
    return ">".join(labels)


def predicate_feature_ids(tok: Token, bits: int) -> npt.NDArray[np.int64]:
    """Sorted unique hashed feature ids of a candidate token in its sentence."""
    mask = (1 << bits) - 1
    word = tok.lower_
    st = stem(word)
    head = tok.head
    hs = stem(head.lower_)
    feats = {
        "B",
        "w:" + word,
        "s:" + st,
        "p:" + tok.pos_,
        "t:" + tok.tag_,
        "d:" + tok.dep_,
        "sd:" + st + "|" + tok.dep_,
        "sp:" + st + "|" + tok.pos_,
        "h:" + hs,
        "hd:" + head.dep_,
        "dh:" + tok.dep_ + "|" + hs,
        "cp:" + _clause_path(tok),
    }
    for child in tok.children:
        feats.add("c:" + child.dep_)
        if child.dep_ in _KEEP_CHILD_WORDS:
            feats.add("cw:" + child.dep_ + "|" + child.lower_)
            feats.add("scw:" + st + "|" + child.dep_ + "|" + child.lower_)
        if child.dep_ in ("dobj", "obj", "nsubj", "nsubjpass", "pobj"):
            feats.add("co:" + child.dep_ + "|" + stem(child.lower_))
            if child.ent_type_:
                feats.add("ce:" + child.dep_ + "|" + child.ent_type_)
    doc = tok.doc
    if tok.i > 0:
        feats.add("l:" + stem(doc[tok.i - 1].lower_))
        feats.add("ls:" + stem(doc[tok.i - 1].lower_) + "|" + st)
    if tok.i + 1 < len(doc):
        feats.add("r:" + stem(doc[tok.i + 1].lower_))
        feats.add("rs:" + st + "|" + stem(doc[tok.i + 1].lower_))
    ids = {hash_feature("T" + f, mask) for f in feats}
    return np.fromiter(ids, dtype=np.int64, count=len(ids))


def vector_words(tok: Token) -> tuple[tuple[str, str], str | None, str | None]:
    """The words whose word vectors the trigger model also reads: the token (its form, then its lemma, as
    fallbacks), its head (none for a root) and its first object. Vectors let a predicate never seen in
    training ("pummelled") count through the words it resembles ("shelled")."""
    objects = [c for c in tok.children if c.dep_ in _OBJECT_DEPS]
    return (
        (tok.lower_, tok.lemma_.lower()),
        tok.head.lower_ if tok.head.i != tok.i else None,
        objects[0].lower_ if objects else None,
    )
