"""`eventwire events`, `eventwire show` and `eventwire stats`: query a store from the shell.

The commands call the same read queries and JSON shapes as the HTTP API (``eventwire.server``)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from eventwire.commands._errors import fail
from eventwire.errors import StoreError

if TYPE_CHECKING:  # the store (DuckDB) and the API's models (pydantic) load when a command runs
    from eventwire.server._models import EventOut, EvidenceOut
    from eventwire.store import Store

# The keys of ``eventwire.server._queries.SORTS`` (tests/test_cli_startup.py keeps them in step), written
# out so that listing the commands does not import the store.
SORT_KEYS = ("-date", "date", "-goldstein", "goldstein", "-mentions", "mentions", "code", "-code")

_STYLES = {"source": "bold cyan", "target": "bold magenta", "trigger": "bold black on yellow"}
_QUAD_STYLE = {1: "green", 2: "bold green", 3: "dark_orange", 4: "bold red"}
_DB = typer.Option(Path("events.duckdb"), "--db", help="DuckDB event store to read.")
_CSV_FIELDS = (
    "id", "date", "source", "source_name", "target", "target_name", "code", "code_name", "plover",
    "quad_class", "goldstein", "mentions", "location", "country", "lat", "lon", "sentence", "url", "path",
    "historical", "confidence",
)  # fmt: skip
_MIN_CONFIDENCE_HELP = (
    "Only events whose calibrated confidence (the probability that an analyst judges type, source and "
    "target right) is at least this, 0 to 1; events without one (imported GDELT rows) are left out."
)


@contextmanager
def _open(db: Path) -> Iterator[Store]:
    from eventwire.store import Store

    try:
        store = Store.open(db, read_only=True)
    except StoreError as exc:
        fail(exc)
    with store:
        yield store


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from exc


def _dyad(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    parts = [p.strip().upper() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise typer.BadParameter(f"{value!r}: give two actor codes, e.g. RUS,JPN", param_hint="--dyad")
    return parts[0], parts[1]


def evidence_text(evidence: EvidenceOut) -> Text:
    """The evidence sentence as rich Text with source, target and trigger highlighted."""
    text = Text()
    for seg in evidence.segments:
        text.append(seg.text, style=_STYLES.get(seg.role or "", ""))
    return text


def markers(path: str | None, historical: bool) -> str:
    """The small marks of an event: which coder found it, and "background" for a historical event."""
    return " · ".join(x for x in ("background" if historical else "", f"by {path}" if path else "") if x)


def confidence_text(value: float | None) -> str:
    """An event's calibrated confidence with two decimals, "—" when it has none (imported GDELT rows)."""
    return "—" if value is None else f"{value:.2f}"


def _who(actor: Any) -> Text:
    if actor is None:
        return Text("—", style="dim")
    return Text.assemble((actor.name or actor.code, "bold"), "\n", (actor.code, "dim"))


def events_table(items: list[EventOut], title: str) -> Table:
    table = Table(title=title, show_lines=True, title_justify="left")
    for name, kw in (
        ("date", {"no_wrap": True}),
        ("source", {}),
        ("event", {}),
        ("target", {}),
        ("gold.", {"justify": "right"}),
        ("conf.", {"justify": "right"}),
        ("evidence", {"ratio": 3}),
    ):
        table.add_column(name, **kw)
    for ev in items:
        code = Text(ev.code or "?", style=_QUAD_STYLE.get(ev.quad_class or 0, ""))
        code.append(f" {ev.code_name or ''}\n", style="")
        code.append(ev.plover or "", style="dim")
        marks = markers(ev.path, ev.historical)
        if marks:
            code.append(f"\n{marks}", style="italic dim")
        evidence = evidence_text(ev.evidence) if ev.evidence else Text("")
        if ev.evidence and ev.evidence.url:
            evidence.append(f"\n{ev.evidence.url}", style="dim underline")
        table.add_row(
            str(ev.date or ""),
            _who(ev.source),
            code,
            _who(ev.target),
            f"{ev.goldstein:+.1f}" if ev.goldstein is not None else "",
            confidence_text(ev.confidence),
            evidence,
        )
    return table


