"""`eventwire code`: JSON lines or plain text in, one JSON line per input out."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import eventwire.events
from eventwire.cli import build_app
from eventwire.commands.code import parse_when, read_items
from eventwire.errors import InputError


def test_events_public_names() -> None:
    assert "EventCoder" in eventwire.events.__all__ and "cameo_table" in eventwire.events.__all__
    assert all(hasattr(eventwire.events, name) for name in eventwire.events.__all__)


def test_events_cli_reads_json_lines_and_keeps_ids(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "s1", "text": "Germany invaded France.", "date": "2001-01-01"})
        + "\nnot json\n"
        + json.dumps({"id": "s2", "text": "The weather was fine."})
        + "\n"
    )
    result = CliRunner().invoke(build_app(), ["code", str(source)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["s1", "in.jsonl:2", "s2"]
    assert rows[0]["events"][0]["cameo"] == "192" and rows[0]["events"][0]["event_date"] == "2001-01-01"
    assert "error" in rows[1] and rows[2]["events"] == []


def test_events_cli_bad_pattern_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("patterns:\n  - {id: x}\n")
    result = CliRunner().invoke(
        build_app(), ["code", "--patterns", str(bad)], input="Germany invaded France."
    )
    assert result.exit_code == 2
    assert "bad.yaml:2" in result.output


def test_events_cli_plain_text_is_one_input() -> None:
    items = list(read_items(io.StringIO("\nFirst line.\nSecond line.\n"), "stdin"))
    assert len(items) == 1 and items[0][0] == "stdin" and "Second line." in (items[0][1] or "")


def test_events_cli_dates() -> None:
    assert parse_when("2018-12-02") == datetime(2018, 12, 2)
    assert parse_when("20181202") == datetime(2018, 12, 2)
    assert parse_when("2018-12-02T01:05:00") == datetime(2018, 12, 2, 1, 5)
    assert parse_when(None) is None
    with pytest.raises(InputError):
        parse_when("yesterday-ish")


def test_events_cli_min_confidence_filters(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "s1", "text": "Germany invaded France.", "date": "2001-01-01"}) + "\n"
    )
    kept = CliRunner().invoke(build_app(), ["code", str(source), "--min-confidence", "0.1"])
    dropped = CliRunner().invoke(build_app(), ["code", str(source), "--min-confidence", "0.99"])
    assert json.loads(kept.stdout)["events"] and json.loads(dropped.stdout)["events"] == []
