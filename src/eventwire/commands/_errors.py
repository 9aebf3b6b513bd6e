"""One way for every command to stop on an error: one line on stderr, no traceback."""

from __future__ import annotations

from typing import NoReturn

import typer


def one_line(exc: BaseException) -> str:
    """The error's message folded onto one line (YAML and DuckDB messages span several)."""
    return " ".join(str(exc).split()) or type(exc).__name__


def fail(exc: BaseException, code: int = 2) -> NoReturn:
    """Print ``error: <message>`` on stderr and exit with ``code``."""
    typer.echo(f"error: {one_line(exc)}", err=True)
    raise typer.Exit(code) from exc
