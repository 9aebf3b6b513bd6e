"""Read PETRARCH-format actor and agent dictionaries into our actor table / YAML format.

Actor files: an entry line ``NAME_WITH_UNDERSCORES_ [CODE]`` or a name line followed by ``+SYNONYM``
lines and indented ``[CODE dates]`` lines, where dates are ``YYMMDD-YYMMDD``, ``>YYMMDD`` (from) or
``<YYMMDD`` (until). Agent files: ``PHRASE {PLURAL} [~SEC]`` lines (``~`` marks an agent code,
``!MACRO! = A, B`` lines define substitutions). ``#`` starts a comment.
Entries whose sector we do not know are skipped and counted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from eventwire.actors.table import ActorTable, load_sector_codes
from eventwire.errors import DataFileError

_CODE = re.compile(r"\[([^\]]*)\]")
_MACRO = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")


@dataclass
class Converted:
    entries: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0


def _phrase(raw: str) -> str:
    """PETRARCH phrases are upper case with underscores; longer words become title case."""
    words = raw.strip().strip("+").replace("_", " ").split()
    return " ".join(w.title() if len(w) > 4 and w.isupper() else w for w in words)


def _date(raw: str) -> date | None:
    if not re.fullmatch(r"\d{6}", raw):
        return None
    year = int(raw[:2])
    year += 1900 if year > 30 else 2000
    try:
        return date(year, int(raw[2:4]), int(raw[4:6]))
    except ValueError:
        return None


def _office(code: str, sectors: set[str]) -> dict[str, Any] | None:
    parts = code.split()
    if not parts or len(parts[0]) < 6:
        return None
    country, sector = parts[0][:3], parts[0][3:6]
    if sector not in sectors:
        return None
    office: dict[str, Any] = {"country": country, "sector": sector, "role": sector}
    if len(parts) > 1:
        span = parts[1]
        if span.startswith(">"):
            office["start"] = _date(span[1:])
        elif span.startswith("<"):
            office["end"] = _date(span[1:])
        elif "-" in span:
            first, _, last = span.partition("-")
            office["start"], office["end"] = _date(first), _date(last)
    return office


def _actor_entry(name: str, aliases: list[str], codes: list[str], sectors: set[str]) -> dict[str, Any] | None:
    dated = [c for c in codes if len(c.split()) > 1]
    if dated:
        offices = [o for o in (_office(c, sectors) for c in dated) if o]
        if not offices:
            return None
        return {"person": name, "aliases": aliases, "offices": offices}
    code = codes[0].split()[0] if codes else ""
    if len(code) < 3:
        return None
    entry: dict[str, Any] = {"organisation": name, "aliases": aliases, "code": code}
    if re.fullmatch(r"[A-Z]{3}", code[:3]) and not code.startswith("IGO"):
        entry["country"] = code[:3]
        if code[3:6]:
            if code[3:6] not in sectors:
                return None
            entry["sector"] = code[3:6]
    return entry


def read_actors(path: Path, sectors: set[str]) -> Converted:
    out = Converted()
    name: str | None = None
    aliases: list[str] = []
    codes: list[str] = []

    def flush() -> None:
        if name is None:
            return
        entry = _actor_entry(name, aliases, codes, sectors)
        if entry is None:
            out.skipped += 1
        else:
            out.entries.append(entry)

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("<"):
            continue
        if line.startswith(("\t", " ")) and _CODE.search(line):
            codes.extend(m.strip() for m in _CODE.findall(line))
        elif line.startswith("+"):
            aliases.append(_phrase(line))
        else:
            flush()
            head = _CODE.split(line)[0]
            name, aliases, codes = _phrase(head), [], [m.strip() for m in _CODE.findall(line)]
    flush()
    return out


def read_agents(path: Path, sectors: set[str]) -> Converted:
    out = Converted()
    macros: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("<"):
            continue
        macro = _MACRO.match(line)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",") if w.strip()]
            continue
        codes = _CODE.findall(line)
        if not codes:
            continue
        code = codes[0].replace("~", "").strip()[:3]
        head = _CODE.split(line)[0]
        head = re.sub(r"\{[^}]*\}", " ", head)
        phrases = [_phrase(p).title() for p in _expand(head.replace("_", " "), macros)]
        if code not in sectors or not phrases:
            out.skipped += 1
            continue
        out.entries.append({"sector": phrases, "code": code, "kind": "body"})
    return out


def _expand(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    for macro, words in macros.items():
        if macro in phrase:
            return [p for w in words for p in _expand(phrase.replace(macro, " " + w + " "), macros)]
    return [" ".join(phrase.split())] if "!" not in phrase else []


def convert_files(sources: Sequence[Path], out: Path) -> int:
    """Convert PETRARCH dictionaries (agent files are told by 'agent' in their name) to our YAML."""
    table = ActorTable()
    from importlib import resources

    folder = resources.files("eventwire") / "data" / "actors"
    load_sector_codes(table, "sector_codes.tsv", (folder / "sector_codes.tsv").read_text(encoding="utf-8"))
    sectors = set(table.sectors)
    entries: list[dict[str, Any]] = []
    for source in sources:
        if not source.is_file():
            raise DataFileError(str(source), None, "no such file")
        reader = read_agents if "agent" in source.name.lower() else read_actors
        entries.extend(reader(source, sectors).entries)
    for entry in entries:
        for office in entry.get("offices", []):
            for key in ("start", "end"):
                if office.get(key) is None:
                    office.pop(key, None)
    out.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(entries)
