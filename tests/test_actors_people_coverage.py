"""Every UN member has a head of state and a head of government on record for every year 2000-2025.

Uses the coverage rules of ``benchmarks/people_coverage.py`` (known vacancies, states that did not
exist yet, years a president headed the government) so that the test and the printed report agree.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from eventwire.actors import ActorTable, load_table

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "people_coverage.py"


@pytest.fixture(scope="module")
def coverage_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("people_coverage", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return load_table()


def test_actors_people_coverage_every_un_member_2000_2025(
    coverage_script: ModuleType, table: ActorTable
) -> None:
    years = range(2000, 2026)
    holes = {}
    for iso in sorted(coverage_script.UN_MEMBERS):
        state, government = coverage_script.coverage(table, iso, years).holes(years)
        if state or government:
            holes[iso] = (state, government)
    assert len(coverage_script.UN_MEMBERS) == 193
    assert holes == {}


def test_actors_people_coverage_sees_a_missing_office(coverage_script: ModuleType, table: ActorTable) -> None:
    years = range(2000, 2026)
    trimmed = ActorTable(
        entries={k: e for k, e in table.entries.items() if e.name != "Vladimir Putin"}, sectors=table.sectors
    )
    state, _ = coverage_script.coverage(trimmed, "RUS", years).holes(years)
    assert 2001 in state and 2020 in state
