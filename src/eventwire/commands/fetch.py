"""`eventwire fetch URL... [--urls FILE] [--out DIR]`: fetch live pages politely into a JSONL file."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from eventwire.settings import Settings

if TYPE_CHECKING:
    from eventwire.records import DocumentStatus, RawDocument


def _read_url_file(path: Path) -> list[str]:
    """URLs one per line; blank lines and lines starting with '#' are ignored."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc.strerror}", param_hint="--urls") from exc
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _json_line(doc: RawDocument) -> str:
    from eventwire.ingest import decode_html

    html, _ = decode_html(doc.content, doc.encoding)
    fetched = doc.fetched_at.isoformat() if doc.fetched_at else None
    return json.dumps({"url": doc.url, "html": html, "fetched_at": fetched}, ensure_ascii=False)


def _summary(rows: list[DocumentStatus], fetched: int) -> Table:
    table = Table(title="eventwire fetch")
    table.add_column("status")
    table.add_column("count", justify="right")
    table.add_column("reason / URL")
    table.add_row("ok", str(fetched), "")
    for (status, reason), count in sorted(Counter((r.status.value, r.reason) for r in rows).items()):
        table.add_row(status, str(count), reason)
    for row in rows:
        table.add_row("", "", f"[dim]{row.status.value}: {row.origin}[/]")
    return table


def register(app: typer.Typer) -> None:
    @app.command("fetch")
    def fetch(
        urls: list[str] | None = typer.Argument(None, help="URLs to fetch (http/https only)."),
        url_file: Path | None = typer.Option(
            None, "--urls", help="A file with one URL per line ('#' starts a comment line)."
        ),
        out: Path = typer.Option(Path("."), "--out", help="Directory for the JSONL file of fetched pages."),
        delay: float | None = typer.Option(None, "--delay", help="Seconds between requests to one host."),
    ) -> None:
        """Fetch live pages politely (robots.txt, delay, size limit) into a JSONL file read by `extract`/`run`.

        Each line is {"url", "html", "fetched_at"}; a summary table goes to stderr. Exits 1 when no
        page could be fetched.
        """
        from eventwire.fetch import fetch_urls
        from eventwire.records import RawDocument

        console = Console(stderr=True)
        wanted = list(urls or []) + (_read_url_file(url_file) if url_file else [])
        if not wanted:
            raise typer.BadParameter("give at least one URL or --urls FILE")
        settings = Settings.from_env().replace(fetch_delay_s=delay)
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"fetch-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.jsonl"
        fetched = 0
        rows: list[DocumentStatus] = []
        with target.open("w", encoding="utf-8") as handle:
            for item in fetch_urls(wanted, settings):
                if isinstance(item, RawDocument):
                    handle.write(_json_line(item) + "\n")
                    fetched += 1
                else:
                    rows.append(item)
        console.print(_summary(rows, fetched))
        console.print(f"wrote {fetched} page(s) to {target}")
        if fetched == 0:
            raise typer.Exit(1)
