"""Dictionary matching: a spaCy ``PhraseMatcher`` over every phrase of the actor table."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eventwire.actors.table import ActorTable, Term

# When several entries share one phrase, the first role here wins.
ROLE_PRIORITY = ("person", "organisation", "metonym", "capital", "country", "adjective", "city", "sector")


@dataclass(frozen=True, slots=True)
class Match:
    """A dictionary phrase found in a doc: token span and the terms it may stand for (best first)."""

    start: int
    end: int
    terms: tuple[Term, ...]

    @property
    def term(self) -> Term:
        return self.terms[0]


class DictionaryMatcher:
    """Finds non-overlapping actor-table phrases in docs made by one pipeline's tokenizer."""

    def __init__(self, nlp: Language, table: ActorTable) -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_key: dict[str, list[Term]] = defaultdict(list)
        for term in table.terms:
            by_key[term.phrase.lower()].append(term)
        self._terms: dict[int, tuple[Term, ...]] = {}
        for key, terms in by_key.items():
            pattern = nlp.make_doc(key)
            if len(pattern) == 0:
                continue
            self._matcher.add(key, [pattern])
            ordered = sorted(terms, key=lambda t: ROLE_PRIORITY.index(t.role))
            self._terms[nlp.vocab.strings[key]] = tuple(ordered)

    def __call__(self, doc: Doc) -> list[Match]:
        spans: list[Span] = []
        found: dict[tuple[int, int], tuple[Term, ...]] = {}
        for key, start, end in self._matcher(doc):
            text = doc[start:end].text
            terms = tuple(
                t for t in self._terms[key] if not t.case_sensitive or _same_acronym(t.phrase, text)
            )
            if not terms:
                continue
            found[(start, end)] = terms
            spans.append(doc[start:end])
        return [Match(s.start, s.end, found[(s.start, s.end)]) for s in sorted(filter_spans(spans))]


def _same_acronym(phrase: str, text: str) -> bool:
    return " ".join(text.split()) == phrase
