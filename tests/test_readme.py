"""The README stays true: its set-up block, its command list and its SQL examples are checked here."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from eventwire.cli import build_app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> set[str]:
    app = build_app()
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"})
    assert result.exit_code == 0
    return set(re.findall(r"^│ ([a-z][a-z-]+)\s{2,}", result.output, flags=re.MULTILINE))


def test_readme_starts_with_the_two_setup_commands() -> None:
    first_block = README.split("```", 2)[1]
    lines = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert lines == ["make run", "make test"]


def test_readme_documents_every_command() -> None:
    commands = _commands()
    assert {"run", "extract", "code", "actors", "events", "serve", "export"} <= commands
    missing = sorted(c for c in commands if f"eventwire {c}" not in README)
    assert not missing, f"commands not documented in README.md: {missing}"


def test_readme_names_no_command_that_does_not_exist() -> None:
    named = set(re.findall(r"`eventwire ([a-z][a-z-]+)", README))
    assert named <= _commands() | {"serve"}, sorted(named - _commands())


def test_readme_sql_examples_run_on_the_sample_store(sample_db: Path) -> None:
    blocks = re.findall(r"```sql\n(.*?)```", README, flags=re.DOTALL)
    assert blocks, "README.md has no SQL example"
    statements = [s.strip() for block in blocks for s in block.split(";") if s.strip()]
    assert len(statements) >= 3
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        results = [con.execute(statement).fetchall() for statement in statements]
    finally:
        con.close()
    assert any(results), "every README query came back empty on the sample store"
