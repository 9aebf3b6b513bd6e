"""The training data of the learned layer: the split stays fixed, and every committed annotation still finds
its text in ../shared (a changed or missing text is an error, never a silent drop)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from training import sources


@pytest.mark.parametrize(
    ("key", "unit"),
    [
        ("guardian:115:340:529", "guardian:115"),
        ("geoweb:21:569:698", "geoweb:21"),
        ("reuters:1443:0:143", "reuters:1443"),
        ("voa:7677701:0:194", "voa:7677701"),
        ("causal:train_06_285_2670", "causal:train_06_285"),
        ("causal:train_09_A_156_1460", "causal:train_09_A_156"),
        ("conflibert:17", "conflibert:17"),
        ("agnews:32", "agnews:32"),
    ],
)
def test_sentences_of_one_article_share_a_split(key: str, unit: str) -> None:
    assert sources.split_key(key) == unit
    assert sources.split_of(sources.split_key(key)) == sources.split_of(unit)


def test_the_split_is_fixed_by_its_salt() -> None:
    # a change of salt or share would silently move dev texts into training
    assert sources.SALT == "eventwire-split-1:" and sources.DEV_SHARE == 25
    shares = Counter(sources.split_of(f"k{n}") for n in range(4000))
    assert 0.22 < shares["dev"] / 4000 < 0.28


def test_every_annotation_finds_its_text(shared_dir: Path) -> None:
    rows = list(sources.annotations())
    assert len(rows) == len(sources.ANNOTATIONS.read_text(encoding="utf-8").splitlines())
    for example in rows:
        for event in example.events:
            assert 0 <= event.trigger.start < event.trigger.end <= len(example.text), example.id
            for side in (event.source, event.target):
                assert side is None or 0 <= side.start < side.end <= len(example.text), example.id
    corpora = Counter(e.corpus for e in rows)
    assert {
        "annotated-geoweb",
        "annotated-causal",
        "annotated-reuters",
        "annotated-guardian",
        "annotated-voa",
    } <= set(corpora)
