"""How read_inputs finds its inputs: stdin, globs, directories, missing paths; ids are stable."""

from __future__ import annotations

import gzip
import io
import shutil
import sys
from pathlib import Path

import pytest

from eventwire.ingest import read_bytes, read_inputs
from eventwire.records import DocType, DocumentStatus, RawDocument, Status, content_id
from eventwire.settings import Settings

DATA = Path(__file__).resolve().parent / "data" / "ingest"


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]


def test_ingest_stdin_dash_reads_binary_stdin(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    raw = (DATA / "summit.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", _Stdin(gzip.compress(raw)))
    [doc] = read_inputs(["-"], settings)
    assert isinstance(doc, RawDocument)
    assert (doc.origin, doc.content, doc.declared_type) == ("<stdin>", raw, DocType.HTML)


def test_ingest_stdin_jsonl_is_streamed(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin((DATA / "wires.jsonl").read_bytes()))
    origins = [item.origin for item in read_inputs(["-"], settings)]
    assert origins == ["<stdin>:1", "<stdin>:2"]


def test_ingest_glob_matches_sorted_files(tmp_path: Path, settings: Settings) -> None:
    for name in ("b.html", "a.html", "c.txt"):
        shutil.copy(DATA / "summit.html", tmp_path / name)
    origins = [item.origin for item in read_inputs([str(tmp_path / "*.html")], settings)]
    assert origins == [str(tmp_path / "a.html"), str(tmp_path / "b.html")]


def test_ingest_directory_is_recursive_and_sorted(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "z").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    shutil.copy(DATA / "wire.txt", tmp_path / "z" / "1.txt")
    shutil.copy(DATA / "wire.txt", tmp_path / "a" / "deep" / "2.txt")
    shutil.copy(DATA / "wire.txt", tmp_path / "m.txt")
    origins = [item.origin for item in read_inputs([str(tmp_path)], settings)]
    assert origins == [str(tmp_path / p) for p in ("m.txt", "a/deep/2.txt", "z/1.txt")]


def test_ingest_missing_path_and_empty_glob_are_failed_rows(tmp_path: Path, settings: Settings) -> None:
    missing, nothing = read_inputs([str(tmp_path / "nope.html"), str(tmp_path / "*.warc")], settings)
    assert isinstance(missing, DocumentStatus)
    assert isinstance(nothing, DocumentStatus)
    assert (missing.status, missing.reason) == (Status.FAILED, "no such file or directory")
    assert missing.doc_id == content_id(str(tmp_path / "nope.html").encode())
    assert (nothing.status, nothing.reason) == (Status.FAILED, "no file matches this pattern")


def test_ingest_ids_are_identical_across_two_reads(settings: Settings) -> None:
    first = [item.as_dict() for item in read_inputs([str(DATA)], settings)]
    second = [item.as_dict() for item in read_inputs([str(DATA)], settings)]
    assert first == second
    ids = [row.get("id") or row["doc_id"] for row in first]
    assert len(ids) == len(set(ids))


def test_ingest_size_limit_applies_after_decompression(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"<html>" + b" " * 5000 + b"</html>"))
    [row] = read_inputs([str(tmp_path / "bomb.html.gz")], settings.replace(max_document_bytes=1000))
    assert isinstance(row, DocumentStatus)
    assert row.reason == "more than 1000 bytes after decompression, larger than max_document_bytes (1000)"


def test_ingest_whitespace_only_file_is_empty(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n")
    [row] = read_inputs([str(tmp_path / "blank.txt")], settings)
    assert isinstance(row, DocumentStatus)
    assert row.reason == "empty file (only whitespace)"


def test_ingest_utf16_text_is_not_taken_for_binary(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "utf16.txt").write_bytes("Ministers met in Oslo.".encode("utf-16"))
    [doc] = read_inputs([str(tmp_path / "utf16.txt")], settings)
    assert isinstance(doc, RawDocument)


def test_ingest_read_bytes_matches_reading_a_file(settings: Settings) -> None:
    raw = (DATA / "world.rss").read_bytes()
    from_bytes = [item.as_dict() for item in read_bytes(raw, "upload.rss", settings)]
    assert [row["url"] for row in from_bytes[:2]] == [
        "https://news.example.net/world/chile-argentina-border",
        "https://news.example.net/world/un-envoy-sanaa",
    ]
    assert [row.get("id") for row in from_bytes[:2]] == [
        item.id for item in read_inputs([str(DATA / "world.rss")], settings) if isinstance(item, RawDocument)
    ]
