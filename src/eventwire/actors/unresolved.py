"""Actor-like names the actor layer could not resolve: what a user should add to their actor file.

An actor-like name is a PERSON, ORG or NORP entity (spaCy's NER) whose noun phrase is a subject or an
object (``nsubj``, ``nsubjpass``, ``dobj``, ``iobj``, ``dative``, or the object of a passive "by"). It is
unresolved when no actor mention of the analysed text overlaps it.
``benchmarks/actors_coverage.py`` uses the same definition for its coverage figures.

Two ways to look for them:
- :func:`unresolved_names` (``eventwire actors --unresolved FILE``) runs the whole pipeline, NER
  included, on every sentence of the given texts: the full picture, at the cost of a second parse;
- :func:`unresolved_mentions` (what ``eventwire run`` records in the store, setting ``unresolved_names``)
  reads only the sentences the actor stage parsed *and* ran NER on — no extra model work. The actor
  stage parses a sentence that names a known actor and may hold an event, and runs NER on it only when
  an entity could change how its actors resolve (:func:`eventwire.actors._entities.needs_entities`),
  so this sees the unknown names that stand beside known actors ("Russia's envoy Ivan Petrov met…"),
  not names in sentences without any known actor. With ``unresolved_names = "parsed"`` NER runs on
  every parsed sentence, which finds more at a cost (docs/store.md has both figures).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from eventwire.actors._entities import NER_FLAG
from eventwire.nlp import AnalyzedText, Sentence
from eventwire.records import ActorMention, UnresolvedMention
from eventwire.records import Span as TextSpan

LABELS = frozenset({"PERSON", "ORG", "NORP"})
# The ``unresolved_names`` setting: what ``eventwire run`` records (see the module docstring).
UNRESOLVED_MODES = ("off", "ner", "parsed")
ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "dative"})
CLIMB = frozenset({"compound", "flat", "appos", "poss", "amod", "nmod", "case"})


@dataclass(frozen=True, slots=True)
class UnresolvedName:
    """One name left unresolved: how often, as which entity label, and sentences that show it."""

    name: str
    label: str
    count: int
    examples: tuple[str, ...]


def in_actor_position(entity: Span) -> bool:
    """Whether the entity's noun phrase is a subject or object of its clause."""
    token = entity.root
    for _ in range(6):
        if token.dep_ in ROLES or (token.dep_ == "pobj" and token.head.dep_ == "agent"):
            return True
        if token.dep_ not in CLIMB or token.head is token:
            return False
        token = token.head
    return False


def actor_like(doc: Doc) -> Iterator[Span]:
    """The doc's PERSON/ORG/NORP entities in subject or object position."""
    for entity in doc.ents:
        if entity.label_ in LABELS and in_actor_position(entity):
            yield entity


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def unresolved_mentions(
    sentences: Iterable[Sentence], mentions: Iterable[ActorMention]
) -> tuple[UnresolvedMention, ...]:
    """The unresolved actor-like names of the sentences that were parsed and given NER, in text order."""
    spans = [(m.span.start, m.span.end) for m in mentions]
    found: list[UnresolvedMention] = []
    for sentence in sentences:
        doc = sentence.doc
        if doc is None or not doc.user_data.get(NER_FLAG, False):
            continue
        for entity in actor_like(doc):
            start, end = sentence.start + entity.start_char, sentence.start + entity.end_char
            if not _overlaps(spans, start, end):
                span = TextSpan(start, end, entity.text)
                found.append(UnresolvedMention(sentence.index, sentence.text, span, entity.label_))
    return tuple(found)


def unresolved_names(
    nlp: Language, results: Iterable[AnalyzedText], examples: int = 2
) -> tuple[list[UnresolvedName], int]:
    """The unresolved actor-like names of ``results``, most frequent first, and the number of
    actor-like names seen in all (resolved or not)."""
    counts: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], list[str]] = {}
    total = 0
    for result in results:
        spans = [(m.span.start, m.span.end) for m in result.mentions]
        texts = [s.text for s in result.sentences]
        for sentence, doc in zip(result.sentences, nlp.pipe(texts, batch_size=64), strict=True):
            for entity in actor_like(doc):
                total += 1
                start, end = sentence.start + entity.start_char, sentence.start + entity.end_char
                if _overlaps(spans, start, end):
                    continue
                key = (" ".join(entity.text.split()), entity.label_)
                counts[key] += 1
                seen = shown.setdefault(key, [])
                if len(seen) < examples and sentence.text not in seen:
                    seen.append(sentence.text)
    ranked = [
        UnresolvedName(name, label, n, tuple(shown[(name, label)]))
        for (name, label), n in counts.most_common()
    ]
    return ranked, total
