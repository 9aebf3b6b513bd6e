"""`eventwire watch SOURCES --every 15m`: keep a store current from feeds, pages and folders, one line per cycle."""

from __future__ import annotations

import os
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from eventwire.commands._errors import fail
from eventwire.errors import EventwireError
from eventwire.settings import Settings

if TYPE_CHECKING:  # the watch package pulls in the store, the fetcher and the pipeline: loaded when it runs
    from eventwire.watch import CycleReport, WatchSummary


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%SZ") if moment is not None else "?"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def cycle_lines(report: CycleReport) -> list[str]:
    """One line for the cycle, then one per failing source or problem."""
    parts: list[str] = []
    if report.documents:
        parts.append(
            f"{_plural(report.documents, 'new document')} "
            f"({report.ok} ok, {report.skipped} skipped, {report.failed} failed)"
        )
        parts.append(
            f"{_plural(report.events_new + report.events_updated, 'event')} "
            f"({report.events_new} new, {report.events_updated} updated)"
        )
    else:
        parts.append("nothing new")
    failing = len(report.problems)
    asked = _plural(report.checked, "source")
    sources = f"{failing} of {asked} failed" if failing else f"{asked} asked"
    if report.waiting:
        sources += f", {report.waiting} backing off"
    parts.append(sources)
    extra = [
        (report.already_known, "already in the store", "already in the store"),
        (report.retrying, "page to try again", "pages to try again"),
        (report.left_over, "left for the next cycle", "left for the next cycle"),
        (report.settling, "file still being written", "files still being written"),
    ]
    parts.extend(f"{n} {one if n == 1 else many}" for n, one, many in extra if n)
    parts.append(f"{report.seconds:.2f} s")
    line = f"{_when(report.started_at)} cycle {report.number}: " + ", ".join(parts)
    if report.published:
        line += f"; published {report.stamp}"
    if report.stopped:
        line += " (stopped early)"
    lines = [line]
    for problem in report.problems:
        retry = f", next try {_when(problem.next_attempt)}" if problem.next_attempt else ""
        lines.append(f"  ! {problem.source}: {problem.reason} (failure {problem.failures} in a row{retry})")
    if report.publish_error:
        lines.append(f"  ! publishing failed, tried again after the next cycle: {report.publish_error}")
    if report.error:
        lines.append(f"  ! {report.error}")
    return lines


def _final_line(summary: WatchSummary, why: str) -> str:
    return (
        f"stopped{why} after {_plural(summary.cycles, 'cycle')}: "
        f"{_plural(summary.documents, 'new document')}, "
        f"{_plural(summary.events_new, 'new event')}, {summary.events_updated} updated"
    )


def register(app: typer.Typer) -> None:
    @app.command("watch")
    def watch_cmd(
        sources: list[str] | None = typer.Argument(
            None,
            help="RSS/Atom feed URLs, folders (new files are picked up) or files (read again when changed).",
        ),
        url_file: Path | None = typer.Option(
            None,
            "--urls",
            help="A file of feed or page URLs, one per line ('#' comments); read again every cycle.",
        ),
        db: Path = typer.Option(
            Path("events.duckdb"), "--db", help="DuckDB event store (created if missing)."
        ),
        every: str = typer.Option("15m", "--every", help="Time between cycles: 15m, 10s, 1h, 90 (seconds)."),
        once: bool = typer.Option(False, "--once", help="Run one cycle and exit (for cron)."),
        publish: Path | None = typer.Option(
            None, "--publish", help="Write GDELT-style update files (export, mentions, lastupdate.txt) here."
        ),
        publish_url: str = typer.Option(
            "",
            "--publish-url",
            help="URL prefix of the --publish folder as served over HTTP, for lastupdate.txt (default: file names).",
        ),
        feed_content: bool = typer.Option(
            False,
            "--feed-content",
            help="Code feed items' own content instead of fetching the pages they link to.",
        ),
        max_items: int | None = typer.Option(
            None, "--max-items", min=1, help="Most new items one cycle takes on (setting watch_max_items)."
        ),
        actors: list[Path] = typer.Option([], "--actors", help="Extra actor dictionary files (YAML)."),
        patterns: list[Path] = typer.Option([], "--patterns", help="Extra event pattern files (YAML)."),
    ) -> None:
        """Keep a store current from feeds, pages and folders; with --publish, GDELT-style 15-minute updates.

        Each cycle asks every source politely what is new (conditional GET, robots.txt, per-host delay), codes only what the store does not hold, commits it in one transaction and prints one line.

        Failing sources are reported and backed off; Ctrl-C or SIGTERM stops cleanly (twice: at once). With --once the exit status is 1 when every source asked failed.
        """
        from eventwire.watch import StopOnSignals, parse_every, watch

        try:
            every_s = parse_every(every)
        except EventwireError as exc:
            raise typer.BadParameter(str(exc), param_hint="--every") from exc
        settings = Settings.from_env()
        if feed_content:
            settings = settings.replace(watch_follow_links=False)
        settings = settings.replace(watch_max_items=max_items)
        stop = threading.Event()

        def on_signal(name: str) -> None:
            typer.echo(f"{name}: stopping after the current step (again to stop at once)", err=True)

        def on_open(republished: tuple[str, ...]) -> None:
            if republished:
                typer.echo(f"published what an interrupted run left: {', '.join(republished)}", err=True)

        def on_report(report: CycleReport) -> None:
            for line in cycle_lines(report):
                typer.echo(line)

        named = len(sources or []) + (1 if url_file else 0)
        plan = "one cycle" if once else f"every {every}"
        typer.echo(f"eventwire watch: {_plural(named, 'source')} into {db}, {plan}", err=True)
        try:
            with StopOnSignals(stop, on_signal):
                summary = watch(
                    list(sources or []),
                    db,
                    settings,
                    url_file=url_file,
                    every_s=every_s,
                    once=once,
                    publish_dir=publish,
                    publish_url=publish_url,
                    actor_files=actors,
                    pattern_files=patterns,
                    on_report=on_report,
                    on_open=on_open,
                    stop=stop,
                )
        except KeyboardInterrupt:
            typer.echo("stopped at once: the cycle in progress was rolled back", err=True)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)  # do not wait for requests in flight; the store is as after its last commit
        except EventwireError as exc:
            fail(exc)
        if summary.stopped:
            typer.echo(_final_line(summary, ""))
            return
        last = summary.last
        if once and last is not None and last.checked and len(last.problems) == last.checked:
            raise typer.Exit(1)
