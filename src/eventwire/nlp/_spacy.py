"""The NLP stage: one spaCy pipeline, a cheap sentence splitter, and the analysed-text record.

The pipeline is loaded by :func:`load_nlp`; keeping it for the life of the process is the caller's
job (no global cache). :class:`eventwire.actors.ActorAnalyzer` splits an article into
:class:`Sentence` s with a rule sentencizer over the tokenizer's output, runs the actor dictionary
matcher over them, and sends to the parser only the sentences that can hold an event.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Sentencizer
from spacy.tokens import Doc, Span

from eventwire.errors import InputError
from eventwire.nlp._pos import coarse_tagger_for
from eventwire.records import ActorMention

# Components the actor and event stages never read; disabled when the model is loaded.
UNUSED_COMPONENTS: tuple[str, ...] = ("lemmatizer", "senter")
COARSE_POS = "eventwire_coarse_pos"


class _RulesNotCompiled(ValueError):
    """The attribute ruler's patterns use a key or operator :mod:`eventwire.nlp._pos` lacks."""


@Language.factory(COARSE_POS)
def _make_coarse_pos(nlp: Language, name: str) -> Any:
    """spaCy factory: the attribute ruler's POS/TAG/DEP rules, compiled (:mod:`eventwire.nlp._pos`)."""
    tagger = coarse_tagger_for(_ruler_patterns(nlp))
    if tagger is None:
        raise _RulesNotCompiled("the attribute_ruler's patterns use keys eventwire's coarse tagger lacks")
    return tagger


def _ruler_patterns(nlp: Language) -> list[dict[str, Any]]:
    ruler: AttributeRuler = nlp.get_pipe("attribute_ruler")  # type: ignore[assignment]
    return ruler.patterns


def load_nlp(model: str) -> Language:
    """Load the spaCy pipeline ``model`` with the components eventwire does not use disabled.

    An ``attribute_ruler`` whose patterns :func:`eventwire.nlp._pos.coarse_tagger_for` can compile is
    replaced by that compiled form (same POS, TAG and DEP, no MORPH or LEMMA; ~6x cheaper).
    """
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise InputError(f"spaCy model {model!r} is not installed: {exc}") from exc
    for name in UNUSED_COMPONENTS:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    if "attribute_ruler" in nlp.pipe_names:
        try:  # the factory compiles the patterns once, or declines and the ruler stays
            nlp.add_pipe(COARSE_POS, after="attribute_ruler")
        except _RulesNotCompiled:
            pass
        else:
            nlp.disable_pipe("attribute_ruler")
    return nlp


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article.

    ``doc`` is the parsed sentence as its own Doc (``token.idx`` relative to ``start``), or None
    when the pre-filter decided the sentence cannot hold an event (no actor, no candidate predicate).

    Named entities are recognised only on parsed sentences where a reader of entities could use
    them (:func:`eventwire.actors._entities.needs_entities`, which lists every reader). A ``doc``
    handed out without NER has ``doc.ents == ()`` and ``doc.user_data["eventwire_ner"] is False``;
    with NER the flag is True.
    """

    index: int
    start: int
    text: str
    doc: Doc | None


@dataclass(frozen=True, slots=True)
class AnalyzedText:
    """An article after the NLP and actor stages: sentences and resolved actor mentions."""

    text: str
    when: datetime.date | None
    sentences: tuple[Sentence, ...]
    mentions: tuple[ActorMention, ...]

    def mentions_in(self, sentence: int) -> tuple[ActorMention, ...]:
        """The mentions of one sentence, in text order."""
        return tuple(m for m in self.mentions if m.sentence == sentence)


# Abbreviations that end in a full stop inside a sentence ("Lt. Gen. Ali", "Sen. Smith").
_ABBREVIATIONS_TEXT = (
    "lt gen col maj brig adm sgt capt cpl pvt cmdr sen rep gov pres dr mr mrs ms prof st gens"
)
ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())


# Capitalised words that open a sentence and, inside one, are never capitalised: after a short run of
# heading words ("Recent attacks *Since* the beginning of the year"), they mark a glued heading.
_OPENERS = frozenset(
    [
        "The",
        "An",
        "In",
        "On",
        "At",
        "For",
        "With",
        "Since",
        "But",
        "As",
        "When",
        "While",
        "After",
        "Before",
        "Although",
        "Though",
        "If",
        "Despite",
        "During",
        "According",
        "Last",
        "Earlier",
        "This",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "Some",
        "Many",
        "Most",
        "Meanwhile",
        "However",
        "Under",
        "Over",
        "From",
        "By",
        "Until",
        "Once",
        "Because",
        "Among",
        "Amid",
        "Following",
    ]
)
# A heading does not end in these ("according to *The* Times", "he said *The* ...").
_NOT_HEADING_END = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "and",
        "or",
        "but",
        "as",
        "than",
        "that",
        "said",
        "says",
        "told",
        "added",
    ]
)
_LONGEST_HEADING = 6


def glued_heading_end(sentence: Span) -> int | None:
    """Where a section heading glued to the sentence ends, if one is ("BLA surges Since last August,
    the BLA has claimed …" in text whose line breaks were flattened): a short run of words starting with a
    capital, then a capitalised sentence opener ("Since", "The", "In") followed by a lowercase word or a
    number. Returns the opener's index in the document, or None."""
    if not sentence or not (sentence[0].is_title or sentence[0].is_upper):
        return None
    for k in range(1, min(_LONGEST_HEADING, len(sentence) - 1) + 1):
        token, before = sentence[k], sentence[k - 1]
        inside_word = before.text == "-" and not before.whitespace_  # "Third-party", not "GAZA CITY - The"
        if not (before.is_alpha or before.like_num or inside_word or before.text in (",", "&")):
            return None
        if token.text in _OPENERS and before.lower_ not in _NOT_HEADING_END:
            after = sentence[k + 1].text
            if after[:1].islower() or after[:1].isdigit():
                return token.i
    return None


class SentenceSplitter:
    """Cheap sentence boundaries: the pipeline's tokenizer plus spaCy's rule ``Sentencizer``.

    A full stop after a title abbreviation ("Lt.", "Sen.") does not end a sentence; a line break does, and
    so does the end of a section heading glued to the sentence after it (:func:`glued_heading_end`).
    """

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._sentencizer = Sentencizer()

    def split(self, text: str) -> Doc:
        """Tokenize ``text`` and set sentence starts (no tagging, no parsing)."""
        doc: Doc = self._sentencizer(self._nlp.make_doc(text))
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.text_with_ws and not token.is_space:
                token.is_sent_start = True
            elif token.is_sent_start and _after_abbreviation(doc, token.i):
                token.is_sent_start = False
        for sentence in list(doc.sents):
            start = glued_heading_end(sentence)
            if start is not None:
                doc[start].is_sent_start = True
        return doc


def _after_abbreviation(doc: Doc, i: int) -> bool:
    previous = doc[i - 1]
    if previous.text == "." and i >= 2:
        word = doc[i - 2]
        abbreviated = word.lower_ in ABBREVIATIONS and not word.whitespace_
    else:
        abbreviated = previous.lower_.rstrip(".") in ABBREVIATIONS and previous.text.endswith(".")
    return abbreviated and doc[i].is_title
