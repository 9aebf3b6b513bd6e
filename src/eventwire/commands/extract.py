"""`eventwire extract`: find the articles in raw pages and write them as JSON lines."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

import typer

from eventwire.settings import Settings


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(
        inputs: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
        out: Path | None = typer.Option(None, "--out", "-o", help="Write JSON lines here (default: stdout)."),
        statuses: bool = typer.Option(
            False, "--statuses", help="Also write a JSON line for every skipped or failed document."
        ),
    ) -> None:
        """Extract articles (title, date, source, body, related links) from raw pages as JSON lines."""
        from rich.console import Console

        from eventwire.api import extract_paths
        from eventwire.commands._display import run_progress, summary_table
        from eventwire.pipeline import RunSummary
        from eventwire.records import DocumentResult, DocumentStatus

        console = Console(stderr=True)
        summary = RunSummary()
        sink: TextIO = out.open("w", encoding="utf-8") if out else sys.stdout
        try:
            with run_progress(console, inputs) as progress:
                for found in extract_paths(inputs, Settings.from_env()):
                    if isinstance(found, DocumentStatus):
                        result = DocumentResult(found)
                        if statuses:
                            sink.write(json.dumps({"status": found.as_dict()}, ensure_ascii=False) + "\n")
                    else:
                        result = DocumentResult(DocumentStatus.ok(found.doc_id, found.origin), found)
                        sink.write(json.dumps(found.as_dict(), ensure_ascii=False) + "\n")
                    summary.add(result.status)
                    progress(result)
        finally:
            if out:
                sink.close()
        console.print(summary_table(summary, "Extraction"))
        if summary.documents == 0 or summary.ok == 0 and summary.failed == summary.documents:
            raise typer.Exit(1)
