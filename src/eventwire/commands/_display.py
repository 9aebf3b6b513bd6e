"""Rich rendering shared by the commands: progress bars and summary tables."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

if TYPE_CHECKING:  # only in annotations: importing the pipeline would load the store
    from eventwire.pipeline import RunSummary
    from eventwire.records import DocumentResult


def count_input_files(inputs: Sequence[str]) -> int | None:
    """How many files the inputs name (for the ETA), or None when unknown (stdin)."""
    total = 0
    for item in inputs:
        if item == "-":
            return None
        path = Path(item)
        if path.is_dir():
            total += sum(len(files) for _, _, files in os.walk(path))
        elif path.exists():
            total += 1
        else:
            total += len(glob.glob(item, recursive=True))
    return total


def file_of(origin: str) -> str:
    """The input file an origin string points into (``path#record``, ``path:LINE``, ``path``)."""
    head = origin.split("#", 1)[0]
    base, _, tail = head.rpartition(":")
    return base if base and tail.isdigit() else head


class RunProgress:
    """A progress bar over input files with documents/s, fed one DocumentResult at a time."""

    def __init__(self, progress: Progress, total_files: int | None) -> None:
        self._progress = progress
        self._task = progress.add_task("documents", total=total_files, docs=0, rate=0.0)
        self._files: set[str] = set()
        self._docs = 0

    def __call__(self, result: DocumentResult) -> None:
        self._docs += 1
        self._files.add(file_of(result.status.origin))
        elapsed = self._progress.tasks[self._task].elapsed or 1e-9
        self._progress.update(
            self._task, completed=len(self._files), docs=self._docs, rate=self._docs / elapsed
        )


@contextmanager
def run_progress(console: Console, inputs: Sequence[str]) -> Iterator[RunProgress]:
    columns = (
        TextColumn("[bold]{task.fields[docs]}[/] docs"),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        yield RunProgress(progress, count_input_files(inputs))


def summary_table(summary: RunSummary, title: str = "Documents") -> Table:
    table = Table(title=title)
    table.add_column("status")
    table.add_column("count", justify="right")
    table.add_row("ok", str(summary.ok))
    table.add_row("skipped", str(summary.skipped))
    table.add_row("failed", str(summary.failed))
    if summary.already_done:
        table.add_row("already in the store", str(summary.already_done))
    for reason, count in sorted(summary.reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(f"  {reason}", str(count), style="dim")
    return table
