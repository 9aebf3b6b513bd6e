"""Subject pronouns resolved to the previous sentence's subject (rule-based, same article).

"Putin met Abe on Saturday. He said ..." -> "He" is Putin. Conservative on purpose: only a pronoun
that is the subject of its clause, only the subject of the previous sentence's main verb as the
antecedent, and only when number agrees and there is a single candidate:

* ``he`` / ``she``: the previous subject is a named person, and no other person is named in that
  sentence (we keep no gender table, so two people make the pronoun ambiguous);
* ``they``: the previous subject is a plural noun ("Syrian rebels") or a single organisation or group,
  and it is the only plural or group actor of that sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from eventwire.nlp import Sentence
from eventwire.records import ActorMention, Span

SINGULAR = frozenset({"he", "she"})
PLURAL = frozenset({"they"})
PRONOUNS = SINGULAR | PLURAL
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_GROUP_KINDS = ("organisation", "group")


def mentions_pronoun(text: str) -> bool:
    """Cheap test before parsing: does a sentence contain a subject pronoun we may resolve?"""
    return any(word.strip(".,;:!?\"'()").lower() in PRONOUNS for word in text.split())


def resolve_pronouns(sentences: Sequence[Sentence], mentions: Sequence[ActorMention]) -> list[ActorMention]:
    """New mentions for subject pronouns whose antecedent is the previous sentence's subject."""
    by_sentence: dict[int, list[ActorMention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    added: list[ActorMention] = []
    for sentence in sentences[1:]:
        previous = sentences[sentence.index - 1]
        if sentence.doc is None or previous.doc is None:
            continue
        antecedent = _previous_subject(previous, by_sentence.get(previous.index, []))
        if antecedent is None:
            continue
        for pronoun in _subject_pronouns(sentence.doc):
            mention, plural = antecedent
            if (pronoun.lower_ in PLURAL) != plural:
                continue
            start = sentence.start + pronoun.idx
            span = Span(start, start + len(pronoun.text), pronoun.text)
            why = f"coref:pronoun->{mention.span.text}"
            added.append(
                ActorMention(sentence.index, span, mention.actor, mention.entry, why, mention.date_used)
            )
    return added


def _subject_pronouns(doc: Doc) -> list[Token]:
    """Pronouns that are the subject of a main or reporting clause, not of a clause reported inside it."""
    out = []
    for tok in doc:
        if tok.lower_ in PRONOUNS and tok.dep_ in _SUBJECT_DEPS and tok.head.dep_ in ("ROOT", "conj"):
            out.append(tok)
    return out


def _previous_subject(sentence: Sentence, mentions: list[ActorMention]) -> tuple[ActorMention, bool] | None:
    """The mention that is the subject of the sentence's main verb, and whether it is plural."""
    assert sentence.doc is not None
    roots = [t for t in sentence.doc if t.dep_ == "ROOT"]
    if len(roots) != 1 or not mentions:
        return None
    subjects = [c for c in roots[0].children if c.dep_ in _SUBJECT_DEPS]
    if len(subjects) != 1 or subjects[0].conjuncts:
        return None
    head = subjects[0]
    found = _mention_at(sentence, head, mentions)
    if found is None:
        return None
    if found.actor.kind == "person" and found.actor.name:
        people = {m.actor.name for m in mentions if m.actor.kind == "person"}
        return (found, False) if len(people) == 1 else None
    plural = head.tag_ in ("NNS", "NNPS") or found.actor.kind in _GROUP_KINDS
    if not plural:
        return None
    groups = {
        m.actor.code
        for m in mentions
        if m.actor.kind in _GROUP_KINDS or _tag_at(sentence, m) in ("NNS", "NNPS")
    }
    return (found, True) if len(groups) == 1 else None


def _mention_at(sentence: Sentence, tok: Token, mentions: list[ActorMention]) -> ActorMention | None:
    at = sentence.start + tok.idx
    for mention in mentions:
        if mention.span.start <= at < mention.span.end:
            return mention
    return None


def _tag_at(sentence: Sentence, mention: ActorMention) -> str:
    """The tag of the last token of a mention (its head noun in English noun phrases)."""
    assert sentence.doc is not None
    end = mention.span.end - sentence.start
    tags = [t.tag_ for t in sentence.doc if t.idx < end <= t.idx + len(t.text)]
    return tags[0] if tags else ""
