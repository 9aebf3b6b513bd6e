"""`eventwire watch` on the command line: its arguments, its one line per cycle, exit statuses, and the
clean stop on a signal (in this process: the same handlers the CLI installs)."""

from __future__ import annotations

import os
import signal
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _feed_server import feed_site
from _watch_helpers import watch_settings, watcher
from eventwire.cli import build_app
from eventwire.commands.watch import cycle_lines
from eventwire.errors import InputError
from eventwire.watch import CycleReport, SourceProblem, StopOnSignals, next_start, parse_every


@pytest.mark.parametrize(
    ("text", "seconds"), [("15m", 900), ("10s", 10), ("1h30m", 5400), ("90", 90), ("1.5m", 90), ("2 h", 7200)]
)
def test_watch_every_parses_durations(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "10x", "0s", "500ms", "-5m", "m"])
def test_watch_every_refuses_what_is_not_a_duration_of_a_second_or_more(text: str) -> None:
    with pytest.raises(InputError, match="--every"):
        parse_every(text)


def test_watch_cycles_align_on_the_utc_clock() -> None:
    started = datetime(2026, 12, 8, 10, 7, 12, tzinfo=UTC)
    assert next_start(started, 900, started) == datetime(2026, 12, 8, 10, 15, tzinfo=UTC)
    late = datetime(2026, 12, 8, 10, 20, tzinfo=UTC)  # the cycle overran its slot: start at once
    assert next_start(started, 900, late) == late


def test_watch_cli_refuses_a_bad_source_or_interval(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(
        build_app(), ["watch", str(tmp_path / "nope"), "--db", str(tmp_path / "w.duckdb")]
    )
    assert missing.exit_code == 2
    assert "not an http(s) feed URL, a folder or a file" in missing.output
    bad = runner.invoke(build_app(), ["watch", str(tmp_path), "--every", "often"])
    assert bad.exit_code == 2 and "--every" in bad.output
    empty = runner.invoke(build_app(), ["watch", "--db", str(tmp_path / "w.duckdb")])
    assert empty.exit_code == 2 and "nothing to watch" in empty.output
    urls = tmp_path / "urls.txt"
    urls.write_text("ftp://example.org/feed\n", encoding="utf-8")
    wrong = runner.invoke(build_app(), ["watch", "--urls", str(urls), "--db", str(tmp_path / "w.duckdb")])
    assert wrong.exit_code == 2 and "is not an http(s) URL" in wrong.output


def test_watch_cli_once_exits_1_when_every_source_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVENTWIRE_FETCH_TIMEOUT_S", "2")
    db = tmp_path / "w.duckdb"
    args = ["watch", "http://127.0.0.1:9/feed.rss", "--db", str(db), "--once"]
    result = CliRunner().invoke(build_app(), args)
    assert result.exit_code == 1, result.output
    assert "cycle 1: nothing new, 1 of 1 source failed" in result.output
    assert "  ! http://127.0.0.1:9/feed.rss: robots.txt unreachable" in result.output
    again = CliRunner().invoke(build_app(), args)  # backing off: nothing asked, nothing failed
    assert again.exit_code == 0 and "0 sources asked, 1 backing off" in again.output


def test_watch_cycle_line_says_documents_events_failures_and_time() -> None:
    report = CycleReport(
        number=3, stamp=20261208101500, started_at=datetime(2026, 12, 8, 10, 15, tzinfo=UTC), seconds=4.25,
        sources=5, checked=4, changed=2, unchanged=1, waiting=1,
        problems=(SourceProblem("http://a/feed", "HTTP 500", 2, datetime(2026, 12, 8, 10, 25, tzinfo=UTC)),),
        documents=12, ok=10, skipped=1, failed=1, already_known=2, events_new=40, events_updated=7,
        retrying=1, left_over=0, settling=0, published=("x.export.CSV.zip", "x.mentions.CSV.zip"),
    )  # fmt: skip
    assert cycle_lines(report) == [
        "2026-12-08 10:15:00Z cycle 3: 12 new documents (10 ok, 1 skipped, 1 failed), 47 events (40 new, 7 updated),"
        " 1 of 4 sources failed, 1 backing off, 2 already in the store, 1 page to try again, 4.25 s;"
        " published 20261208101500",
        "  ! http://a/feed: HTTP 500 (failure 2 in a row, next try 2026-12-08 10:25:00Z)",
    ]


def test_watch_first_signal_stops_cleanly_after_the_cycle(processor: Any, tmp_path: Path) -> None:
    with feed_site() as site:
        site.publish("/feed.rss", [0])
        stop = threading.Event()
        told: list[str] = []
        with watcher(tmp_path / "w.duckdb", [f"{site.base}/feed.rss"], processor, watch_settings()) as w:
            w.stop = stop
            reports: list[CycleReport] = []

            def on_report(report: CycleReport) -> None:
                reports.append(report)
                os.kill(os.getpid(), signal.SIGTERM)  # arrives while the loop would sleep 1 h

            with StopOnSignals(stop, told.append):
                summary = w.run(3600, on_report=on_report)
        assert told == ["SIGTERM"]
        assert (summary.cycles, summary.documents, summary.stopped) == (1, 1, True)
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handlers are given back


def test_watch_second_signal_forces_a_stop(tmp_path: Path) -> None:
    stop = threading.Event()
    with StopOnSignals(stop), pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)
        assert stop.is_set()
        os.kill(os.getpid(), signal.SIGINT)
