"""The CI variant of the API load benchmark: ``benchmarks/load.py --short`` ends with zero errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LOAD = Path(__file__).resolve().parents[1] / "benchmarks" / "load.py"


def test_reliability_load_short_run_has_no_errors(shared_dir: Path, tmp_path: Path) -> None:
    samples = shared_dir / "eval" / "corpora" / "gdelt_samples"
    done = subprocess.run(
        [sys.executable, str(LOAD), "--short", "--samples", str(samples), "--db", str(tmp_path / "load.duckdb")],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["events_in_store"] >= 10_000 and result["errors"] == 0
    assert {"events", "timeline"} <= set(result["endpoints"])
    assert all(row["requests"] > 0 for row in result["endpoints"].values())