def _csv_row(ev: EventOut) -> list[Any]:
    loc = ev.location
    return [
        ev.id, ev.date, ev.source.code if ev.source else "", ev.source.name if ev.source else "",
        ev.target.code if ev.target else "", ev.target.name if ev.target else "", ev.code, ev.code_name,
        ev.plover, ev.quad_class, ev.goldstein, ev.mentions, loc.name if loc else "",
        loc.country if loc else "", loc.lat if loc else "", loc.lon if loc else "",
        ev.evidence.sentence if ev.evidence else "", ev.evidence.url if ev.evidence else "", ev.path or "",
        ev.historical, "" if ev.confidence is None else ev.confidence,
    ]  # fmt: skip


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def register(app: typer.Typer) -> None:
    @app.command()
    def events(
        db: Path = _DB,
        source: str | None = typer.Option(None, "--source", help="Source actor code prefix (RUS, RUSGOV…)."),
        target: str | None = typer.Option(None, "--target", help="Target actor code prefix."),
        dyad: str | None = typer.Option(None, "--dyad", help="Two actor codes, either direction: RUS,JPN."),
        code: str | None = typer.Option(None, "--code", help="CAMEO event code prefix, e.g. 03 or 036."),
        root: str | None = typer.Option(None, "--root", help="CAMEO root code (01-20)."),
        quad: int | None = typer.Option(
            None, "--quad", help="Quad class: 1 verbal coop … 4 material conflict."
        ),
        since: str | None = typer.Option(None, "--since", help="First event date, YYYY-MM-DD."),
        until: str | None = typer.Option(None, "--until", help="Last event date, YYYY-MM-DD."),
        country: str | None = typer.Option(None, "--country", help="ISO3 code of where the event happened."),
        text: str | None = typer.Option(None, "--text", help="Text in the evidence sentence."),
        path: str | None = typer.Option(
            None,
            "--path",
            help="Which coder found the event: pattern (the pattern dictionary), model (the learned "
            "layer) or both (the two agreeing).",
        ),
        historical: bool | None = typer.Option(
            None,
            "--historical/--no-historical",
            help="Only background events (earlier actions an article recalls), or only current ones; "
            "both when not given.",
        ),
        min_confidence: float | None = typer.Option(None, "--min-confidence", help=_MIN_CONFIDENCE_HELP),
        sort: str = typer.Option("-date", "--sort", help=f"Order: {', '.join(SORT_KEYS)}."),
        limit: int = typer.Option(50, "--limit", min=1, help="How many events to show."),
        offset: int = typer.Option(0, "--offset", min=0, help="How many to skip."),
        as_json: bool = typer.Option(False, "--json", help="Print a JSON array (the API's event shape)."),
        as_csv: bool = typer.Option(False, "--csv", help="Print CSV with a header row."),
    ) -> None:
        """List events matching the filters, newest first, with highlighted evidence sentences."""
        from eventwire.events.codes import cameo_table
        from eventwire.server import _convert
        from eventwire.server._countries import load_country_names
        from eventwire.server._queries import SORTS, EventFilter, search_events

        flt = EventFilter(
            source=source.upper() if source else None,
            target=target.upper() if target else None,
            dyad=_dyad(dyad),
            code=code,
            root=root,
            quad=quad,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            country=country.upper() if country else None,
            text=text,
            path=path.lower() if path else None,
            historical=historical,
            min_confidence=min_confidence,
        )
        problems = flt.problems()
        if sort not in SORTS:
            problems.append(f"sort: {sort!r} is not one of {', '.join(SORTS)}")
        if problems:
            raise typer.BadParameter("; ".join(problems))
        codes = cameo_table()
        with _open(db) as store:
            page = search_events(store.connection, flt, sort=sort, limit=limit, offset=offset)
        countries = load_country_names()
        items = [_convert.event_item(item, codes, countries) for item in page.items]
        if as_json:
            typer.echo(json.dumps([ev.model_dump(mode="json") for ev in items], ensure_ascii=False, indent=1))
        elif as_csv:
            writer = csv.writer(sys.stdout)
            writer.writerow(_CSV_FIELDS)
            writer.writerows(_csv_row(ev) for ev in items)
        else:
            shown = f"{offset + 1}-{offset + len(items)} of {page.total}" if items else f"0 of {page.total}"
            Console().print(events_table(items, f"Events ({shown})"))

    @app.command()
    def show(
        event_id: str = typer.Argument(..., help="An event id, as listed by `eventwire events`."),
        db: Path = _DB,
        as_json: bool = typer.Option(False, "--json", help="Print the API's JSON instead."),
    ) -> None:
        """One event with every sentence that reports it, actors and trigger highlighted."""
        from eventwire.events.codes import cameo_table
        from eventwire.server import _convert
        from eventwire.server._countries import load_country_names
        from eventwire.server._queries import mention_spans

        with _open(db) as store:
            detail = store.query().event(event_id)
            if detail is None:
                typer.echo(f"error: no event with id {event_id!r} in {db}", err=True)
                raise typer.Exit(1)
            spans = mention_spans(store.connection, [m.mention_id for m in detail.mentions])
        out = _convert.event_detail(detail, spans, cameo_table(), load_country_names())
        if as_json:
            typer.echo(json.dumps(out.model_dump(mode="json"), ensure_ascii=False, indent=1))
            return
        ev = out.event
        console = Console()
        head = Text.assemble(
            (f"{ev.date or 'undated'}  ", "dim"),
            (ev.source.name or ev.source.code if ev.source else "—", "bold cyan"),
            "  ",
            (f"{ev.code} {ev.code_name or ''}", _QUAD_STYLE.get(ev.quad_class or 0, "")),
            "  ",
            (ev.target.name or ev.target.code if ev.target else "—", "bold magenta"),
        )
        console.print(head)
        facts = f"PLOVER {ev.plover or '—'} · quad class {ev.quad_class} · Goldstein {ev.goldstein:+.1f}"
        facts += f" · {ev.mentions} mention(s) in {ev.articles} article(s) · confidence {confidence_text(ev.confidence)}"
        if ev.location:
            facts += f" · {ev.location.name}"
        marks = markers(ev.path, ev.historical)
        if marks:
            facts += f" · {marks}"
        console.print(facts, style="dim")
        for i, mention in enumerate(out.mentions, 1):
            console.print(Text(f"\n[{i}] ", style="dim") + evidence_text(mention.evidence))
            where = [mention.evidence.source, mention.evidence.url, markers(mention.path, mention.historical)]
            console.print(f"    {' · '.join(x for x in where if x)}", style="dim")

    @app.command()
    def stats(
        db: Path = _DB,
        min_confidence: float | None = typer.Option(
            None, "--min-confidence", help=f"{_MIN_CONFIDENCE_HELP} Counts events and dyads only."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    ) -> None:
        """Counts of documents, articles, events, mentions and actors in a store, and the busiest dyads."""
        from eventwire.store.query import confidence_problem

        problem = confidence_problem(min_confidence)
        if problem:
            raise typer.BadParameter(problem)
        with _open(db) as store:
            query = store.query()
            numbers = query.stats(min_confidence=min_confidence)
            dyads = query.top_dyads(min_confidence=min_confidence, limit=10)
        values = {f: getattr(numbers, f) for f in numbers.__slots__}
        if as_json:
            top = [{"source": d.actor1_code, "target": d.actor2_code, "events": d.events} for d in dyads]
            typer.echo(json.dumps({**values, "top_dyads": top}, default=_json_default, indent=1))
            return
        table = Table(title=f"Store {db}", title_justify="left")
        table.add_column("what")
        table.add_column("count", justify="right")
        for name, value in values.items():
            table.add_row(name.replace("_", " "), "—" if value is None else str(value))
        top_table = Table(title="Busiest dyads", title_justify="left")
        for name in ("source", "target", "events", "mean Goldstein"):
            top_table.add_column(name, justify="left" if name in {"source", "target"} else "right")
        for d in dyads:
            gold = f"{d.mean_goldstein:+.1f}" if d.mean_goldstein is not None else "—"
            top_table.add_row(d.actor1_code, d.actor2_code, str(d.events), gold)
        console = Console()
        console.print(table)
        if dyads:
            console.print(top_table)
