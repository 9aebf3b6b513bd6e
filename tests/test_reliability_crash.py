"""``eventwire run`` killed with SIGKILL and started again ends with exactly the rows of a clean run.

Kill points (``tests/data/reliability/killed_run.py``): when a batch starts, inside a store transaction
after its inserts (before COMMIT), right after a commit, and at a random time from outside. The same for
``eventwire export --format parquet`` killed between two Parquet files. (A Dask worker killed mid-task:
see the engine's own docstring; the task is pure and re-run by Dask.)
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as pads
import pytest

from _rel_store import dump

KILLER = Path(__file__).resolve().parent / "data" / "reliability" / "killed_run.py"
PAIRS = [
    ("Russia", "Japan"),
    ("China", "India"),
    ("France", "Germany"),
    ("Egypt", "Sudan"),
    ("Brazil", "Argentina"),
    ("Turkey", "Greece"),
    ("Iran", "Iraq"),
    ("Kenya", "Uganda"),
]
ENV = {**os.environ, "EVENTWIRE_BATCH_SIZE": "2"}

pytestmark = pytest.mark.slow


def _corpus(root: Path) -> Path:
    """A JSONL file of short articles on different days (so the Parquet export has several files)."""
    folder = root / "in"
    folder.mkdir()
    lines = []
    for n, (a, b) in enumerate(PAIRS):
        company = ("Hexaline Corp", "Varnost Group")[n % 2]  # names no actor file knows: recorded unresolved
        text = (
            f"{a} condemned {b} on Monday over the border dispute, officials said.\n\n"
            f"The foreign minister of {a} met the ambassador of {b} in the capital on Tuesday to discuss "
            f"trade, and {b} agreed to resume talks with {a} next month.\n\n"
            f"{b}'s trade minister, Kenji Moriyama, criticised {company} over the deal.\n"
        )
        published = f"2024-03-{n + 1:02d}T09:00:00Z"
        lines.append(json.dumps({"url": f"https://wire.example/{n}", "text": text, "published": published}))
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "bad.bin").write_bytes(bytes(range(256)))
    return folder


def _eventwire(point: str, count: int, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(KILLER), point, str(count), "--", *args],
        capture_output=True, text=True, env=ENV, timeout=600, check=False,
    )  # fmt: skip


def _run_args(folder: Path, db: Path) -> list[str]:
    return ["run", str(folder), "--db", str(db), "--show", "0"]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("clean")
    folder = _corpus(root)
    db = root / "clean.duckdb"
    done = _eventwire("none", 0, _run_args(folder, db))
    assert done.returncode == 0, done.stderr
    return folder, db


def test_reliability_crash_clean_run_codes_events(clean: tuple[Path, Path]) -> None:
    tables = dump(clean[1])
    assert len(tables["documents"]) == len(PAIRS) + 1
    assert tables["events"] and tables["mentions"] and tables["articles"] and tables["unresolved_names"]


@pytest.mark.parametrize(
    ("point", "count"), [("batch-start", 3), ("mid-transaction", 2), ("after-commit", 1)]
)
def test_reliability_crash_kill_then_rerun_equals_clean_run(
    point: str, count: int, clean: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, clean_db = clean
    db = tmp_path / "crash.duckdb"
    killed = _eventwire(point, count, _run_args(folder, db))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    partial = dump(db)
    assert 0 < len(partial["documents"]) < len(PAIRS) + 1 or point == "batch-start"
    again = _eventwire("none", 0, _run_args(folder, db))
    assert again.returncode == 0, again.stderr
    assert dump(db) == dump(clean_db)


def test_reliability_crash_random_kills_from_outside_then_rerun_equals_clean_run(
    clean: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, clean_db = clean
    db = tmp_path / "crash.duckdb"
    rng = random.Random(8)
    for _ in range(3):
        proc = subprocess.Popen(
            [sys.executable, str(KILLER), "none", "0", "--", *_run_args(folder, db)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
        )  # fmt: skip
        started = time.monotonic()  # wait for the store to exist, then kill at a random moment
        while not db.exists() and proc.poll() is None and time.monotonic() - started < 300:
            time.sleep(0.1)
        time.sleep(rng.uniform(0.0, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    again = _eventwire("none", 0, _run_args(folder, db))
    assert again.returncode == 0, again.stderr
    assert dump(db) == dump(clean_db)


def _parquet_rows(out: Path) -> list[tuple[object, ...]]:
    table = pads.dataset(out, format="parquet", partitioning="hive").to_table()
    return sorted((tuple(row.values()) for row in table.to_pylist()), key=repr)


def test_reliability_crash_parquet_export_killed_then_rerun_equals_clean_export(
    clean: tuple[Path, Path], tmp_path: Path
) -> None:
    _, db = clean
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    args = ["export", "--db", str(db), "--format", "parquet", "--out"]
    assert _eventwire("none", 0, [*args, str(whole)]).returncode == 0
    assert len(list(whole.rglob("*.parquet"))) >= 2  # several files, so a kill can fall between them
    killed = _eventwire("parquet-write", 1, [*args, str(cut)])
    assert killed.returncode == -signal.SIGKILL
    assert _eventwire("none", 0, [*args, str(cut)]).returncode == 0
    assert _parquet_rows(cut) == _parquet_rows(whole)
