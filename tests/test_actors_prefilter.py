from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from eventwire.actors import ActorAnalyzer
from eventwire.settings import Settings

TEXT = "It rained all day. French troops crossed the border. The match ended in a draw."


def test_actors_prefilter_parses_only_sentences_with_actors(nlp: Any, settings: Settings) -> None:
    result = ActorAnalyzer(settings, nlp=nlp).analyze(TEXT)
    assert [s.doc is not None for s in result.sentences] == [False, True, False]


def test_actors_prefilter_applies_predicate_filter(nlp: Any, settings: Settings) -> None:
    analyzer = ActorAnalyzer(settings, nlp=nlp, predicate_filter=lambda s: "attacked" in s)
    result = analyzer.analyze("French troops crossed the border. French troops attacked the post.")
    assert [s.doc is not None for s in result.sentences] == [False, True]
    # mentions are still resolved in sentences the filter skipped
    assert {m.sentence for m in result.mentions} == {0, 1}


def test_actors_analyze_many_keeps_keys_and_order(nlp: Any, settings: Settings) -> None:
    analyzer = ActorAnalyzer(settings, nlp=nlp)
    items = [("a", "Syrian rebels fired.", None), ("b", "Nothing here.", date(2020, 1, 1)), ("c", TEXT, None)]
    results = list(analyzer.analyze_many(items, batch_size=2))
    assert [k for k, _ in results] == ["a", "b", "c"]
    assert results[0][1].mentions[0].actor.code == "SYRREB"
    assert results[1][1].mentions == ()
    assert results[1][1].when == date(2020, 1, 1)


def test_actors_prefilter_weak_words_alone_are_not_parsed(nlp: Any, settings: Settings) -> None:
    text = "Officials said people were tired. Officials in Chad said people were tired."
    result = ActorAnalyzer(settings, nlp=nlp).analyze(text)
    assert [s.doc is not None for s in result.sentences] == [False, True]


def test_actors_prefilter_weak_words_parsed_when_setting_is_on(nlp: Any, settings: Settings) -> None:
    text = "Officials said people were tired."
    eager = dataclasses.replace(settings, parse_weak_actor_sentences=True)
    result = ActorAnalyzer(eager, nlp=nlp).analyze(text)
    assert [s.doc is not None for s in result.sentences] == [True]


def test_actors_prefilter_parses_repeated_surname_of_titled_name(nlp: Any, settings: Settings) -> None:
    text = "Interior Minister Hugo Lindqvist arrived on Monday. Lindqvist later resigned."
    result = ActorAnalyzer(settings, nlp=nlp).analyze(text)
    assert [s.doc is not None for s in result.sentences] == [True, True]


def test_actors_prefilter_assigns_matches_to_their_own_sentence(nlp: Any, settings: Settings) -> None:
    text = "It rained all day. French troops crossed the border.\nRussian troops left. Nothing else."
    result = ActorAnalyzer(settings, nlp=nlp).analyze(text)
    found = [(m.sentence, m.span.text, text[m.span.start : m.span.end]) for m in result.mentions]
    assert found == [(1, "French troops", "French troops"), (2, "Russian troops", "Russian troops")]


def test_actors_prefilter_parse_batch_size_does_not_change_results(nlp: Any, settings: Settings) -> None:
    texts = [
        (n, text, None)
        for n, text in enumerate([TEXT, "Syrian rebels fired on Turkish troops. They retreated.", "Rain."])
    ]

    def parses(batch: int) -> list[list[tuple[str, str, str]]]:
        analyzer = ActorAnalyzer(dataclasses.replace(settings, parse_batch_sentences=batch), nlp=nlp)
        return [
            [(t.text, t.dep_, t.head.text) for s in result.sentences if s.doc is not None for t in s.doc]
            for _, result in analyzer.analyze_many(texts)
        ]

    one_by_one = parses(1)
    assert one_by_one == parses(256)
    assert [bool(p) for p in one_by_one] == [True, True, False]
