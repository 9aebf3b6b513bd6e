"""NER runs only on parsed sentences where a reader of entities could use them."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire.actors import analyzer as analyzer_module
from eventwire.actors._entities import NER_FLAG, needs_entities
from eventwire.actors._match import Match
from eventwire.actors.analyzer import ActorAnalyzer
from eventwire.actors.table import Term
from eventwire.settings import Settings

_SECTOR = Term("spokesman", "spokesman", "sector")
_CITY = Term("paris", "paris", "city")


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return spacy.blank("en").vocab


def _doc(vocab: Vocab, tagged: str) -> Doc:
    """A doc from ``word/POS`` pairs."""
    words, pos = zip(*(w.rsplit("/", 1) for w in tagged.split()), strict=True)
    return Doc(vocab, words=list(words), pos=list(pos))


def test_capitalised_word_after_a_match_needs_entities(vocab: Vocab) -> None:
    doc = _doc(vocab, "the/DET spokesman/NOUN ,/PUNCT al-Hassan/NOUN ,/PUNCT said/VERB")
    assert needs_entities(doc, [Match(1, 2, (_SECTOR,))])


def test_lowercase_words_after_a_match_need_no_entities(vocab: Vocab) -> None:
    doc = _doc(vocab, "the/DET spokesman/NOUN said/VERB talks/NOUN would/AUX go/VERB on/ADP ./PUNCT")
    assert not needs_entities(doc, [Match(1, 2, (_SECTOR,))])


def test_capitalised_word_before_a_city_needs_entities(vocab: Vocab) -> None:
    doc = _doc(vocab, "Yesterday/NOUN de/X Paris/NOUN said/VERB no/DET ./PUNCT")
    assert needs_entities(doc, [Match(2, 3, (_CITY,))])
    assert not needs_entities(doc, [Match(2, 3, (_SECTOR,))])


@pytest.mark.parametrize("dep", ["dobj", "pobj", "compound", "nsubj"])
def test_uncovered_proper_noun_needs_no_entities(vocab: Vocab, dep: str) -> None:
    # names_unknown_target tells dates from names by word (events.dates.date_name), not by entity type
    doc = _doc(vocab, "the/DET spokesman/NOUN said/VERB they/PRON had/AUX urged/VERB bree/PROPN")
    doc[6].dep_ = dep
    assert not needs_entities(doc, [Match(1, 2, (_SECTOR,))])


@pytest.mark.parametrize(
    "tagged",
    [
        "the/DET spokesman/NOUN Ali/PROPN Hassan/PROPN said/VERB",  # right after the match
        "China/PROPN 's/PART spokesman/NOUN ,/PUNCT Hassan/PROPN Ali/PROPN",  # after a comma (e+1)
        "the/DET spokesman/NOUN 's/PART Aide/PROPN Hassan/PROPN left/VERB",  # possessive, title (e+2)
        "the/DET spokesman/NOUN bin/PROPN Laden/PROPN said/VERB",  # a name particle (e+1)
    ],
)
def test_person_right_after_a_match_needs_entities(vocab: Vocab, tagged: str) -> None:
    doc = _doc(vocab, tagged)
    spokesman = next(t.i for t in doc if t.text == "spokesman")
    assert needs_entities(doc, [Match(spokesman, spokesman + 1, (_SECTOR,))])


def test_capital_two_words_after_a_match_without_glue_needs_no_entities(vocab: Vocab) -> None:
    # unknown_person reads a PERSON only at the match's end, or after a comma or possessive
    doc = _doc(vocab, "the/DET spokesman/NOUN said/VERB in/ADP Arabic/ADJ ./PUNCT")
    assert not needs_entities(doc, [Match(1, 2, (_SECTOR,))])


def test_calendar_proper_noun_needs_no_entities(vocab: Vocab) -> None:
    doc = _doc(vocab, "the/DET spokesman/NOUN said/VERB talks/NOUN began/VERB on/ADP monday/PROPN")
    assert not needs_entities(doc, [Match(1, 2, (_SECTOR,))])


_TEXT = (
    "Russian officials said the talks would go on. "
    "The spokesman, Ali Hassan, said police arrested 12 protesters in Cairo on Monday. "
    "The army said it had shelled the town."
)


def test_sentences_without_ner_have_no_entities_and_say_so(nlp: Any, settings: Settings) -> None:
    result = ActorAnalyzer(settings, nlp=nlp).analyze(_TEXT)
    docs = [s.doc for s in result.sentences if s.doc is not None]
    assert {d.user_data[NER_FLAG] for d in docs} == {True, False}
    assert all(d.ents == () for d in docs if d.user_data[NER_FLAG] is False)
    assert any(d.ents for d in docs if d.user_data[NER_FLAG] is True)


def test_gated_ner_finds_the_same_mentions_as_full_ner(
    nlp: Any, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    gated = ActorAnalyzer(settings, nlp=nlp).analyze(_TEXT)
    monkeypatch.setattr(analyzer_module, "needs_entities", lambda doc, matches: True)
    full = ActorAnalyzer(settings, nlp=nlp).analyze(_TEXT)
    assert gated.mentions == full.mentions
    assert len(gated.mentions) >= 3
