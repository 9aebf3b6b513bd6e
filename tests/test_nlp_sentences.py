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


def test_nlp_splitter_cuts_a_section_heading_glued_to_its_sentence(nlp: Any) -> None:
    """Text whose line breaks were flattened (JSON-lines corpora, some scrapes) glues a section heading to
    the sentence after it; the heading must not lend its words to that sentence ("US support crucial
    Aurangzeb, speaking Sunday, …" read the United States as the speaker)."""
    text = (
        "Talks will resume next week. Recent attacks Since the beginning of the year, rebels have raided "
        "three towns. Third-party promoters The success of the campaign surprised officials."
    )
    assert [s.text.strip() for s in SentenceSplitter(nlp).split(text).sents] == [
        "Talks will resume next week.",
        "Recent attacks",
        "Since the beginning of the year, rebels have raided three towns.",
        "Third-party promoters",
        "The success of the campaign surprised officials.",
    ]


def test_nlp_splitter_leaves_names_datelines_and_quotes_whole(nlp: Any) -> None:
    sentences = [
        "Judges in The Hague ruled on Monday.",
        "GAZA CITY - The army said it struck a tunnel.",
        "He said: “We have not agreed to anything.”",
        "Speaking at The Hague, the minister said the talks would go on.",
        "A report by The New York Times said the plan was dropped.",
    ]
    for sentence in sentences:
        assert [s.text.strip() for s in SentenceSplitter(nlp).split(sentence).sents] == [sentence]
