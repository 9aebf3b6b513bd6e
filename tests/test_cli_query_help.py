"""Every command that `eventwire --help` lists answers `eventwire CMD --help` with exit code 0."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from eventwire.cli import build_app


def _listed_commands() -> list[str]:
    result = CliRunner().invoke(build_app(), ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    section = result.output.split("Commands", 1)[1]
    return re.findall(r"^[│|]\s+([a-z][a-z0-9-]*)\s", section, flags=re.MULTILINE)


def test_cli_query_help_lists_the_query_commands() -> None:
    assert {"events", "show", "stats", "serve"} <= set(_listed_commands())


@pytest.mark.parametrize("command", _listed_commands())
def test_cli_query_help_every_listed_command_runs(command: str) -> None:
    result = CliRunner().invoke(build_app(), [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
