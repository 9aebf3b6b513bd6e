"""`eventwire run`: the main job, inputs → events in the DuckDB store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from eventwire.settings import Settings

if TYPE_CHECKING:  # the pipeline, the store and rich load when the command runs, not for --help
    from rich.console import Group
    from rich.text import Text

    from eventwire.records import ActorMention, DocumentResult, Event

SHOWN_EVENTS = 40


def register(app: typer.Typer) -> None:
    @app.command()
    def run(
        inputs: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
        db: Path = typer.Option(
            Path("events.duckdb"), "--db", help="DuckDB file to write (created if missing)."
        ),
        actors: list[Path] = typer.Option([], "--actors", help="Extra actor dictionary files (YAML)."),
        patterns: list[Path] = typer.Option([], "--patterns", help="Extra event pattern files (YAML)."),
        show: int = typer.Option(SHOWN_EVENTS, "--show", help="How many of the new events to print."),
        workers: int = typer.Option(
            1, "--workers", min=1, help="Local worker processes (a Dask LocalCluster when more than 1)."
        ),
        dask: str | None = typer.Option(
            None, "--dask", help="Dask scheduler to run on: tcp://host:8786, or local:N for a LocalCluster."
        ),
        parts: Path | None = typer.Option(
            None,
            "--parts",
            help="Where workers save Parquet parts (default <db>.parts); shared storage for a cluster.",
        ),
        min_confidence: float | None = typer.Option(
            None,
            "--min-confidence",
            min=0.0,
            max=1.0,
            help="Drop events below this calibrated confidence (default: the min_confidence setting).",
        ),
    ) -> None:
        """Ingest, extract, code and store: every input document ends with a ledger row."""
        from rich.console import Console

        from eventwire.api import run_paths
        from eventwire.commands._display import run_progress, summary_table

        console = Console()
        shown: list[Event] = []

        with run_progress(Console(stderr=True), inputs) as progress:

            def hook(result: DocumentResult) -> None:
                progress(result)
                room = show - len(shown)
                if room > 0:
                    shown.extend(result.events[:room])

            settings = Settings.from_env()
            if min_confidence is not None:
                settings = settings.replace(min_confidence=min_confidence)
            if parts is not None:
                settings = settings.replace(parts_dir=str(parts))
            summary = run_paths(
                inputs,
                db,
                settings,
                actor_files=actors,
                pattern_files=patterns,
                progress=hook,
                workers=workers,
                dask=dask,
            )
        if shown:
            console.print(events_table(shown, f"New events (first {len(shown)} of {summary.events})"))
        console.print(summary_table(summary, f"Documents → {db}"))
        if summary.recovered:
            console.print(f"Loaded {summary.recovered} documents from parts an interrupted run left.")
        console.print(f"{summary.events} events coded from {summary.ok} articles.")
        if summary.events and not shown and show > 0:  # a cluster run: the events went into parts
            console.print(f"See them with: eventwire events --db {db}")
        if summary.documents + summary.already_done == 0 or (
            summary.documents and summary.failed == summary.documents
        ):
            raise typer.Exit(1)


def events_table(events: list[Event], title: str) -> Group:
    """Events as short blocks: the coded line, then the evidence sentence with the actors in colour."""
    from rich.console import Group
    from rich.text import Text

    blocks: list[Text] = [Text(title, style="bold underline")]
    for event in events:
        head = Text()
        head.append(f"{event.event_date or '????-??-??'}  ", style="dim")
        head.append(_who(event.source), style="bold cyan")
        head.append("  →  ")
        head.append(_who(event.target), style="bold magenta")
        head.append(f"   {event.cameo} {event.plover}", style="bold")
        head.append(f"  quad {event.quad_class}  {event.goldstein:+.1f}", style="dim")
        flags = [
            name for name, on in (("negated", event.negated), ("hypothetical", event.hypothetical)) if on
        ]
        if flags:
            head.append(f"  [{', '.join(flags)}]", style="yellow")
        if event.location is not None:
            head.append(f"  @ {event.location.name}", style="green")
        blocks.append(head)
        blocks.append(_evidence(event))
        blocks.append(Text(""))
    return Group(*blocks)


def _who(mention: ActorMention | None) -> str:
    if mention is None:
        return "—"
    return f"{mention.actor.code} ({mention.span.text})"


def _evidence(event: Event) -> Text:
    """The sentence, indented, with source, target and trigger highlighted."""
    from rich.text import Text

    text = Text("    " + event.sentence_text, style="italic")
    base = _sentence_start(event) - 4
    marks = ((event.source, "cyan"), (event.target, "magenta"))
    for mention, colour in marks:
        if mention is not None:
            text.stylize(f"bold {colour}", mention.span.start - base, mention.span.end - base)
    text.stylize("bold underline", event.trigger.start - base, event.trigger.end - base)
    return text


def _sentence_start(event: Event) -> int:
    """Article offset of the sentence: spans are article offsets, the sentence text is local."""
    spans = [m.span for m in (event.source, event.target) if m is not None] + [event.trigger]
    for span in spans:
        local = event.sentence_text.find(span.text)
        if local >= 0 and span.text:
            return span.start - local
    return 0
