"""User-written actor and pattern files: a bad entry is exit code 2 and one line naming file:line.

Through the real entry point (``eventwire.cli.main``), in-process for speed, plus one subprocess run of the
installed console script to prove that no traceback reaches the user.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eventwire import cli

DATA = Path(__file__).resolve().parent / "data" / "reliability"
ONE = DATA / "one.txt"
EVENTWIRE = Path(sys.executable).with_name("eventwire")

# (command, option, file, line the error must name, words the message must hold)
CASES = [
    ("run", "--actors", "bad_actor_sector.yaml", 5, "XXQ"),  # the bad entry starts at line 5
    ("run", "--actors", "bad_actor_syntax.yaml", 4, "YAML"),
    ("run", "--patterns", "bad_pattern_syntax.yaml", 3, "YAML"),
    ("run", "--patterns", "bad_pattern_type.yaml", 3, "verbs"),
    ("code", "--patterns", "bad_pattern_code.yaml", 3, "999x"),
    ("code", "--actors", "bad_actor_sector.yaml", 5, "XXQ"),
]


def _main(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["eventwire", *args])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    return int(stopped.value.code or 0)


@pytest.mark.parametrize(("command", "option", "name", "line", "words"), CASES)
def test_reliability_cli_bad_data_file_is_one_line_with_file_and_line(
    command: str,
    option: str,
    name: str,
    line: int,
    words: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = DATA / name
    db = ["--db", str(tmp_path / "e.duckdb")] if command == "run" else []
    code = _main([command, str(ONE), option, str(bad), *db], monkeypatch)
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0, err
    assert err.startswith("error: ") and f"{bad}:{line}:" in err and words in err
    assert "Traceback" not in err
    assert not (tmp_path / "e.duckdb").exists()  # nothing was written before the files were checked


def test_reliability_cli_code_yaml_syntax_error_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = DATA / "bad_pattern_syntax.yaml"
    assert _main(["code", str(ONE), "--patterns", str(bad)], monkeypatch) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_reliability_cli_console_script_prints_no_traceback(tmp_path: Path) -> None:
    bad = DATA / "bad_actor_sector.yaml"
    done = subprocess.run(
        [str(EVENTWIRE), "run", str(ONE), "--db", str(tmp_path / "e.duckdb"), "--actors", str(bad)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {bad}:5: unknown sector code 'XXQ' (see sector_codes.tsv)"
    assert "Traceback" not in done.stdout + done.stderr


def test_reliability_cli_missing_data_file_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.yaml"
    code = _main(["run", str(ONE), "--db", str(tmp_path / "e.duckdb"), "--actors", str(missing)], monkeypatch)
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("error: ") and str(missing) in err and "\n" not in err
