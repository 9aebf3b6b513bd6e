"""`eventwire import-gdelt`: load real GDELT 2.0 event export files into the store (origin 'gdelt')."""

from __future__ import annotations

from pathlib import Path

import typer

from eventwire.commands._errors import fail
from eventwire.errors import DataFileError, EventwireError

SHOWN_BAD_LINES = 5


def register(app: typer.Typer) -> None:
    @app.command("import-gdelt")
    def import_gdelt(
        files: list[Path] = typer.Argument(
            ..., help="GDELT 2.0 *.export.CSV files (tab-separated), or GDELT's *.export.CSV.zip."
        ),
        db: Path = typer.Option(
            Path("events.duckdb"), "--db", help="DuckDB event store (created if missing)."
        ),
        update: bool = typer.Option(
            False,
            "--update",
            help="A row for an event imported before replaces it (follow an update feed, oldest file first).",
        ),
    ) -> None:
        """Load GDELT 2.0 event exports beside your own coding; their GLOBALEVENTIDs are kept."""
        from eventwire.store import Store
        from eventwire.store.gdelt import import_events

        failed = False
        try:
            with Store.open(db) as store, store.connection() as con:
                for path in files:
                    if not path.is_file():
                        typer.echo(f"error: {path}: no such file", err=True)
                        failed = True
                        continue
                    try:
                        report = import_events(con, path, update=update)
                    except DataFileError as exc:
                        typer.echo(f"error: {exc}", err=True)
                        failed = True
                        continue
                    updated = f", {report.updated} updated" if update else ""
                    typer.echo(f"{path}: {report.rows} rows read, {report.added} added{updated}, "
                               f"{len(report.bad_lines)} malformed")  # fmt: skip
                    for line in report.bad_lines[:SHOWN_BAD_LINES]:
                        typer.echo(f"  {line}", err=True)
        except EventwireError as exc:
            fail(exc, 1)
        if failed:
            raise typer.Exit(1)
