"""Our own geography tables (``data/geo_*.tsv``), read and validated: errors name the file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from eventwire.errors import DataFileError

DATA: Final = Path(__file__).resolve().parents[1] / "data"  # src/eventwire/data
ROLES: Final = frozenset({"title", "org", "feature", "admin", "direction", "never"})


def read_tsv(name: str, fields: int, optional: tuple[int, ...] = ()) -> list[tuple[int, tuple[str, ...]]]:
    """Rows of ``data/<name>`` as (line number, fields); ``#`` lines and blank lines are skipped.

    ``-`` in a field listed in ``optional`` stands for "none" and is returned as ``""``.
    """
    path = DATA / name
    rows: list[tuple[int, tuple[str, ...]]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = tuple(p.strip() for p in line.split("\t"))
        if len(parts) != fields or not all(parts):
            raise DataFileError(str(path), lineno, f"expected {fields} non-empty tab-separated fields")
        rows.append((lineno, tuple("" if i in optional and p == "-" else p for i, p in enumerate(parts))))
    return rows


@dataclass(frozen=True, slots=True)
class Region:
    """A region or territory from ``geo_regions.tsv``: names, country and a representative point."""

    names: tuple[str, ...]
    country: str
    lat: float
    lon: float


def read_regions() -> list[Region]:
    """``geo_regions.tsv``: name, other names (``;``-separated), ISO3, latitude, longitude."""
    path = DATA / "geo_regions.tsv"
    out: list[Region] = []
    for lineno, (name, others, iso3, lat, lon) in read_tsv("geo_regions.tsv", 5, optional=(1,)):
        try:
            point = (float(lat), float(lon))
        except ValueError:
            raise DataFileError(str(path), lineno, f"bad coordinates {lat!r}, {lon!r}") from None
        if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
            raise DataFileError(str(path), lineno, f"coordinates out of range: {lat}, {lon}")
        if len(iso3) != 3 or not iso3.isupper():
            raise DataFileError(str(path), lineno, f"expected an ISO3 country code, got {iso3!r}")
        names = (name, *(n.strip() for n in others.split(";") if n.strip()))
        out.append(Region(names, iso3, *point))
    return out


@dataclass(frozen=True, slots=True)
class NameWords:
    """Lower-cased words that change what a neighbouring capitalised name means (``geo_name_words.tsv``)."""

    title: frozenset[str]
    org: frozenset[str]
    feature: frozenset[str]
    admin: frozenset[str]
    direction: frozenset[str]
    never: frozenset[str]

    @classmethod
    def load(cls) -> NameWords:
        path = DATA / "geo_name_words.tsv"
        by_role: dict[str, set[str]] = {role: set() for role in ROLES}
        for lineno, (word, role) in read_tsv("geo_name_words.tsv", 2):
            if role not in ROLES:
                raise DataFileError(
                    str(path), lineno, f"unknown role {role!r}; expected one of {sorted(ROLES)}"
                )
            by_role[role].add(word.lower())
        return cls(**{role: frozenset(words) for role, words in by_role.items()})


def read_adjectives() -> list[tuple[str, str]]:
    """(adjective, ISO3) from the actors' country table ``data/actors/countries.tsv`` (read, not copied).

    Columns: iso3, name, aliases, adjectives (``;``-separated), capital, metonyms, wiki.
    """
    path = DATA / "actors" / "countries.tsv"
    out: list[tuple[str, str]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 4 or len(cells[0]) != 3:
            raise DataFileError(
                str(path), lineno, "expected iso3, name, aliases, adjectives separated by tabs"
            )
        out.extend((a.strip(), cells[0]) for a in cells[3].split(";") if a.strip())
    return out
