"""The actor table: every dictionary phrase eventwire knows, loaded from data files and validated.

Shipped files live in ``eventwire/data/actors/`` (TSV, our format, described in each file's header);
users add YAML files (see :func:`eventwire.actors._yaml.load_yaml_entries`). Every malformed row
raises :class:`eventwire.errors.DataFileError` naming the file and line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, MutableMapping, MutableSequence, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from eventwire.errors import DataFileError

# What a phrase says about the actor it names.
TERM_ROLES = (
    "country",
    "adjective",
    "capital",
    "metonym",
    "city",
    "ethnic",
    "sector",
    "person",
    "organisation",
)
ENTRY_KINDS = ("country", "city", "ethnic", "sector", "person", "organisation", "igo", "group")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_SECTOR = re.compile(r"^[A-Z]{3}$")


HEADS = ("state", "government")


@dataclass(frozen=True, slots=True)
class Office:
    """One dated role of a person: ``start``/``end`` inclusive, None means open.

    ``country`` is the state a bare mention codes as; ``countries`` every state the office is held for
    (one monarch, several realms), ``country`` first. ``head`` says whether the office heads the state,
    the government, both (``("state", "government")``) or neither (``()``).
    """

    country: str | None
    sector: str
    role: str
    start: date | None = None
    end: date | None = None
    head: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()

    def holds(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)

    def serves(self, country: str) -> bool:
        return country == self.country or country in self.countries


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary entry: a country, city, sector word, person, organisation, IGO or group."""

    id: str
    kind: str
    name: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    wiki: str | None = None
    role: str | None = None
    title: bool = False  # sector words naming one office holder ("president"), not a body ("police")
    member: bool = False  # sector words naming a member of a body ("official", "senator")
    flags: frozenset[str] = frozenset()  # sector words: weak, generic, needs-place (see sectors.tsv)
    offices: tuple[Office, ...] = ()
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Term:
    """One phrase to match and the entry it stands for."""

    phrase: str
    entry: str
    role: str
    case_sensitive: bool = False


@dataclass(frozen=True, slots=True)
class SectorInfo:
    code: str
    plover: str
    label: str


@dataclass
class ActorTable:
    """Entries by id, the phrases that name them, and the sector code table."""

    entries: MutableMapping[str, Entry] = field(default_factory=dict)  # lazy views when from the cache
    terms: MutableSequence[Term] = field(default_factory=list)
    sectors: dict[str, SectorInfo] = field(default_factory=dict)

    def add(self, entry: Entry, phrases: Iterable[tuple[str, str]]) -> None:
        """Add (or replace) ``entry`` with its (phrase, role) pairs."""
        self.entries[entry.id] = entry
        for phrase, role in phrases:
            phrase = " ".join(phrase.split())
            if not phrase:
                continue
            self.terms.append(Term(phrase, entry.id, role, _case_sensitive(phrase)))

    def plover_sector(self, sector: str | None) -> str | None:
        if sector is None:
            return None
        info = self.sectors.get(sector)
        return info.plover if info else None

    def country_entry(self, iso3: str) -> Entry | None:
        return self.entries.get(f"country:{iso3}")


def _case_sensitive(phrase: str) -> bool:
    """Acronyms (``US``, ``UN``, ``PAN``) match only in capitals, so "us" and "pan" stay words."""
    letters = phrase.replace(".", "").replace(" ", "")
    return letters.isupper() and len(letters) <= 5


# ---------------------------------------------------------------- TSV reading


