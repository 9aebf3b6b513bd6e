"""`eventwire serve`: the HTTP API and the dashboard over a store, with uvicorn."""

from __future__ import annotations

from pathlib import Path

import typer

from eventwire.commands._errors import fail
from eventwire.errors import StoreError
from eventwire.settings import Settings


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: Path = typer.Option(
            Path("events.duckdb"), "--db", help="DuckDB event store to serve (read-only)."
        ),
        host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
        port: int = typer.Option(8000, "--port", help="TCP port to listen on."),
        log_level: str = typer.Option("info", "--log-level", help="uvicorn log level."),
    ) -> None:
        """Serve the HTTP API (OpenAPI docs at /docs) and the dashboard at http://HOST:PORT/."""
        import uvicorn

        from eventwire.server import create_app

        try:
            api = create_app(db, Settings.from_env())
        except StoreError as exc:
            fail(exc)
        typer.echo(
            f"eventwire: dashboard at http://{host}:{port}/ · API docs at http://{host}:{port}/docs", err=True
        )
        uvicorn.run(api, host=host, port=port, log_level=log_level)
