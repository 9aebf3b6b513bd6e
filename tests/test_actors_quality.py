from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _floors() -> dict[str, float]:
    with (ROOT / "tests" / "quality_floors.toml").open("rb") as handle:
        return dict(tomllib.load(handle)["actors"])


@pytest.mark.shared
@pytest.mark.slow
def test_actors_quality_floors_on_ngec_cases(shared_dir: Path) -> None:
    cases = shared_dir / "eval" / "dev" / "ngec_actor_resolution_dev.jsonl"
    if not cases.exists():
        pytest.skip(f"{cases} missing")
    spec = importlib.util.spec_from_file_location("actors_eval", ROOT / "benchmarks" / "actors_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("actors_eval", module)
    spec.loader.exec_module(module)
    tally = module.evaluate(cases)["ALL"]
    floors = _floors()
    measured = {
        "country": tally.rate("country"),
        "sector": tally.rate("sector"),
        "wiki": tally.rate("wiki"),
        "no_actor": tally.rate("none"),
    }
    for metric, floor in floors.items():
        assert measured[metric] is not None and measured[metric] >= floor, (
            metric,
            measured,
            tally.misses[:20],
        )