def _rows(path: Path | str, text: str, width: int) -> Iterable[tuple[int, list[str]]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        if len(cells) > width:
            raise DataFileError(str(path), number, f"expected {width} tab-separated fields, got {len(cells)}")
        yield number, cells


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _iso3(path: str, line: int, value: str, allow_empty: bool = True) -> str | None:
    if not value:
        if allow_empty:
            return None
        raise DataFileError(path, line, "a country code is required")
    if not _ISO3.match(value):
        raise DataFileError(path, line, f"country {value!r} is not an ISO3 code (three capitals)")
    return value


def _sector(path: str, line: int, value: str, table: ActorTable) -> str | None:
    if not value:
        return None
    if not _SECTOR.match(value) or (table.sectors and value not in table.sectors):
        raise DataFileError(path, line, f"unknown sector code {value!r} (see sector_codes.tsv)")
    return value


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def parse_date(path: str, line: int, value: str, last: bool = False) -> date | None:
    """``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when only the month or year is known: the first day
    of that month or year, or its last day with ``last`` (the end of an office)."""
    if not value:
        return None
    partial = _PARTIAL_DATE.match(value)
    try:
        if partial is None:
            return date.fromisoformat(value)
        year, month = int(partial[1]), int(partial[2] or (12 if last else 1))
        if not last:
            return date(year, month, 1)
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return following - timedelta(days=1)
    except ValueError as exc:
        raise DataFileError(path, line, f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from exc


def load_sector_codes(table: ActorTable, path: str, text: str) -> None:
    """``code  plover_sector  label``"""
    for line, (code, plover, label) in _rows(path, text, 3):
        if not _SECTOR.match(code) or not plover:
            raise DataFileError(path, line, "need a three-letter code and a PLOVER sector")
        table.sectors[code] = SectorInfo(code, plover, label)


def load_countries(table: ActorTable, path: str, text: str) -> None:
    """``iso3  name  aliases  adjectives  capital  metonyms  wiki``"""
    for line, (iso3, name, aliases, adjectives, capital, metonyms, wiki) in _rows(path, text, 7):
        code = _iso3(path, line, iso3, allow_empty=False)
        if not name:
            raise DataFileError(path, line, "a country needs a name")
        origin = f"{path}:{line}"
        table.add(
            Entry(
                f"country:{code}", "country", name, country=code, code=code, wiki=wiki or name, origin=origin
            ),
            [(name, "country"), *((a, "country") for a in _split(aliases))]
            + [(a, "adjective") for a in _split(adjectives)],
        )
        if capital:
            table.add(
                Entry(
                    f"capital:{code}",
                    "city",
                    capital.split(";")[0],
                    country=code,
                    sector="GOV",
                    code=f"{code}GOV",
                    wiki=capital.split(";")[0],
                    origin=origin,
                ),
                [(c, "capital") for c in capital.split(";")],
            )
        for number, metonym in enumerate(_split(metonyms)):
            phrase, _, sector = metonym.partition("|")
            sector_code = _sector(path, line, sector or "GOV", table) or "GOV"
            table.add(
                Entry(
                    f"metonym:{code}:{number}",
                    "city",
                    phrase,
                    country=code,
                    sector=sector_code,
                    code=f"{code}{sector_code}",
                    wiki=phrase,
                    origin=origin,
                ),
                [(phrase, "metonym")],
            )


def load_cities(table: ActorTable, path: str, text: str) -> None:
    """``name  aliases  iso3  wiki``"""
    for line, (name, aliases, iso3, wiki) in _rows(path, text, 4):
        code = _iso3(path, line, iso3, allow_empty=False)
        if not name:
            raise DataFileError(path, line, "a city needs a name")
        table.add(
            Entry(
                f"city:{code}:{name}",
                "city",
                name,
                country=code,
                code=code,
                wiki=wiki or name,
                origin=f"{path}:{line}",
            ),
            [(name, "city"), *((a, "city") for a in _split(aliases))],
        )


SECTOR_KINDS = ("title", "member", "body")
SECTOR_FLAGS = frozenset({"weak", "generic", "needs-place"})


def load_peoples(table: ActorTable, path: str, text: str) -> None:
    """``name  aliases  iso3  wiki`` — ethnic groups, with a country only where unambiguous."""
    for line, (name, aliases, iso3, wiki) in _rows(path, text, 4):
        if not name:
            raise DataFileError(path, line, "a people needs a name")
        table.add(
            Entry(
                f"ethnic:{name}",
                "ethnic",
                name,
                country=_iso3(path, line, iso3),
                sector="CVL",
                wiki=wiki or None,
                origin=f"{path}:{line}",
            ),
            [(name, "ethnic"), *((a, "ethnic") for a in _split(aliases))],
        )


def load_sectors(table: ActorTable, path: str, text: str) -> None:
    """``phrases  sector  kind(title|member|body)  role  [flags]`` — words that signal a sector."""
    for line, (phrases, sector, kind, role, flag_cell) in _rows(path, text, 5):
        code = _sector(path, line, sector, table)
        if code is None or kind not in SECTOR_KINDS:
            raise DataFileError(
                path, line, "need phrases, a sector code and kind 'title', 'member' or 'body'"
            )
        words = _split(phrases)
        if not words:
            raise DataFileError(path, line, "no phrases")
        flags = frozenset(f.strip() for f in flag_cell.split(",") if f.strip())
        if flags - SECTOR_FLAGS:
            raise DataFileError(
                path, line, f"unknown flags {sorted(flags - SECTOR_FLAGS)} (use {sorted(SECTOR_FLAGS)})"
            )
        table.add(
            Entry(
                f"sector:{words[0]}",
                "sector",
                words[0],
                sector=code,
                role=role or None,
                title=kind == "title",
                member=kind == "member",
                flags=flags,
                origin=f"{path}:{line}",
            ),
            [(w, "sector") for w in _with_plurals(words)],
        )


def load_organisations(table: ActorTable, path: str, text: str, generated: bool = False) -> None:
    """``code  name  aliases  country  sector  kind  wiki  [start  end]`` — IGOs, agencies, parties, groups.

    Consecutive rows with the same name are one organisation with dated roles: a group whose sector
    or country changed (the Taliban: rebels until August 2021, then Afghanistan's government) has one
    row per period with ``start``/``end`` (inclusive, as in people.tsv); aliases add up. ``generated``
    files (``generated_organisations.tsv``) add ``source`` and ``licence`` columns and may hold
    namesakes of several countries (parties called "Democratic Party"): their ids include the country.
    """
    width = 11 if generated else 9
    rows: list[tuple[int, list[str]]] = list(_rows(path, text, width))
    index = 0
    while index < len(rows):
        line, first = rows[index]
        group = [(line, first)]
        index += 1
        while index < len(rows) and rows[index][1][1] == first[1] and first[1]:
            group.append(rows[index])
            index += 1
        _load_organisation(table, path, group, generated)


def _load_organisation(
    table: ActorTable, path: str, group: list[tuple[int, list[str]]], generated: bool
) -> None:
    line, (code, name, _, country, sector, kind, wiki, *_rest) = group[0]
    if kind not in ("igo", "organisation", "group"):
        raise DataFileError(path, line, f"kind must be igo, organisation or group, not {kind!r}")
    if not name:
        raise DataFileError(path, line, "an organisation needs a name")
    aliases: list[str] = []
    roles: list[Office] = []
    for row_line, cells in group:
        aliases.extend(_split(cells[2]))
        if generated and (not cells[9] or not cells[10]):
            raise DataFileError(path, row_line, "a generated row needs its source and licence")
        if len(group) > 1:
            row_sector = _sector(path, row_line, cells[4], table)
            roles.append(
                Office(
                    _iso3(path, row_line, cells[3]),
                    row_sector or "",
                    cells[1],
                    parse_date(path, row_line, cells[7]),
                    parse_date(path, row_line, cells[8], last=True),
                )
            )
            if roles[-1].start and roles[-1].end and roles[-1].end < roles[-1].start:
                raise DataFileError(path, row_line, "role ends before it starts")
        elif cells[7] or cells[8]:
            raise DataFileError(path, row_line, "start/end date a role: give one row per role (two or more)")
    iso = _iso3(path, line, country)
    sec = _sector(path, line, sector, table)
    actor_code = code or f"{iso or ''}{sec or ''}"
    if not actor_code:
        raise DataFileError(path, line, "need a code, a country or a sector")
    entry_id = f"org:{iso}:{name}" if generated and iso else f"org:{name}"
    table.add(
        Entry(
            entry_id,
            kind,
            name,
            country=iso,
            sector=sec,
            code=actor_code,
            wiki=wiki or None,
            offices=tuple(sorted(roles, key=lambda o: o.start or date.min)),
            origin=f"{path}:{line}",
        ),
        [(name, "organisation"), *((a, "organisation") for a in dict.fromkeys(aliases))],
    )


def load_people(table: ActorTable, path: str, text: str, generated: bool = False) -> None:
    """``id  name  aliases  countries  role  head  sector  start  end  wiki`` — one row per office.

    Rows with the same id are one person (namesakes are two ids); name and wiki come from the first
    row that gives them, aliases add up. ``generated`` files add ``source`` and ``licence`` columns.
    """
    people: dict[str, _PersonRows] = {}
    for line, cells in _rows(path, text, 12 if generated else 10):
        pid, name, aliases, countries, role, head, sector, start, end, wiki = cells[:10]
        if generated and (not cells[10] or not cells[11]):
            raise DataFileError(path, line, "a generated row needs its source and licence")
        if not _PERSON_ID.match(pid):
            raise DataFileError(path, line, f"person id {pid!r}: lowercase letters, digits and '-' only")
        person = people.setdefault(pid, _PersonRows(line))
        if name and not person.name:
            person.name = name
        if wiki and not person.wiki:
            person.wiki = wiki
        person.aliases.extend(_split(aliases))
        person.offices.append(_office(path, line, countries, role, head, sector, start, end, table))
    for pid, person in people.items():
        if not person.name:
            raise DataFileError(path, person.line, f"person {pid!r} has no name on any row")
        origin = f"{path}:{person.line}"
        add_person(table, pid, person.name, person.aliases, person.offices, person.wiki or None, origin)


_PERSON_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(slots=True)
class _PersonRows:
    line: int  # the person's first row
    name: str = ""
    wiki: str = ""
    aliases: list[str] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)


def _office(
    path: str,
    line: int,
    countries: str,
    role: str,
    head: str,
    sector: str,
    start: str,
    end: str,
    table: ActorTable,
) -> Office:
    codes = tuple(code for code in (_iso3(path, line, c) for c in _split(countries)) if code)
    heads = tuple(_split(head))
    if any(h not in HEADS for h in heads):
        raise DataFileError(
            path, line, f"head {head!r}: expected state, government, state;government or blank"
        )
    sec = _sector(path, line, sector, table)
    if sec is None:
        raise DataFileError(path, line, "a person's office needs a sector code")
    office = Office(
        codes[0] if codes else None,
        sec,
        role,
        parse_date(path, line, start),
        parse_date(path, line, end, last=True),
        heads,
        codes,
    )
    if office.start and office.end and office.end < office.start:
        raise DataFileError(path, line, "office ends before it starts")
    return office


def person_id(name: str) -> str:
    """The id a person gets from their name: lowercase ASCII words joined by '-' ("Shinzō Abe" →
    ``shinzo-abe``)."""
    folded = unicodedata.normalize("NFKD", name.translate(_NOT_DECOMPOSED))
    ascii_name = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


_NOT_DECOMPOSED = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"})


def add_person(
    table: ActorTable,
    pid: str,
    name: str,
    aliases: Sequence[str],
    offices: Sequence[Office],
    wiki: str | None,
    origin: str,
) -> None:
    ordered = tuple(sorted(offices, key=lambda o: o.start or date.min))
    latest = ordered[-1]
    table.add(
        Entry(
            f"person:{pid}",
            "person",
            name,
            country=latest.country,
            sector=latest.sector,
            wiki=wiki or name,
            role=latest.role,
            offices=ordered,
            origin=origin,
        ),
        [(name, "person"), *((a, "person") for a in dict.fromkeys(aliases))],
    )


def _with_plurals(words: Iterable[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        out.append(word)
        if word.isupper():
            continue
        last = word.split()[-1]
        if last.endswith(("s", "x", "ch", "sh")):
            plural = last + "es" if not last.endswith("s") else last
        elif last.endswith("y") and last[-2:-1] not in "aeiou":
            plural = last[:-1] + "ies"
        elif last.lower().endswith("man"):
            plural = last[:-2] + "en"
        else:
            plural = last + "s"
        if plural != last:
            out.append(word[: len(word) - len(last)] + plural)
    return out


def load_generated_organisations(table: ActorTable, path: str, text: str) -> None:
    load_organisations(table, path, text, generated=True)


def load_generated_people(table: ActorTable, path: str, text: str) -> None:
    load_people(table, path, text, generated=True)


# Hand-written files first: their phrases come first in the matcher, so a hand-written entry wins over a
# generated namesake (scripts/build_actor_tables.py already leaves out what the hand files know).
SHIPPED_FILES: tuple[tuple[str, object], ...] = (
    ("sector_codes.tsv", load_sector_codes),
    ("countries.tsv", load_countries),
    ("cities.tsv", load_cities),
    ("peoples.tsv", load_peoples),
    ("sectors.tsv", load_sectors),
    ("organisations.tsv", load_organisations),
    ("people.tsv", load_people),
    ("generated_organisations.tsv", load_generated_organisations),
    ("generated_people.tsv", load_generated_people),
)
GENERATED_PREFIX = "eventwire/data/actors/generated_"


def load_shipped(table: ActorTable) -> None:
    """Load the data files that ship in ``eventwire/data/actors``."""
    folder = resources.files("eventwire") / "data" / "actors"
    for name, loader in SHIPPED_FILES:
        resource = folder / name
        text = resource.read_text(encoding="utf-8")
        loader(table, f"eventwire/data/actors/{name}", text)  # type: ignore[operator]
