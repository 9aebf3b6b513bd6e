"""Dictionary matching: every phrase of the actor table over ``LOWER`` tokens (as spaCy's
``PhraseMatcher`` does; the compiled :class:`~eventwire.actors._index.PhraseIndex` loads from the cache)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eventwire.actors._fuzzy import FuzzyNames
from eventwire.actors._index import PhraseIndex, PhraseKey
from eventwire.actors._names import NameIndex
from eventwire.actors.table import ActorTable, Term

# When several entries share one phrase, the first role here wins.
ROLE_PRIORITY = (
    "person",
    "organisation",
    "metonym",
    "capital",
    "country",
    "adjective",
    "city",
    "ethnic",
    "sector",
)


# Roles whose phrases are names that count only when capitalised ("Mission" the town, not "mission").
PROPER_NAME_ROLES = frozenset({"city", "ethnic"})
# Names of people and organisations written with capitals count only with a capital in the text:
# "Bobi Wine" and the "Shell" company, not "wine" and "shell".
NAMED_ROLES = frozenset({"person", "organisation"})


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
    """Finds non-overlapping actor-table phrases in docs made by one pipeline's tokenizer.

    ``phrases`` and ``names`` are the table's compiled :class:`PhraseIndex` and :class:`NameIndex` when
    they come from the index cache (:func:`eventwire.actors._index.load_compiled`); without them the
    phrases are tokenized and the names keyed here.
    """

    def __init__(
        self,
        nlp: Language,
        table: ActorTable,
        phrases: PhraseIndex | None = None,
        names: NameIndex | None = None,
    ) -> None:
        if phrases is None:
            phrases = PhraseIndex.build(phrase_keys(nlp, table.terms), table.terms)
        self._matcher = phrases  # (key, start, end) of every phrase in a doc
        self._terms = phrases  # key -> its terms, best role first
        self._fuzzy = FuzzyNames(table.terms)
        self._names = names if names is not None else NameIndex.build(table.terms)

    def __call__(self, doc: Doc) -> list[Match]:
        spans: list[Span] = []
        found: dict[tuple[int, int], tuple[Term, ...]] = {}
        for key, start, end in self._matcher(doc):
            text = doc[start:end].text
            capitalised = _capitalised(doc[start:end])
            has_capital = any(c.isupper() for c in text)
            terms = tuple(
                t
                for t in self._terms[key]
                if (not t.case_sensitive or _same_acronym(t.phrase, text))
                and (capitalised or t.role not in PROPER_NAME_ROLES)
                and (has_capital or t.role not in NAMED_ROLES or t.phrase.islower())
            )
            if not terms:
                continue
            found[(start, end)] = terms
            spans.append(doc[start:end])
        kept = filter_spans(spans)
        covered = {i for s in kept for i in range(s.start, s.end)}
        # second pass: names written another way (diacritics, transliteration, initials, honorifics)
        for start, end, terms in self._names.find(doc, covered):
            found[(start, end)] = terms
            kept.append(doc[start:end])
            covered.update(range(start, end))
        for token in doc:
            if token.i in covered:
                continue
            terms = self._fuzzy.lookup(token.text)
            if terms:
                found[(token.i, token.i + 1)] = terms
                kept.append(doc[token.i : token.i + 1])
        return [Match(s.start, s.end, found[(s.start, s.end)]) for s in sorted(kept)]


def phrase_keys(nlp: Language, terms: Sequence[Term]) -> list[PhraseKey]:
    """Per phrase (lower-cased): the numbers of its terms, best role first, and its token sequences
    as ``LOWER`` hashes, every way the tokenizer splits it (:func:`_patterns`)."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for number, term in enumerate(terms):
        by_key[term.phrase.lower()].append(number)
    out: list[PhraseKey] = []
    for key, numbers in by_key.items():
        patterns = _patterns(nlp, key, [terms[n] for n in numbers])
        if not patterns:
            continue
        ordered = sorted(numbers, key=lambda n: ROLE_PRIORITY.index(terms[n].role))
        out.append((ordered, [[token.lower for token in doc] for doc in patterns]))
    return out


def _patterns(nlp: Language, key: str, terms: list[Term]) -> list[Doc]:
    """The phrase tokenized as written, lower-cased and capitalised.

    Tokenizer exceptions depend on case ("Sen." and "Gen." are one token, "sen." is two), so one
    phrase may need several token patterns to match every way it is written.
    """
    if all(c.isalnum() or c == " " for c in key):
        forms = {key}  # plain words tokenize alike in any case
    else:
        forms = {key, key[:1].upper() + key[1:], *(t.phrase for t in terms)}
    out: dict[tuple[str, ...], Doc] = {}
    for form in sorted(forms):
        doc = nlp.make_doc(form)
        if len(doc):
            out.setdefault(tuple(t.lower_ for t in doc), doc)
    return list(out.values())


def _capitalised(span: Span) -> bool:
    """First and last word start with a capital ("Rio de Janeiro", "CANBERRA")."""
    words = [t for t in span if t.is_alpha]
    return bool(words) and words[0].text[0].isupper() and words[-1].text[0].isupper()


def _same_acronym(phrase: str, text: str) -> bool:
    return " ".join(text.split()) == phrase
