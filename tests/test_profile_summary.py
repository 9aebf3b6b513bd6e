"""benchmarks/profile_summary.py buckets py-spy's collapsed stacks by stage and spaCy component."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "profile_summary.py"

RUN = "<module> (throughput.py:536);main (throughput.py:499);run (eventwire/pipeline/_run.py:286)"
PARSE = (
    RUN
    + ";Processor.process (eventwire/pipeline/_run.py:120);ActorAnalyzer.analyze_many (eventwire/actors/analyzer.py:90)"
    ";ActorAnalyzer._parse (eventwire/actors/analyzer.py:209);Language.pipe (spacy/language.py:1620)"
)


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eventwire_bench_profile_summary", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _sample(ps: ModuleType, stack: str, count: int = 1) -> object:
    return next(ps.read_samples([f"{stack} {count}\n"]))


def test_samples_outside_run_are_start_up() -> None:
    ps = _module()
    sample = _sample(
        ps, "<module> (throughput.py:536);load (spacy/__init__.py:51);from_disk (spacy/util.py:1)"
    )
    assert ps.classify(sample) == ("start-up", None)


def test_deepest_eventwire_frame_names_the_stage() -> None:
    ps = _module()
    nested = (
        RUN
        + ";Store.write_batch (eventwire/store/__init__.py:160);StoryIndex.minhash (eventwire/store/dedup.py:40)"
    )
    assert ps.classify(_sample(ps, nested)) == ("story ids (dedup)", None)
    store = RUN + ";Store.write_batch (eventwire/store/__init__.py:160);duckdb::Append (_duckdb.so)"
    assert ps.classify(_sample(ps, store)) == ("store writes", None)
    glue = RUN + ";Processor._done (eventwire/pipeline/_run.py:300)"
    assert ps.classify(_sample(ps, glue)) == ("everything else (reading, ledger, glue)", None)


def test_parse_component_is_the_deepest_marker_not_the_downstream_generator() -> None:
    ps = _module()
    # the parser's pipe generator pulls documents from the tokenizer: the tokenizer is working
    tokenising = (
        PARSE
        + ";Parser_19generator1 (transition_parser.cpp);minibatch (spacy/util.py:1);Language.make_doc (spacy/language.py:1)"
    )
    assert ps.classify(_sample(ps, tokenising)) == ("spaCy parse", "tokenizer")
    parsing = (
        PARSE
        + ";Parser_19generator1 (transition_parser.cpp);greedy_parse (transition_parser.cpp);bli_gemm (blis/cy.so)"
    )
    assert ps.classify(_sample(ps, parsing)) == ("spaCy parse", "dependency parser")
    embedding = (
        PARSE
        + ";Parser_19generator1 (transition_parser.cpp);_pipe (spacy/util.py:1);Tok2Vec.predict (spacy/pipeline/tok2vec.py:1)"
    )
    assert ps.classify(_sample(ps, embedding)) == ("spaCy parse", "tok2vec (embedding + CNN)")
    unknown = PARSE + ";Doc.__init__ (doc.cpp)"
    assert ps.classify(_sample(ps, unknown)) == ("spaCy parse", "spaCy glue (batching, Doc objects)")


def test_the_gated_ner_pass_is_its_own_component() -> None:
    ps = _module()
    stack = PARSE.replace(
        "Language.pipe (spacy/language.py:1620)",
        "ActorAnalyzer._recognise (eventwire/actors/analyzer.py:230)",
    )
    stack += ";Parser_19generator1 (transition_parser.cpp);greedy_parse (transition_parser.cpp)"
    assert ps.classify(_sample(ps, stack)) == ("spaCy parse", "NER (second pass, gated)")


def test_summary_counts_and_shares(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ps = _module()
    profile = tmp_path / "one.spy"
    profile.write_text(
        "\n".join(
            [
                "<module> (throughput.py:1);load (spacy/__init__.py:51) 5",
                PARSE + ";greedy_parse (transition_parser.cpp) 6",
                RUN + ";extract_article (eventwire/extract/_article.py:10) 2",
                RUN + ";Store.write_batch (eventwire/store/__init__.py:160) 2",
                "",
            ]
        ),
        encoding="utf-8",
    )
    assert ps.main([str(profile)]) == 0
    out = capsys.readouterr().out
    assert "15 samples; 5 start-up" in out and "10 in the pipeline" in out
    assert "spaCy parse" in out and "60.0%" in out
    assert "dependency parser" in out
    assert "extraction" in out and "20.0%" in out


def test_malformed_profile_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ps = _module()
    profile = tmp_path / "bad.spy"
    profile.write_text("frame;frame no-count\n", encoding="utf-8")
    assert ps.main([str(profile)]) == 2
    assert "line 1: expected 'frame;frame;… count'" in capsys.readouterr().err
    assert ps.main([str(tmp_path / "missing.spy")]) == 2
    assert "missing.spy" in capsys.readouterr().err
