"""Dependency-parse helpers: who is the subject, where are objects, what governs a verb.

Works on spaCy tokens with the ClearNLP labels of the English models (nsubj, nsubjpass, dobj,
dative, prep/pobj, agent, xcomp, ccomp, conj, neg, aux, prt…); no lemmatizer is needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

SUBJ = ("nsubj", "csubj", "expl")
PASSIVE_SUBJ = ("nsubjpass", "csubjpass")
OBJ = ("dobj", "obj", "attr", "oprd")
DATIVE = ("dative", "iobj")
FUTURE_AUX = {"will", "would", "shall", "'ll", "wo"}
MAYBE_AUX = {"may", "might", "could", "should", "can", "must"}
NEGATORS = {"not", "n't", "never", "no", "seldom", "rarely", "hardly"}
_DATE_DEPS = {"npadvmod", "tmod", "prep", "advmod", "obl", "nmod", "pobj"}
_CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "conj", "acl", "csubj", "parataxis"}
_MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "appos", "npadvmod", "nummod"}
_REL_PRONOUNS = {"who", "which", "that", "whom"}
# Common nouns for people: a subject like "the man" or "officials" is somebody, even when no actor resolves.
PERSON_NOUNS = frozenset(
    [
        "man",
        "men",
        "woman",
        "women",
        "person",
        "people",
        "official",
        "officials",
        "leader",
        "leaders",
        "member",
        "members",
        "resident",
        "residents",
        "student",
        "students",
        "worker",
        "workers",
        "soldier",
        "soldiers",
        "fighter",
        "fighters",
        "militant",
        "militants",
        "gunman",
        "gunmen",
        "attacker",
        "attackers",
        "assailant",
        "assailants",
        "protester",
        "protesters",
        "demonstrator",
        "demonstrators",
        "police",
        "policeman",
        "policemen",
        "officer",
        "officers",
        "troops",
        "forces",
        "group",
        "groups",
        "government",
        "authorities",
        "lawyer",
        "spokesman",
        "spokeswoman",
        "minister",
        "ministers",
        "president",
    ]
)


@dataclass(frozen=True, slots=True)
class Arguments:
    """Heads of a predicate's source and passive-subject slots."""

    sources: tuple[Token, ...]
    passive_targets: tuple[Token, ...]
    passive: bool
    inherited: bool


def children(tok: Token, deps: tuple[str, ...] | set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def has_child_word(tok: Token, word: str) -> bool:
    return any(c.lower_ == word for c in tok.children)


_NOBODY = frozenset({"nobody", "nothing", "none", "no-one", "noone"})


def is_negated(tok: Token) -> bool:
    """ "did *not* attack", "*never* met", and a core argument that is nobody: "*no* passengers were killed",
    "*no one* was arrested", "killed *nobody*"."""
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in NEGATORS):
            return True
        if c.dep_ in ("nsubj", "nsubjpass", "dobj") and (
            c.lower_ in _NOBODY or any(d.dep_ in ("det", "neg") and d.lower_ == "no" for d in c.children)
        ):
            return True
    return False


