"""Disk full and read-only output: a clear error, and the store left consistent.

Uses small tmpfs mounts (the tests skip when mounting is not allowed, e.g. without root).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from _hostile import GOOD_TEXT
from _rel_store import dump
from eventwire import cli
from eventwire.errors import EventwireError
from eventwire.pipeline import LocalEngine, Processor, run
from eventwire.records import DocType, RawDocument, content_id
from eventwire.settings import Settings
from eventwire.store import Store

SETTINGS = Settings(batch_size=5)
ONE = Path(__file__).resolve().parent / "data" / "reliability" / "one.txt"


def _mount(target: Path, *options: str) -> Iterator[Path]:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(target)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=False)


@pytest.fixture()
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    yield from _mount(tmp_path / "tiny", "size=2m")


@pytest.fixture()
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    yield from _mount(tmp_path / "ro", "size=1m", "ro")


def _docs(n: int) -> list[RawDocument]:
    docs = []
    for i in range(n):
        body = f"{GOOD_TEXT}\nReport {i}: " + f"The talks on item {i} went on for a long time. " * 40
        docs.append(RawDocument(content_id(body.encode()), f"mem:{i}", body.encode(), DocType.TEXT))
    return docs


def _fill(db: Path, docs: list[RawDocument]) -> BaseException | None:
    processor = Processor(SETTINGS, code_events=False)
    try:
        with Store.open(db) as store:
            run(docs, LocalEngine(processor), store)
    except Exception as exc:  # what a full disk raises is what is under test
        return exc
    return None


def test_reliability_disk_full_leaves_whole_batches_and_rerun_equals_clean_run(
    tiny_disk: Path, tmp_path: Path
) -> None:
    docs = _docs(60)
    assert _fill(tiny_disk / "e.duckdb", docs) is not None  # 60 articles do not fit in 2 MB
    rescued = tmp_path / "rescued"
    rescued.mkdir()
    for part in tiny_disk.iterdir():
        shutil.copy(part, rescued / part.name)
    partial = dump(rescued / "e.duckdb")
    assert len(partial["documents"]) % SETTINGS.batch_size == 0  # only whole batches were committed
    assert {row[0] for row in partial["articles"]} <= {row[0] for row in partial["documents"]}
    assert _fill(rescued / "e.duckdb", docs) is None
    assert _fill(tmp_path / "clean.duckdb", docs) is None
    assert dump(rescued / "e.duckdb") == dump(tmp_path / "clean.duckdb")


def test_reliability_disk_full_is_a_store_error(tiny_disk: Path) -> None:
    error = _fill(tiny_disk / "e.duckdb", _docs(60))
    assert isinstance(error, EventwireError) and str(tiny_disk) in str(error)


def test_reliability_disk_read_only_output_is_exit_2_with_one_line(
    read_only_disk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = read_only_disk / "e.duckdb"
    monkeypatch.setattr(sys, "argv", ["eventwire", "run", str(ONE), "--db", str(db)])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    err = capsys.readouterr().err.strip()
    assert stopped.value.code == 2
    assert err.startswith(f"error: {db}") and "\n" not in err and "Traceback" not in err
    assert not db.exists()
