"""`eventwire export`: events out of the store as GDELT 2.0 TSV, mentions TSV, Parquet, JSONL or CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from eventwire.commands._errors import fail
from eventwire.errors import EventwireError

# The formats of ``eventwire.store.export.FORMATS`` (tests/test_cli_startup.py keeps them in step), written
# out so that listing the commands does not import DuckDB and Arrow.
FORMAT_NAMES = ("gdelt", "mentions", "parquet", "jsonl", "csv")


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from exc


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_cmd(
        db: Path = typer.Option(Path("events.duckdb"), "--db", help="DuckDB event store to read."),
        fmt: str = typer.Option(..., "--format", help=f"One of: {', '.join(FORMAT_NAMES)}."),
        out: Path = typer.Option(..., "--out", help="Output file (a directory for parquet)."),
        since: str | None = typer.Option(None, "--since", help="First event date, YYYY-MM-DD."),
        until: str | None = typer.Option(None, "--until", help="Last event date, YYYY-MM-DD."),
        actor: str | None = typer.Option(None, "--actor", help="CAMEO actor code prefix, either side."),
        min_confidence: float | None = typer.Option(
            None,
            "--min-confidence",
            help="Only events whose calibrated confidence is at least this, 0 to 1 (mentions: the mentions "
            "of those events); events without one (imported GDELT rows) are left out.",
        ),
    ) -> None:
        """Export events (GDELT 2.0 61-column TSV, GDELT mentions, Parquet by date, JSONL, CSV)."""
        from eventwire.store import Store
        from eventwire.store.export import FORMATS, ExportFilter, export
        from eventwire.store.query import confidence_problem

        if fmt not in FORMATS:
            raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
        problem = confidence_problem(min_confidence)
        if problem:
            raise typer.BadParameter(problem, param_hint="--min-confidence")
        filters = ExportFilter(_day(since, "--since"), _day(until, "--until"), actor, min_confidence)
        try:
            with Store.open(db, read_only=True) as store:
                n = export(store, fmt, out, filters)
        except EventwireError as exc:
            fail(exc, 1)
        typer.echo(f"{n} rows written to {out} ({fmt})")
