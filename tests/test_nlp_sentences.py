from __future__ import annotations

from typing import Any

from eventwire.actors import ActorAnalyzer
from eventwire.nlp import SentenceSplitter
from eventwire.settings import Settings


def test_nlp_splitter_breaks_on_punctuation_and_newlines(nlp: Any) -> None:
    doc = SentenceSplitter(nlp).split("A headline without a stop\nFirst sentence here. Second one follows.")
    assert [s.text.strip() for s in doc.sents] == [
        "A headline without a stop",
        "First sentence here.",
        "Second one follows.",
    ]


def test_nlp_sentence_doc_offsets_are_relative_to_sentence_start(nlp: Any, settings: Settings) -> None:
    text = "The weather was fine. Russian troops entered the town."
    result = ActorAnalyzer(settings, nlp=nlp).analyze(text)
    sentence = result.sentences[1]
    assert sentence.doc is not None
    token = sentence.doc[1]
    assert text[sentence.start + token.idx : sentence.start + token.idx + len(token.text)] == "troops"
    assert sentence.doc.has_annotation("DEP")


def test_nlp_splitter_keeps_title_abbreviations_inside_sentence(nlp: Any) -> None:
    doc = SentenceSplitter(nlp).split("Sen. Ana Ruiz and Gen. Luis Mora met. They agreed.")
    assert [s.text.strip() for s in doc.sents] == ["Sen. Ana Ruiz and Gen. Luis Mora met.", "They agreed."]
