"""`eventwire actors`: resolve who acts in documents, one JSON line per input document."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import typer

from eventwire.commands._errors import fail
from eventwire.errors import EventwireError, InputError
from eventwire.settings import Settings


def _documents(handle: TextIO, name: str) -> Iterator[tuple[str, str, date | None]]:
    """JSON lines ``{"id", "text", "date"?}``; anything else is one plain-text document."""
    content = handle.read()
    lines = [ln for ln in content.splitlines() if ln.strip()]
    if not lines or not lines[0].lstrip().startswith("{"):
        yield name, content, None
        return
    for number, line in enumerate(lines, start=1):
        try:
            row = json.loads(line)
            when = date.fromisoformat(str(row["date"])[:10]) if row.get("date") else None
            yield str(row.get("id", number)), str(row["text"]), when
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{name}:{number}: not a JSON line with 'text' ({exc})") from exc


def _mention_json(mention: Any) -> dict[str, Any]:
    actor = mention.actor
    return {
        "text": mention.span.text,
        "start": mention.span.start,
        "end": mention.span.end,
        "sentence": mention.sentence,
        "country": actor.country,
        "code": actor.code,
        "sector": actor.sector,
        "plover_sector": actor.plover_sector,
        "name": actor.name,
        "role": actor.role,
        "wiki": actor.wiki,
        "kind": actor.kind,
        "entry": mention.entry,
        "why": mention.why,
        "date_used": mention.date_used.isoformat() if mention.date_used else None,
    }


def _convert(paths: list[str]) -> None:
    from eventwire.actors.petrarch import convert_files

    if len(paths) < 2:
        typer.echo("usage: eventwire actors convert-petrarch IN [IN ...] OUT", err=True)
        raise typer.Exit(2)
    try:
        count = convert_files([Path(p) for p in paths[:-1]], Path(paths[-1]))
    except (OSError, EventwireError) as exc:
        fail(exc)
    typer.echo(f"wrote {count} entries to {paths[-1]}", err=True)


def register(app: typer.Typer) -> None:
    @app.command("actors")
    def actors(
        args: list[str] = typer.Argument(
            None,
            help="FILE (JSON lines {id, text, date?} or plain text; stdin if absent), "
            "or: convert-petrarch IN [IN ...] OUT to convert PETRARCH dictionaries to our YAML.",
        ),
        extra: list[Path] = typer.Option(
            [], "--actors", help="Extra actor file (YAML or our TSV); repeatable."
        ),
        model: str | None = typer.Option(None, "--model", help="spaCy pipeline to load."),
        unresolved: bool = typer.Option(
            False,
            "--unresolved",
            help="Instead of the mentions, list the most frequent actor-like names (PERSON/ORG/NORP "
            "subjects and objects) left unresolved, with counts and example sentences: of FILE, or with "
            "--db of everything `eventwire run` and `watch` stored.",
        ),
        top: int = typer.Option(30, "--top", min=1, help="With --unresolved: how many names to list."),
        db: Path | None = typer.Option(
            None,
            "--db",
            help="With --unresolved: list the names recorded in this event store instead of reading FILE "
            "(only from the sentences the run gave NER: setting unresolved_names, docs/store.md).",
        ),
        label: str | None = typer.Option(
            None, "--label", help="With --unresolved --db: only PERSON, ORG or NORP names."
        ),
        as_json: bool = typer.Option(False, "--json", help="With --unresolved --db: print JSON."),
    ) -> None:
        """Print one JSON line per input document with every actor mention."""
        paths = list(args or [])
        if paths and paths[0] == "convert-petrarch":
            _convert(paths[1:])
            return
        if db is not None:
            if not unresolved or paths:
                typer.echo("error: --db goes with --unresolved and no FILE", err=True)
                raise typer.Exit(2)
            _stored_unresolved(db, top, label.upper() if label else None, as_json)
            return
        if len(paths) > 1:
            typer.echo("error: give one FILE (or none for stdin)", err=True)
            raise typer.Exit(2)
        from eventwire.actors import ActorAnalyzer

        settings = Settings.from_env().replace(spacy_model=model)
        try:
            analyzer = ActorAnalyzer(settings, extra_files=extra)
            if not paths:
                documents = list(_documents(sys.stdin, "<stdin>"))
            else:
                with Path(paths[0]).open(encoding="utf-8") as handle:
                    documents = list(_documents(handle, Path(paths[0]).name))
        except (OSError, EventwireError) as exc:
            fail(exc)
        if unresolved:
            _report_unresolved(analyzer, documents, settings.batch_size, top)
            return
        for key, result in analyzer.analyze_many(documents, batch_size=settings.batch_size):
            out = {"id": key, "mentions": [_mention_json(m) for m in result.mentions]}
            typer.echo(json.dumps(out, ensure_ascii=False))


def _report_unresolved(
    analyzer: Any, documents: list[tuple[str, str, date | None]], batch: int, top: int
) -> None:
    from eventwire.actors.unresolved import unresolved_names

    results = (result for _, result in analyzer.analyze_many(documents, batch_size=batch))
    names, total = unresolved_names(analyzer.nlp, results)
    left = sum(n.count for n in names)
    share = left / total if total else 0.0
    typer.echo(f"{left} of {total} actor-like names unresolved ({share:.1%}) in {len(documents)} documents")
    typer.echo("Add the ones that matter to your actor file (--actors FILE; see docs/actors.md).")
    for item in names[:top]:
        typer.echo(f"{item.count:>5}  {item.label:<6} {item.name}")
        for example in item.examples:
            typer.echo(f"         e.g. {example[:160]}")


def _stored_unresolved(db: Path, top: int, label: str | None, as_json: bool) -> None:
    """The unresolved names a store recorded, most frequent first (the same listing as for a FILE)."""
    from eventwire.store import Store

    labels = ("NORP", "ORG", "PERSON")  # actors.unresolved.LABELS, without importing spaCy
    if label is not None and label not in labels:
        typer.echo(f"error: --label must be one of {', '.join(labels)}", err=True)
        raise typer.Exit(2)
    try:
        with Store.open(db, read_only=True) as store:
            query = store.query()
            totals = query.unresolved_totals(label=label)
            names = query.unresolved_names(label=label, limit=top)
    except EventwireError as exc:
        fail(exc)
    if as_json:
        items = [dataclasses.asdict(n) for n in names]
        typer.echo(json.dumps({**dataclasses.asdict(totals), "items": items}, ensure_ascii=False, indent=1))
        return
    typer.echo(
        f"{totals.sightings} unresolved actor-like names ({totals.names} different) in {totals.articles} "
        f"articles of {db}"
    )
    typer.echo("Add the ones that matter to your actor file (--actors FILE; see docs/actors.md).")
    for item in names:
        typer.echo(f"{item.count:>5}  {item.label:<6} {item.name}  ({item.articles} article(s))")
        for example in item.examples:
            typer.echo(f"         e.g. {example[:160]}")
