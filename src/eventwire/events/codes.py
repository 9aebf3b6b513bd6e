"""CAMEO and PLOVER code tables, loaded from package data and validated on load.

``data/cameo_codes.tsv`` holds one row per CAMEO event code (quad class, Goldstein value from GDELT's
lookup, PLOVER type and mode, short name); ``data/plover.yaml`` the 16 PLOVER types and their modes.
CAMEO 01 (statements) and 02 (appeals) have no PLOVER line in CAMEO2PLOVER-2021; eventwire maps
02x to REQUEST (an appeal is a soft request), 013/018/019 to SUPPORT (praise), 012 to ACCUSE, 015 to
CONCEDE, 016 to REJECT and the neutral rest of 01 to CONSULT with mode ``statement``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from eventwire.errors import DataFileError

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
_CODE_RE = re.compile(r"^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")
_HEADER = ["code", "quad", "goldstein", "plover", "mode", "name"]


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code with everything an event needs to carry."""

    code: str
    name: str
    quad_class: int
    goldstein: float
    plover: str
    plover_mode: str | None

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True, slots=True)
class PloverType:
    name: str
    quad_class: int
    about: str
    modes: tuple[str, ...]


class CodeTable:
    """All CAMEO event codes (about 310) and the PLOVER types, read-only."""

    def __init__(self, codes: dict[str, CameoCode], plover: dict[str, PloverType]) -> None:
        self._codes = dict(codes)
        self._plover = dict(plover)

    def __getitem__(self, code: str) -> CameoCode:
        return self._codes[code]

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)

    def get(self, code: str) -> CameoCode | None:
        return self._codes.get(code)

    def roots(self) -> list[str]:
        return sorted(c for c in self._codes if len(c) == 2)

    def plover_types(self) -> dict[str, PloverType]:
        return dict(self._plover)


def cameo_table(codes_file: Path | None = None, plover_file: Path | None = None) -> CodeTable:
    """Load and validate the CAMEO code table and the PLOVER types (package data by default)."""
    data = resources.files("eventwire") / "data"
    codes_path = codes_file or Path(str(data / "cameo_codes.tsv"))
    plover_path = plover_file or Path(str(data / "plover.yaml"))
    plover = _load_plover(plover_path)
    return CodeTable(_load_codes(codes_path, plover), plover)


def _load_plover(path: Path) -> dict[str, PloverType]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(str(path), None, f"cannot read PLOVER table: {exc}") from exc
    types = raw.get("types") if isinstance(raw, dict) else None
    if not isinstance(types, dict):
        raise DataFileError(str(path), None, "expected a mapping 'types:' of PLOVER types")
    out: dict[str, PloverType] = {}
    for name, spec in types.items():
        if name not in PLOVER_TYPES:
            raise DataFileError(str(path), None, f"unknown PLOVER type {name!r}")
        if not isinstance(spec, dict) or spec.get("quad") not in (1, 2, 3, 4):
            raise DataFileError(str(path), None, f"{name}: needs 'quad' 1-4")
        modes = spec.get("modes") or []
        if not isinstance(modes, list) or not all(isinstance(m, str) for m in modes):
            raise DataFileError(str(path), None, f"{name}: 'modes' must be a list of strings")
        out[name] = PloverType(name, int(spec["quad"]), str(spec.get("about", "")), tuple(modes))
    missing = set(PLOVER_TYPES) - set(out)
    if missing:
        raise DataFileError(str(path), None, f"missing PLOVER types: {sorted(missing)}")
    return out


def _load_codes(path: Path, plover: dict[str, PloverType]) -> dict[str, CameoCode]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read CAMEO table: {exc}") from exc
    codes: dict[str, CameoCode] = {}
    header_seen = False
    for lineno, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if cells != _HEADER:
                raise DataFileError(str(path), lineno, f"header must be {'/'.join(_HEADER)}")
            header_seen = True
            continue
        code = _parse_code_row(str(path), lineno, cells, plover)
        if code.code in codes:
            raise DataFileError(str(path), lineno, f"duplicate code {code.code}")
        codes[code.code] = code
    for code in codes.values():
        root = codes.get(code.root)
        if root is None:
            raise DataFileError(str(path), None, f"code {code.code} has no root line {code.root}")
        if root.quad_class != code.quad_class:
            raise DataFileError(str(path), None, f"code {code.code}: quad class differs from its root")
    if len([c for c in codes if len(c) == 2]) != 20:
        raise DataFileError(str(path), None, "expected the 20 CAMEO roots 01-20")
    return codes


def _parse_code_row(path: str, lineno: int, cells: list[str], plover: dict[str, PloverType]) -> CameoCode:
    if len(cells) != len(_HEADER):
        raise DataFileError(path, lineno, f"expected {len(_HEADER)} tab-separated cells, got {len(cells)}")
    code, quad, goldstein, ptype, mode, name = (c.strip() for c in cells)
    if not _CODE_RE.match(code):
        raise DataFileError(path, lineno, f"{code!r} is not a CAMEO event code")
    if quad not in ("1", "2", "3", "4"):
        raise DataFileError(path, lineno, f"quad class {quad!r} is not 1-4")
    try:
        value = float(goldstein)
    except ValueError as exc:
        raise DataFileError(path, lineno, f"Goldstein value {goldstein!r} is not a number") from exc
    if not -10.0 <= value <= 10.0:
        raise DataFileError(path, lineno, f"Goldstein value {value} outside -10..10")
    if ptype not in plover:
        raise DataFileError(path, lineno, f"unknown PLOVER type {ptype!r}")
    plover_mode = None if mode in ("", "-") else mode
    if plover_mode is not None and plover_mode not in plover[ptype].modes:
        raise DataFileError(path, lineno, f"mode {plover_mode!r} is not a mode of {ptype}")
    if not name:
        raise DataFileError(path, lineno, "empty name")
    return CameoCode(code, name, int(quad), value, ptype, plover_mode)
