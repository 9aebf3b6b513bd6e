"""The main job end to end: every input ends with one ledger row, re-runs add nothing, one bad document
never stops the others."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventwire.ingest import read_inputs
from eventwire.pipeline import LocalEngine, Processor, RunSummary, run
from eventwire.store import Store

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"

ARTICLE = (
    "Russian President Vladimir Putin met Japanese Prime Minister Shinzo Abe in Moscow on Tuesday. "
    "The two leaders agreed to intensify talks on a peace treaty. Abe said Japan would continue to "
    "demand the return of the islands. Tokyo and Moscow signed a fisheries agreement last month."
)


def _run(paths: list[Path], db: Path, processor: Processor) -> RunSummary:
    with Store.open(db) as store:
        inputs = read_inputs([str(p) for p in paths], processor.settings)
        return run(inputs, LocalEngine(processor), store)


def _ledger(db: Path) -> dict[str, tuple[str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT origin, status, reason FROM documents").fetchall()
    finally:
        con.close()
    return {origin: (status, reason) for origin, status, reason in rows}


def test_pipeline_samples_every_document_has_a_ledger_row(tmp_path: Path, processor: Processor) -> None:
    db = tmp_path / "events.duckdb"
    summary = _run([SAMPLES], db, processor)
    ledger = _ledger(db)
    assert summary.documents == len(ledger)
    assert summary.ok >= 12 and summary.events > 10
    assert ledger[str(SAMPLES / "README.md")][0] == "skipped"
    spanish = ledger[str(SAMPLES / "colombia_eln_alto_el_fuego_2023.html")]
    assert spanish == ("skipped", "language es not coded")
    assert ledger[str(SAMPLES / "wire.jsonl") + ":3"][0] == "failed"
    assert sum(1 for status, _ in ledger.values() if status == "ok") == summary.ok


def test_pipeline_rerun_adds_nothing(tmp_path: Path, processor: Processor) -> None:
    db = tmp_path / "events.duckdb"
    first = _run([SAMPLES], db, processor)
    second = _run([SAMPLES], db, processor)
    assert second.documents == 0 and second.events == 0
    assert second.already_done == first.documents


def test_pipeline_bad_inputs_do_not_stop_the_run(tmp_path: Path, processor: Processor) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "empty.html").write_bytes(b"")
    (folder / "cut.html.gz").write_bytes(
        gzip.compress(b"<html><body><p>" + " ".join(map(str, range(20_000))).encode())[:300]
    )
    (folder / "cut.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200"
    )
    (folder / "latin.txt").write_bytes(ARTICLE.replace("Abe", "Ab\xe9").encode("latin-1") + b"\xff\xfe")
    (folder / "big.html").write_bytes(b"<html><body>" + b"<p>filler text</p>" * 80_000 + b"</body></html>")
    lines = [json.dumps({"url": "https://example.org/a", "text": ARTICLE}), "{broken", '{"url": 3}']
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    small = replace(processor.settings, max_document_bytes=1_000_000)
    db = tmp_path / "events.duckdb"
    with Store.open(db) as store:
        summary = run(read_inputs([str(folder)], small), LocalEngine(processor), store)
    ledger = _ledger(db)
    assert summary.documents == len(ledger)
    assert ledger[str(folder / "good.txt")][0] == "ok"
    assert ledger[str(folder / "feed.jsonl") + ":1"][0] == "ok"
    assert ledger[str(folder / "latin.txt")][0] == "ok"
    for name, status, words in [
        ("image.png", "skipped", "binary"),
        ("empty.html", "skipped", "empty"),
        ("cut.html.gz", "failed", "truncated gzip"),
        ("big.html", "skipped", "larger than max_document_bytes"),
        ("feed.jsonl:2", "failed", "invalid JSON"),
        ("feed.jsonl:3", "failed", "line 3"),
    ]:
        got_status, reason = ledger[str(folder / name)]
        assert got_status == status and words in reason, (name, got_status, reason)
    assert any(
        origin.startswith(str(folder / "cut.warc")) and row[0] == "failed" for origin, row in ledger.items()
    )
    assert summary.events >= 2


def test_pipeline_one_crashing_document_fails_alone(
    tmp_path: Path, processor: Processor, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE.replace("Tuesday", "Friday") + " POISON.", encoding="utf-8")
    coder = processor.coder
    assert coder is not None
    real = coder.code

    def code(analyzed: Any, article_id: str, published: Any) -> Any:
        if "POISON" in analyzed.text:
            raise RuntimeError("coder bug")
        return real(analyzed, article_id, published)

    monkeypatch.setattr(coder, "code", code)
    db = tmp_path / "events.duckdb"
    summary = _run([folder], db, processor)
    ledger = _ledger(db)
    assert ledger[str(folder / "a.txt")][0] == "ok"
    assert ledger[str(folder / "b.txt")] == ("failed", "RuntimeError: coder bug")
    assert summary.ok == 1 and summary.failed == 1 and summary.events > 0


def test_pipeline_rerun_of_known_documents_loads_no_spacy(tmp_path: Path, sample_db: Path) -> None:
    """A run whose documents are all in the ledger has nothing to code, so it never loads the coder."""
    import shutil
    import subprocess
    import sys

    db = tmp_path / "again.duckdb"
    shutil.copy(sample_db, db)
    probe = (
        "import sys, json; from eventwire.api import run_paths; "
        f"s = run_paths([{str(SAMPLES)!r}], {str(db)!r}); "
        "print(json.dumps([s.documents, s.already_done, 'spacy' in sys.modules]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    documents, already_done, spacy_loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert documents == 0 and already_done > 10
    assert spacy_loaded is False
