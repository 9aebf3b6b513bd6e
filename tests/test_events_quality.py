"""Coding quality on the dev sets stays above the floors pinned in tests/quality_floors.toml."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _benchmark() -> Any:
    spec = importlib.util.spec_from_file_location("coding_eval", ROOT / "benchmarks" / "coding_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
def test_events_quality_floors(shared_dir: Path, nlp: Any) -> None:
    floors = tomllib.loads((ROOT / "tests" / "quality_floors.toml").read_text())["coding"]
    bench = _benchmark()
    dev = shared_dir / "eval" / "dev"
    cases = [c for name in bench.DEV_SETS for c in bench.load_jsonl(dev / name)]
    # ConfliBERT sentences of the learned layer's dev split only: the model never trained on them
    cases += bench.load_conflibert(bench.CONFLIBERT, 10_000, "dev")
    result = bench.evaluate(cases, nlp=nlp)
    assert result["a_country_root"]["f1"] >= floors["f1_a"], result
    assert result["b_country_code"]["f1"] >= floors["f1_b"], result
    assert result["quad_accuracy"] >= floors["quad"], result
    assert result["no_event_accuracy"] >= floors["no_event"], result
    assert result["conflibert_penta"]["accuracy_when_coded"] >= floors["penta_when_coded"], result
    assert result["conflibert_penta"]["accuracy_all"] >= floors["penta_all"], result
