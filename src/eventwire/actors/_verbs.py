"""Sector words are common nouns: a match on a word the tagger reads as a verb names nobody.

"threatened to *institute* a curfew", "flew to Munich to *press* his plan", "History will *judge* us",
"not allowed to *board*", "the army will *police* the border": the dictionary matches these words as
sector terms (EDU, MED, JUD, BUS, COP) because it matches words, not parts of speech. A single-word
sector match is dropped when

* the word can be a verb at all: it is a verb in the pipeline's own lemmatizer tables (WordNet's verbs;
  "parliament", "detective" and "extremist" are not, so a tagger slip on them changes nothing), and
* the tagger tags it as a finite or base verb (``VB``, ``VBP``, ``VBZ``, ``VBD``), and
* where the sentence is parsed, its dependency is not one only nouns take (subject, object, object of
  a preposition, compound, apposition...): the small model tags some plural nouns ``VBZ`` ("detectives
  working on the case") and then still parses them as subjects.

Sentences the pre-filter did not parse have no tags. Of those, only the ones where such a word follows
a cue of a verb slot ("to", a modal, "not") are tagged, without the parser (:func:`needs_tags`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc, Token

from eventwire.actors._match import Match

VERB_TAGS: Final = frozenset({"VB", "VBP", "VBZ", "VBD"})
NOUN_DEPS: Final = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "iobj", "dative", "compound", "appos", "attr", "oprd", "poss"}
)
# Words before a verb slot: "to institute", "will press", "cannot board", "did not judge".
VERB_CUES: Final = frozenset(
    {"to", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "cannot"}
    | {"not", "n't", "never", "'ll", "’ll", "'d", "’d"}
)


def verb_lemmas(nlp: Language) -> frozenset[str] | None:
    """The words the pipeline's lemmatizer knows as verbs; None when it has no such table (then the
    tagger alone decides)."""
    if "lemmatizer" not in nlp.component_names:
        return None
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return None
    index = lookups.get_table("lemma_index")
    return frozenset(index["verb"]) if "verb" in index else None


class VerbFilter:
    """Drops the sector terms of matches that sit on verbs (see the module docstring)."""

    def __init__(self, verbs: Iterable[str] | None) -> None:
        self._verbs = frozenset(verbs) if verbs is not None else None

    def can_be_verb(self, word: str) -> bool:
        if self._verbs is None:
            return True
        word = word.lower()
        stems = (word, word[:-1], word[:-2]) if word.endswith("s") else (word,)  # "presses", "suspects"
        return any(stem in self._verbs for stem in stems)

    def _candidate(self, doc: Doc, match: Match) -> bool:
        return (
            match.end - match.start == 1
            and any(t.role == "sector" for t in match.terms)
            and doc[match.start].is_lower
            and self.can_be_verb(doc[match.start].text)
        )

    def needs_tags(self, doc: Doc, matches: Iterable[Match]) -> bool:
        """An untagged sentence where a match may be a verb: a verb-able sector word after a cue."""
        return any(
            self._candidate(doc, m) and m.start > 0 and doc[m.start - 1].lower_ in VERB_CUES for m in matches
        )

    def __call__(self, doc: Doc, matches: list[Match], parsed: bool) -> list[Match]:
        """``matches`` without the sector terms of those on verbs (a match left with no term goes);
        unchanged when ``doc`` has no tags. ``parsed``: ``doc`` has dependencies, not only tags."""
        if not doc.has_annotation("TAG"):
            return matches
        out = []
        for match in matches:
            if self._candidate(doc, match) and _used_as_verb(doc[match.start], parsed):
                terms = tuple(t for t in match.terms if t.role != "sector")
                if not terms:
                    continue
                match = Match(match.start, match.end, terms)
            out.append(match)
        return out


def _used_as_verb(token: Token, parsed: bool) -> bool:
    return token.tag_ in VERB_TAGS and not (parsed and token.dep_ in NOUN_DEPS)
