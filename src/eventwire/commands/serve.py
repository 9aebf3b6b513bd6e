"""`eventwire serve`: the HTTP API and the dashboard over a store, with uvicorn."""

from __future__ import annotations

import os
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
        workers: int = typer.Option(
            1, "--workers", min=1, max=32, help="uvicorn worker processes, each with its own connection."
        ),
    ) -> None:
        """Serve the HTTP API (OpenAPI docs at /docs) and the dashboard at http://HOST:PORT/."""
        import uvicorn

        from eventwire.server import create_app
        from eventwire.server.app import SERVE_DB_ENV

        try:
            api = create_app(db, Settings.from_env())  # fails early on a missing or wrong store
        except StoreError as exc:
            fail(exc)
        typer.echo(
            f"eventwire: dashboard at http://{host}:{port}/ · API docs at http://{host}:{port}/docs", err=True
        )
        if workers == 1:
            uvicorn.run(api, host=host, port=port, log_level=log_level)
            return
        api.state.eventwire.close()
        os.environ[SERVE_DB_ENV] = str(db.resolve())
        uvicorn.run(
            "eventwire.server.app:app_from_env",
            factory=True,
            host=host,
            port=port,
            log_level=log_level,
            workers=workers,
        )