def arguments(verb: Token, depth: int = 0) -> Arguments:
    """Source heads (active subject, or passive agent) and passive subjects of ``verb``."""
    subj = children(verb, SUBJ)
    pas = children(verb, PASSIVE_SUBJ)
    agents = [p for a in children(verb, ("agent",)) for p in children(a, ("pobj",))]
    if subj:
        resolved = [_relative_head(s) for s in subj]
        return Arguments(tuple(resolved), (), False, False)
    if pas:
        if not agents:
            # "X were arrested and later released by Y": coordinated passives share their agent
            agents = [
                p
                for c in children(verb, ("conj",))
                if children(c, ("auxpass",)) or c.tag_ == "VBN"
                for a in children(c, ("agent",))
                for p in children(a, ("pobj",))
            ]
        return Arguments(tuple(agents), tuple(pas), True, False)
    if agents:
        # "X were arrested and *released by* Y": a passive conjunct shares its head's subject
        shared = conjunct_subjects(verb) if verb.dep_ == "conj" else []
        return Arguments(tuple(agents), tuple(shared), True, False)
    if depth > 4:
        return Arguments((), (), False, True)
    head = verb.head
    if verb.dep_ == "xcomp" and head.i != verb.i:
        objects = children(head, ("dobj", "obj"))
        if objects:
            return Arguments(tuple(objects), (), False, True)
        governing = arguments(head, depth + 1)
        if governing.passive and not governing.sources and governing.passive_targets:
            # "X is expected / scheduled / set to visit Y": the raised subject acts
            return Arguments(governing.passive_targets, (), False, True)
        return _inherit(governing)
    if verb.dep_ in ("conj", "advcl") and head.i != verb.i and head.pos_ in ("VERB", "AUX"):
        return _inherit(arguments(head, depth + 1))
    if verb.dep_ in ("acomp", "attr") and head.i != verb.i:
        return _inherit(arguments(head, depth + 1))  # "X is *about* to restore", "X is *ready* to talk"
    if verb.dep_ == "relcl":
        return Arguments((head,), (), False, True)
    if verb.dep_ == "acl" and head.i != verb.i:
        if head.dep_ == "ROOT" and children(verb, ("dobj", "obj")) and not agents:
            # "The Iraqi air force carried out strikes": a sentence misparsed without a main verb
            return Arguments((head,), (), False, False)
        if verb.tag_ == "VBN":
            return Arguments(tuple(agents), (head,), True, True)
        owner = children(head, ("poss",)) or prep_objects(head, {"by"})
        if owner:
            return Arguments(tuple(owner), (), False, True)  # "Trump's decision to recognize X"
        if head.dep_ in ("dobj", "obj") and head.head.pos_ in ("VERB", "AUX"):
            # "issued a statement urging X", "accepted an invitation to meet X": the governing subject
            return _inherit(arguments(head.head, depth + 1))
        return Arguments((head,), (), False, True)
    return Arguments((), (), False, False)


def conjunct_subjects(verb: Token) -> list[Token]:
    """The subject (active or passive) of the verb a conjoined verb hangs from."""
    head = verb.head
    if head.i == verb.i or head.pos_ not in ("VERB", "AUX"):
        return []
    return children(head, PASSIVE_SUBJ) or children(head, SUBJ)


def passive_victims(noun: Token) -> list[Token]:
    """Passive subjects of the verb a nominal event hangs from: "*soldiers* were killed in an attack"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("in", "during", "by"):
        return []
    verb = prep.head
    if verb.pos_ not in ("VERB", "AUX") or not children(verb, ("auxpass",)):
        return []
    return children(verb, PASSIVE_SUBJ)


def _inherit(args: Arguments) -> Arguments:
    return Arguments(args.sources, args.passive_targets, args.passive, True)


def _relative_head(subj: Token) -> Token:
    """``who`` in a relative clause stands for the noun the clause modifies."""
    if subj.lower_ in _REL_PRONOUNS and subj.head.dep_ == "relcl":
        return subj.head.head
    return subj


def prep_objects(tok: Token, preps: set[str]) -> list[Token]:
    """Objects of prepositions in ``preps`` attached to ``tok`` ("met *with* X")."""
    out: list[Token] = []
    for prep in children(tok, ("prep", "agent", "dative")):
        word = prep.lower_
        if word in preps or any(f"{word} {c.lower_}" in preps for c in prep.children):
            out.extend(children(prep, ("pobj",)))
            out.extend(p for c in children(prep, ("prep",)) for p in children(c, ("pobj",)))
    return out


def modifier_tokens(head: Token) -> list[Token]:
    """Tokens that can carry an actor for a noun head: its modifiers and ``of``/``from`` objects."""
    out: list[Token] = []
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in _MODIFIER_DEPS:
                out.append(child)
                stack.append(child)
            elif child.dep_ == "prep" and child.lower_ in ("of", "from"):
                for pobj in children(child, ("pobj",)):
                    out.append(pobj)
                    stack.append(pobj)
    return out


def speaker_of(tok: Token) -> Token | None:
    """For a pronoun subject inside reported speech, the subject of the verb that reports it."""
    node = tok.head
    for _ in range(5):
        if node.dep_ in ("ccomp", "xcomp", "conj", "advcl") and node.head.i != node.i:
            node = node.head
            subj = children(node, SUBJ)
            if subj and subj[0].pos_ != "PRON":
                return subj[0]
        else:
            return None
    return None


def date_text(verb: Token) -> str:
    """Text of the time modifiers of ``verb`` (not of its embedded clauses)."""
    parts: list[Token] = []
    for child in verb.children:
        if child.dep_ in _DATE_DEPS:
            parts.extend(t for t in child.subtree if not _inside_clause(t, child))
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


def _inside_clause(tok: Token, top: Token) -> bool:
    node = tok
    while node.i != top.i:
        if node.dep_ in _CLAUSE_DEPS:
            return True
        node = node.head
    return False


def governing_chain(verb: Token) -> list[Token]:
    """The verbs that govern ``verb`` through xcomp links, nearest first ("agreed to *meet*")."""
    chain: list[Token] = []
    node = verb
    while _controlled(node) and node.head.i != node.i and len(chain) < 4:
        node = node.head
        chain.append(node)
    return chain


def _controlled(verb: Token) -> bool:
    """xcomp, a gerund object ("rejected *holding* talks"), or an infinitive ccomp ("wants Putin *to attack*")."""
    if verb.dep_ == "xcomp":
        return True
    if verb.dep_ in ("advcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return True  # "is pressured by X *to help*", "faces pressure from X *to help*"
    if verb.dep_ in ("dobj", "pcomp") and verb.tag_ == "VBG":
        return True
    return verb.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def clause_head(tok: Token) -> Token:
    """The verb whose clause ``tok`` belongs to (itself for verbs)."""
    node = tok
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


_LOCATION_PREPS = {"in", "at", "near", "inside", "outside", "across", "off", "over", "along"}
_CLAUSE_STOP = {"ccomp", "parataxis", "advcl", "relcl", "nsubj", "nsubjpass", "csubj"}
REFLEXIVES = {"himself", "herself", "itself", "themselves", "ourselves", "myself", "yourself", "yourselves"}


def location_objects(tok: Token) -> list[Token]:
    """Places an action happens at, nearest first: "exercises *in Alaska*", "a mall *in Kenya's capital*".

    Walks ``tok``'s own phrase (objects, prepositions, participle modifiers like "an attack *targeting*
    shoppers at a mall"), not its subject or reported and adverbial clauses."""
    out: list[Token] = []
    queue = [tok]
    seen = {tok.i}
    while queue and len(seen) < 40:
        node = queue.pop(0)
        for child in node.children:
            if child.i in seen or child.dep_ in _CLAUSE_STOP:
                continue
            seen.add(child.i)
            if child.dep_ == "prep" and child.lower_ in _LOCATION_PREPS:
                out.extend(children(child, ("pobj",)))
            queue.append(child)
    return out


