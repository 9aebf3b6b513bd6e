"""The compiled attribute-ruler rules give exactly the POS, TAG and DEP that spaCy's AttributeRuler gives."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from spacy.tokens import Doc

from eventwire.nlp import COARSE_POS
from eventwire.nlp._pos import coarse_tagger_for

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# Sentences that exercise the ruler's word-, dependency- and space-specific rules.
AWKWARD = [
    "I told him that it was n't going to work, but they'd already gone.",
    "There are those who say something must be done; nobody did anything.",
    "Whether or not the talks resume, she'll have been there twice, and gon na go again.",
    "The minister,  who had   spoken\n\nearlier, said: 'Let's see what we can do.'",
    "Ai n't nobody said that those were theirs, y'all.",
]


def _compare(
    nlp: Any, texts: Iterable[str]
) -> tuple[int, list[tuple[str, tuple[str, ...], tuple[str, ...]]]]:
    ruler, fast = nlp.get_pipe("attribute_ruler"), nlp.get_pipe(COARSE_POS)
    tokens, differences = 0, []
    for doc in nlp.pipe(texts, disable=[COARSE_POS, "ner"]):
        copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
        ruler(doc)
        fast(copy)
        for a, b in zip(doc, copy, strict=True):
            tokens += 1
            if (a.pos_, a.tag_, a.dep_) != (b.pos_, b.tag_, b.dep_):
                differences.append((a.text, (a.pos_, a.tag_, a.dep_), (b.pos_, b.tag_, b.dep_)))
    return tokens, differences


def test_nlp_coarse_pos_replaces_the_attribute_ruler(nlp: Any) -> None:
    assert COARSE_POS in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names  # disabled, still loaded for comparison
    assert nlp.pipe_names[-1] == "ner"  # NER gating reads the last component


def test_nlp_coarse_pos_equals_attribute_ruler_on_awkward_sentences(nlp: Any) -> None:
    tokens, differences = _compare(nlp, AWKWARD)
    assert tokens > 80
    assert differences == []


def test_nlp_coarse_pos_equals_attribute_ruler_on_sample_pages(nlp: Any) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    tokens, differences = _compare(nlp, texts)
    assert tokens > 500
    assert differences == []


@pytest.mark.shared
def test_nlp_coarse_pos_equals_attribute_ruler_on_guardian_articles(nlp: Any, shared_dir: Path) -> None:
    path = next((shared_dir / "eval" / "corpora" / "guardian_syria_sample").rglob("*.csv.zip"), None)
    if path is None:
        pytest.skip("the Guardian Syria sample is not in ../shared/eval/corpora")
    with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as raw:
        rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        texts = [row["text"] for _, row in zip(range(25), rows, strict=False)]
    tokens, differences = _compare(nlp, texts)
    assert tokens > 10_000
    assert differences == []


def test_nlp_coarse_pos_declines_patterns_it_cannot_compile() -> None:
    assert coarse_tagger_for([{"patterns": [[{"SHAPE": "Xxxx"}]], "attrs": {"POS": "PROPN"}}]) is None
    assert coarse_tagger_for([{"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "X"}}]) is None


def test_nlp_coarse_pos_later_rule_wins_and_index_points_inside_the_match(nlp: Any) -> None:
    tagger = coarse_tagger_for(
        [
            {"patterns": [[{"LOWER": "talks"}]], "attrs": {"POS": "NOUN"}},
            {"patterns": [[{"LOWER": "talks"}]], "attrs": {"POS": "VERB"}},
            {"patterns": [[{"LOWER": "peace"}, {"LOWER": "talks"}]], "attrs": {"POS": "PROPN"}, "index": 0},
        ]
    )
    assert tagger is not None
    doc = tagger(nlp.make_doc("peace talks resume"))
    assert [t.pos_ for t in doc] == ["PROPN", "VERB", ""]


def test_nlp_load_keeps_the_attribute_ruler_when_its_rules_do_not_compile(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.nlp import _spacy as nlp_module

    monkeypatch.setattr(nlp_module, "coarse_tagger_for", lambda patterns: None)
    loaded = nlp_module.load_nlp(settings.spacy_model)
    assert "attribute_ruler" in loaded.pipe_names
    assert COARSE_POS not in loaded.pipe_names
