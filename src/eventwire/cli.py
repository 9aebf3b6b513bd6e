"""The `eventwire` command line: a thin typer layer over the library.

Each sub-command lives in ``eventwire.commands.<name>`` and registers itself through
``register(app)``; this module only assembles them.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

from eventwire import __version__, commands
from eventwire.commands._errors import one_line
from eventwire.errors import EventwireError


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="eventwire",
        help="Turn raw news pages into who-did-what-to-whom event data (CAMEO/PLOVER) in DuckDB.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ) -> None:
        pass

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(app)
    return app


def _print_version(value: bool) -> None:
    """``--version`` is eager: it answers before click asks for a command."""
    if value:
        typer.echo(__version__)
        raise typer.Exit()


def main() -> None:
    """The console entry point: an eventwire error is one line on stderr and exit code 2, no traceback."""
    try:
        build_app()()
    except EventwireError as exc:
        typer.echo(f"error: {one_line(exc)}", err=True)
        raise SystemExit(2) from None
