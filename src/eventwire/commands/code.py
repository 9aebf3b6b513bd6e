"""`eventwire code`: code events in sentences or articles given as JSON lines or plain text."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

import typer

from eventwire.commands._errors import fail
from eventwire.errors import DataFileError, InputError
from eventwire.settings import Settings


def parse_when(raw: Any) -> datetime | None:
    """A ``date`` field: ISO date or datetime, or PETRARCH-style ``YYYYMMDD``; None if absent."""
    if raw in (None, ""):
        return None
    text = str(raw).strip()
    try:
        if len(text) == 8 and text.isdigit():
            return datetime(int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) == 10:
            found = date.fromisoformat(text)
            return datetime(found.year, found.month, found.day)
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"unreadable date {text!r}") from exc


def read_items(stream: TextIO, name: str) -> Iterator[tuple[str, str | None, datetime | None, str | None]]:
    """(id, text, published, error) per input: JSON lines, or the whole stream as one plain text."""
    first = ""
    for line in stream:
        if line.strip():
            first = line
            break
    if not first.lstrip().startswith("{"):
        yield name, first + stream.read(), None, None
        return
    lines = [first]
    for number, line in enumerate(_chain(lines, stream), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise InputError("a JSON line needs a string 'text'")
            yield str(row.get("id", number)), row["text"], parse_when(row.get("date")), None
        except (json.JSONDecodeError, InputError) as exc:
            yield f"{name}:{number}", None, None, str(exc)


def _chain(first: list[str], stream: TextIO) -> Iterator[str]:
    yield from first
    yield from stream


def register(app: typer.Typer) -> None:
    @app.command()
    def code(
        file: Path | None = typer.Argument(
            None, help="JSON lines {id, text, date?} or plain text; - or none: stdin."
        ),
        patterns: list[Path] = typer.Option(
            [], "--patterns", help="Extra pattern YAML files (override by id)."
        ),
        actors: list[Path] = typer.Option([], "--actors", help="Extra actor dictionary files."),
        min_confidence: float = typer.Option(
            0.0, "--min-confidence", help="Drop events below this confidence."
        ),
    ) -> None:
        """Code who-did-what-to-whom events; one JSON line per input with its events."""
        from eventwire.actors import ActorAnalyzer
        from eventwire.events import EventCoder

        settings = Settings.from_env()
        try:
            # The analyzer parses only sentences the coder's pre-filter lets through; the coder is
            # built after the analyzer, so the filter looks it up when called (one coder, not two).
            def could_hold_event(text: str) -> bool:
                return coder.could_hold_event(text)

            analyzer = ActorAnalyzer(settings, extra_files=actors, predicate_filter=could_hold_event)
            coder = EventCoder(settings, analyzer, extra_patterns=patterns)
        except DataFileError as exc:
            fail(exc)
        stream: TextIO = sys.stdin if file is None or str(file) == "-" else file.open(encoding="utf-8")
        name = "stdin" if file is None or str(file) == "-" else file.name
        try:
            for key, text, published, error in read_items(stream, name):
                if text is None:
                    typer.echo(json.dumps({"id": key, "error": error, "events": []}))
                    continue
                events = coder.code_text(text, published.date() if published else None, key)
                kept = [e.as_dict() for e in events if e.confidence >= min_confidence]
                typer.echo(json.dumps({"id": key, "events": kept}, ensure_ascii=False))
        finally:
            if stream is not sys.stdin:
                stream.close()