def misparsed_nominal_agent(verb: Token) -> list[Token]:
    """ "killed in Israeli tank shelling": the parser reads "tank" as the object of "in" and "shelling"
    as a subjectless gerund; the noun just before the gerund (with its modifiers) is the attacker."""
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "acl") or verb.i == 0 or children(verb, SUBJ):
        return []
    prev = verb.doc[verb.i - 1]
    prep = prev.head
    if prev.dep_ != "pobj" or prep.lower_ not in ("in", "by", "during") or prep.head.i != verb.head.i:
        return []
    return [prev]


def reflexive_subject(tok: Token) -> Token | None:
    """ "Iraq attacked *themselves*": a reflexive pronoun stands for the subject of its clause."""
    if tok.lower_ not in REFLEXIVES:
        return None
    node = tok.head
    for _ in range(4):
        subj = children(node, SUBJ)
        if subj:
            return subj[0]
        if node.head.i == node.i:
            return None
        node = node.head
    return None


_MAIN_DEPS = frozenset({"ROOT", "conj", "xcomp", "ccomp"})
_EMBEDDED_DEPS = frozenset({"prep", "pobj", "dobj", "obj", "dative", "attr", "agent", "pcomp"})


def in_main_clause(verb: Token) -> bool:
    """Is ``verb`` the root of the sentence or joined to it only by conj / xcomp / ccomp links?"""
    node = verb
    for _ in range(8):
        if node.dep_ == "ROOT" or node.head.i == node.i:
            return True
        if node.dep_ not in _MAIN_DEPS:
            return False
        node = node.head
    return False


def leading_nouns(verb: Token) -> list[Token]:
    """Nouns before ``verb`` that are not inside a prepositional phrase or an object: the candidates for
    a subject the parser failed to attach ("The Palestinian government, thus, *rejects* …" parsed with
    "rejects" as a noun). Nearest to the start first."""
    out: list[Token] = []
    for tok in verb.doc[: verb.i]:
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        node, embedded = tok, False
        for _ in range(8):
            if node.dep_ in _EMBEDDED_DEPS or node.dep_ in ("relcl", "acl", "advcl"):
                embedded = True
                break
            if node.head.i == node.i or node.head.pos_ in ("VERB", "AUX") or node.head.i == verb.i:
                break
            node = node.head
        if not embedded:
            out.append(tok)
    return out
