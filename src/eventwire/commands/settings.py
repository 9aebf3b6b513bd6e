"""`eventwire settings`: every setting with its current value, default and help."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from eventwire.settings import Settings


def register(app: typer.Typer) -> None:
    @app.command("settings")
    def settings_command() -> None:
        """List every setting, its value (after EVENTWIRE_* environment overrides), default and help."""
        current = Settings.from_env()
        table = Table(title="Settings (override with EVENTWIRE_<NAME>)")
        for column in ("name", "value", "default", "help"):
            table.add_column(column, overflow="fold")
        for name, default, help_text in Settings.help_table():
            table.add_row(name, repr(getattr(current, name)), default, help_text)
        Console().print(table)
