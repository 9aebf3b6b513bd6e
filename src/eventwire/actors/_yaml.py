"""User actor files (YAML): a list of entries, validated with errors that name the file and line.

Example::

    - person: Ivan Ivanovsky
      id: ivan-ivanovsky-1970    # optional: the id the name gives; set it to tell namesakes apart
      aliases: [Ivanovsky]
      wiki: Ivan Ivanovsky
      offices:
        - {country: RUS, role: Foreign Minister, sector: GOV, start: 2020-01-01}
        - {country: RUS, role: Prime Minister, head: government, sector: GOV, start: 2024-05}
    - organisation: Acme Mining
      aliases: [Acme]
      country: ZAF
      sector: BUS
    - group: Example Liberation Front   # a group whose role changed: one role per period
      country: XYZ
      roles:
        - {sector: REB, end: 2021-08-14}
        - {sector: GOV, start: 2021-08-15}
    - igo: Example Treaty Organisation
      code: IGOETO
    - sector: [stevedore, dock worker]
      code: LAB
      kind: member          # title | member | body
      flags: [weak]         # optional: weak, generic, needs-place (see data/actors/sectors.tsv)
    - country: XYZ
      name: Freedonia
      adjectives: [Freedonian, Freedonians]
      capital: Fredville
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from eventwire.actors.table import (
    ActorTable,
    load_cities,
    load_countries,
    load_organisations,
    load_people,
    load_sectors,
    person_id,
)
from eventwire.errors import DataFileError

_KEYS = ("person", "organisation", "igo", "group", "sector", "country", "city")


def load_user_file(table: ActorTable, path: Path) -> None:
    """Add the entries of a user file (``.yaml``/``.yml``, or one of our ``.tsv`` layouts) to ``table``."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(name, None, f"cannot read: {exc}") from exc
    if path.suffix == ".tsv":
        _load_tsv(table, name, text)
        return
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(name, mark.line + 1 if mark else None, f"not valid YAML: {exc}") from exc
    if root is None:
        return
    if not isinstance(root, yaml.SequenceNode):
        raise DataFileError(name, root.start_mark.line + 1, "expected a list of entries")
    for node in root.value:
        line = node.start_mark.line + 1
        item = yaml.SafeLoader(yaml.serialize(node)).get_single_data()
        if not isinstance(item, dict):
            raise DataFileError(name, line, "each entry must be a mapping")
        _load_entry(table, name, line, item)


def _load_tsv(table: ActorTable, name: str, text: str) -> None:
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
    width = len(first.split("\t"))
    loaders = {
        7: load_organisations,
        9: load_organisations,
        10: load_people,
        4: load_sectors,
        5: load_sectors,
    }
    if "countries" in Path(name).name:
        load_countries(table, name, text)
    elif "cities" in Path(name).name:
        load_cities(table, name, text)
    elif width in loaders:
        loaders[width](table, name, text)
    else:
        raise DataFileError(name, None, f"cannot tell the layout of a {width}-column TSV file")


def _strings(name: str, line: int, value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise DataFileError(name, line, f"{what} must be a string or a list of strings")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _load_entry(table: ActorTable, name: str, line: int, item: dict[str, Any]) -> None:
    kinds: list[str] = [k for k in ("person", "organisation", "igo", "group", "city") if k in item]
    if not kinds:
        kinds = ["sector"] if "sector" in item and "code" in item else ["country"] if "name" in item else []
    if len(kinds) != 1:
        raise DataFileError(name, line, f"an entry needs exactly one of {', '.join(_KEYS)}")
    kind = kinds[0]
    aliases = ";".join(_strings(name, line, item.get("aliases"), "aliases"))
    if kind == "person":
        _load_person(table, name, line, item)
    elif kind in ("organisation", "igo", "group"):
        row = [
            _text(item.get("code")),
            _text(item[kind]),
            aliases,
            _text(item.get("country")),
            _text(item.get("sector")),
            kind,
            _text(item.get("wiki")),
        ]
        roles = item.get("roles")
        if roles is None:
            load_organisations(table, name, _at_line(line, row))
            return
        if not isinstance(roles, list) or len(roles) < 2 or not all(isinstance(r, dict) for r in roles):
            raise DataFileError(name, line, "roles must be a list of two or more mappings")
        rows = [
            [
                *row[:3],
                _text(role.get("country", item.get("country"))),
                _text(role.get("sector", item.get("sector"))),
                kind,
                row[6],
                _text(role.get("start")),
                _text(role.get("end")),
            ]
            for role in roles
        ]
        load_organisations(table, name, "\n" * (line - 1) + "\n".join(_at_line(1, r) for r in rows))
    elif kind == "sector":
        words = ";".join(_strings(name, line, item["sector"], "sector"))
        flags = ",".join(_strings(name, line, item.get("flags"), "flags"))
        row = [
            words,
            _text(item.get("code")),
            _text(item.get("kind", "body")),
            _text(item.get("role")),
            flags,
        ]
        load_sectors(table, name, _at_line(line, row))
    elif kind == "country":
        adjectives = ";".join(_strings(name, line, item.get("adjectives"), "adjectives"))
        metonyms = ";".join(_strings(name, line, item.get("metonyms"), "metonyms"))
        row = [
            _text(item["country"]),
            _text(item.get("name")),
            aliases,
            adjectives,
            _text(item.get("capital")),
            metonyms,
            _text(item.get("wiki")),
        ]
        load_countries(table, name, _at_line(line, row))
    else:
        row = [_text(item["city"]), aliases, _text(item.get("country")), _text(item.get("wiki"))]
        load_cities(table, name, _at_line(line, row))


def _at_line(line: int, row: list[str]) -> str:
    """A TSV text whose only row sits on ``line``, so the TSV loaders report the YAML line."""
    return "\n" * (line - 1) + "\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row)


def _load_person(table: ActorTable, name: str, line: int, item: dict[str, Any]) -> None:
    offices_raw = item.get("offices")
    if not isinstance(offices_raw, list) or not offices_raw:
        raise DataFileError(name, line, "a person needs a non-empty list of offices")
    person = _text(item["person"])
    pid = _text(item.get("id")) or person_id(person)
    aliases = ";".join(_strings(name, line, item.get("aliases"), "aliases"))
    rows = []
    for office in offices_raw:
        if not isinstance(office, dict):
            raise DataFileError(name, line, "each office must be a mapping")
        countries = _strings(name, line, office.get("countries", office.get("country")), "countries")
        rows.append(
            [
                pid,
                person,
                aliases,
                ";".join(countries),
                _text(office.get("role")),
                ";".join(_strings(name, line, office.get("head"), "head")),
                _text(office.get("sector")),
                _text(office.get("start")),
                _text(office.get("end")),
                _text(item.get("wiki")),
            ]
        )
    load_people(table, name, "\n" * (line - 1) + "\n".join(_at_line(1, row) for row in rows))
