"""Extraction quality on real pages: F1 on 40 Zyte benchmark pages must stay above the pinned floor."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
FLOORS = tomllib.loads((Path(__file__).resolve().parent / "quality_floors.toml").read_text())["extraction"]
CORPUS = "eval/corpora/article_extraction_benchmark"


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eventwire_bench_extraction", REPO / "benchmarks" / "extraction.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
def test_extract_quality_f1_above_floor(shared_dir: Path) -> None:
    bench = _benchmark()
    pages = bench.load_pages(shared_dir / CORPUS, limit=int(FLOORS["pages"]))
    if not pages:
        pytest.skip(f"benchmark corpus missing under {shared_dir / CORPUS}")
    outputs, _, _ = bench.run_extractor(pages, bench.eventwire_extractor())
    pairs = [(page.gold, out) for page, out in zip(pages, outputs, strict=True)]
    tokens = bench.score(pairs, 1)
    shingles = bench.score(pairs, 4)
    assert tokens.f1 >= FLOORS["f1"], tokens
    assert shingles.f1 >= FLOORS["f1_4gram"], shingles


def test_extract_quality_scoring_counts_token_overlap() -> None:
    bench = _benchmark()
    assert bench.page_counts("a b c d", "a b c d") == (1.0, 0.0, 0.0)
    tp, fp, fn = bench.page_counts("a b c d", "a b x")
    assert (tp, fp, fn) == pytest.approx((2 / 5, 1 / 5, 2 / 5))
    perfect = bench.score([("one two three four five", "one two three four five")], 4)
    assert perfect.f1 == 1.0
    assert bench.score([("one two", "")], 1).recall == 0.0
