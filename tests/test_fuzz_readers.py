"""Property tests: the readers (``read_bytes``) never raise, whatever bytes they are given.

Every output item is a RawDocument within the size limit or a DocumentStatus with a reason. The CI
variants are short (few examples, no deadline); ``benchmarks/fuzz_long.py`` runs the same properties long.
"""

from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from _hostile import (
    GOOD_TEXT,
    NAMED_CASES,
    check_read,
    jsonl_dates,
    jsonl_wrong_types,
    mutated_documents,
    one_line,
    truncated_gzip,
    truncated_warc,
)
from eventwire.ingest import read_bytes
from eventwire.records import DocumentStatus, RawDocument
from eventwire.settings import Settings

SETTINGS = Settings()
CI = hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(payload: bytes, name: str, settings: Settings = SETTINGS) -> list[RawDocument | DocumentStatus]:
    items = list(read_bytes(payload, name, settings))
    check_read(items, settings)
    return items


@CI
@given(
    payload=st.binary(max_size=4096),
    name=st.sampled_from(["x", "a.html", "a.txt", "a.warc", "a.jsonl", "a.rss", "a.gz", "a.warc.gz"]),
)
def test_fuzz_readers_random_bytes_never_raise(payload: bytes, name: str) -> None:
    _read(payload, name)


@CI
@given(case=mutated_documents())
def test_fuzz_readers_mutated_documents_never_raise(case: tuple[str, bytes]) -> None:
    name, payload = case
    _read(payload, name)


@pytest.mark.parametrize("name", sorted(NAMED_CASES))
def test_fuzz_readers_named_hostile_case_ends_in_records(name: str) -> None:
    assert _read(NAMED_CASES[name], name)


def test_fuzz_readers_truncated_gzip_is_a_failed_row() -> None:
    [item] = _read(truncated_gzip(), "cut.txt.gz")
    assert isinstance(item, DocumentStatus) and item.status.value == "failed"
    assert "truncated" in item.reason or "incomplete" in item.reason


def test_fuzz_readers_truncated_warc_keeps_whole_records_and_reports_the_cut() -> None:
    items = _read(truncated_warc(), "cut.warc.gz")
    docs = [i for i in items if isinstance(i, RawDocument)]
    rows = [i for i in items if isinstance(i, DocumentStatus)]
    assert len(docs) == 2 and len(rows) == 1 and rows[0].status.value == "failed"


def test_fuzz_readers_jsonl_wrong_types_leave_a_row_per_bad_line() -> None:
    items = _read(jsonl_wrong_types(), "types.jsonl")
    assert len(items) == 10
    origins = {i.origin for i in items}
    assert len(origins) == 10  # every line accounted for, each under its own origin
    assert any(isinstance(i, RawDocument) and i.url == "https://x.example/good" for i in items)


def test_fuzz_readers_extreme_years_keep_the_document() -> None:
    items = _read(jsonl_dates(), "dates.jsonl")
    assert len(items) == 5 and all(isinstance(i, RawDocument) for i in items)
    for item in items:
        assert isinstance(item, RawDocument)
        assert item.published is None or 1 <= item.published.year <= 9999


def test_fuzz_readers_single_20mb_line_is_skipped_for_size() -> None:
    payload = one_line(20_000_001)
    [item] = _read(payload, "line.txt")
    assert isinstance(item, DocumentStatus) and "max_document_bytes" in item.reason


def test_fuzz_readers_single_20mb_line_in_jsonl_is_a_row() -> None:
    line = b'{"url": "https://x.example/", "text": "' + one_line(20_000_000) + b'"}\n'
    good = json.dumps({"url": "https://x.example/ok", "text": GOOD_TEXT}).encode() + b"\n"
    items = _read(line + good, "big.jsonl")
    assert len(items) == 2 and isinstance(items[0], DocumentStatus) and isinstance(items[1], RawDocument)


def test_fuzz_readers_gzip_bomb_stops_at_the_size_limit() -> None:
    small = SETTINGS.replace(max_document_bytes=1_000_000)
    bomb = gzip.compress(b"a " * 10_000_000)  # 20 MB of text in ~20 KB
    [item] = _read(bomb, "bomb.txt.gz", small)
    assert isinstance(item, DocumentStatus) and "max_document_bytes" in item.reason
