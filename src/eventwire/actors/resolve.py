"""Resolve the dictionary matches of one sentence into actor mentions (before coreference).

Matches that belong to one noun phrase are grouped (by the dependency parse when the sentence is
parsed, and by adjacency across ``'s``/``of``/``the``), then a group is resolved by these rules, in
order: a known person (dated office) > an organisation/IGO/armed group > a place plus a sector word
("Japanese troops", "Kyiv police", "Chile's Defense Department") > a place alone (capitals and
government seats stand for the government) > a sector word alone (left for coreference).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token

from eventwire.actors._match import Match
from eventwire.actors._offices import office_at
from eventwire.actors.table import ActorTable, Entry
from eventwire.records import Actor

_CLIMB_DEPS = {"compound", "amod", "poss", "nmod", "flat", "appos", "case", "nummod", "det"}
_CLIMB_PREPS = {"of", "from", "for"}
_CLIMB_PREPS_COUNTRY = {"of", "from", "for", "in"}  # "Muslim leaders in France", not "summit in Lima"
_GLUE = {"'s", "’s", "'", "’", "of", "the", "a", "an", "-", "for"}
_FORMER = {"former", "ex", "ex-", "retired", "disgraced", "late", "outgoing"}
_PLACE_ROLES = ("country", "adjective", "capital", "metonym", "city")
_ORG_KINDS = ("organisation", "igo", "group")
HEAD_ROLES = {"President", "Prime Minister", "Monarch", "Leader"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A resolved group in sentence coordinates; ``pending`` groups wait for coreference."""

    start: int  # char offsets relative to the sentence
    end: int
    actor: Actor
    entry: str
    why: str
    pending: bool = False  # a title or body with no name: coreference may refine it
    title_role: str | None = None
    person_key: str | None = None  # entry id or unknown person's name, for later coreference


def np_head(token: Token, country: bool = False) -> Token:
    """Climb from a token to the head noun of the noun phrase it modifies."""
    preps = _CLIMB_PREPS_COUNTRY if country else _CLIMB_PREPS
    seen = 0
    while seen < 8 and token.head is not token:
        seen += 1
        if token.dep_ in _CLIMB_DEPS:
            token = token.head
        elif (
            token.dep_ == "pobj"
            and token.head.lower_ in preps
            and token.head.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
        ):
            token = token.head.head
        else:
            break
    return token


def group_matches(doc: Doc, matches: list[Match], parsed: bool) -> list[list[Match]]:
    """Group matches that belong to one noun phrase."""
    parent = list(range(len(matches)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    heads: dict[int, int] = {}
    for i, match in enumerate(matches):
        if parsed:
            head = np_head(doc[match.start : match.end].root, match.term.role == "country").i
            if head in heads:
                union(i, heads[head])
            else:
                heads[head] = i
            for j, other in enumerate(matches):
                if j != i and other.start <= head < other.end:
                    union(i, j)
        if i and all(t.lower_ in _GLUE for t in doc[matches[i - 1].end : match.start]):
            union(i, i - 1)
    groups: dict[int, list[Match]] = {}
    for i, match in enumerate(matches):
        groups.setdefault(find(i), []).append(match)
    return [part for g in groups.values() for part in _split_people(g)]


def _split_people(group: list[Match]) -> list[list[Match]]:
    """A group naming two different people ("Putin, Abe") becomes one group per person."""
    people = [m for m in group if m.term.role == "person"]
    if len({m.term.entry for m in people}) <= 1:
        return [group]
    parts: list[list[Match]] = [[] for _ in people]
    for match in group:
        later = [k for k, p in enumerate(people) if p.start >= match.start]
        parts[later[0] if later else len(people) - 1].append(match)
    return [p for p in parts if p]


def _unknown_person(doc: Doc, group: list[Match]) -> tuple[int, int, str] | None:
    """A PERSON entity right after (or around) a title in the group: its token span and text."""
    end = max(m.end for m in group)
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        covered = any(m.start <= ent.start < m.end for m in group)
        if ent.start == end or (covered and ent.end > end) or (ent.start == end + 1 and doc[end].text == ","):
            return ent.start, ent.end, ent.text
    return None


class SentenceResolver:
    """Turns one sentence's matches into :class:`Candidate` s."""

    def __init__(self, table: ActorTable, today: date) -> None:
        self._table = table
        self._today = today

    def resolve(self, doc: Doc, matches: list[Match], parsed: bool, when: date | None) -> list[Candidate]:
        out = []
        for group in group_matches(doc, matches, parsed):
            candidate = self._resolve_group(doc, sorted(group, key=lambda m: m.start), parsed, when)
            if candidate is not None:
                out.append(candidate)
        return sorted(out, key=lambda c: c.start)

    def _entry(self, match: Match) -> Entry:
        return self._table.entries[match.term.entry]

    def _resolve_group(
        self, doc: Doc, group: list[Match], parsed: bool, when: date | None
    ) -> Candidate | None:
        start_tok, end_tok = group[0].start, max(m.end for m in group)
        former = any(t.lower_ in _FORMER for t in doc[max(0, start_tok - 2) : start_tok])
        people = [m for m in group if m.term.role == "person"]
        orgs = [m for m in group if m.term.role == "organisation"]
        places = [m for m in group if m.term.role in _PLACE_ROLES]
        sectors = [m for m in group if m.term.role == "sector"]
        unknown = _unknown_person(doc, group) if parsed and not people and sectors else None
        if unknown is not None:
            end_tok = max(end_tok, unknown[1])
        span = doc[start_tok:end_tok]
        start, end = span.start_char, span.end_char
        if people:
            entry = self._entry(people[0])
            country, sector, role = office_at(entry, when, self._today)
            if former and sector not in (None, "ELI"):
                sector, role = "ELI", f"Former {role}"
            actor = self._actor(country, sector, entry.name, role, entry.wiki, "person")
            return Candidate(start, end, actor, entry.id, "dictionary:person", person_key=entry.id)
        if orgs:
            entry = self._entry(orgs[0])
            actor = Actor(
                entry.code or "",
                entry.country,
                entry.sector,
                self._plover(entry),
                entry.name,
                None,
                entry.wiki,
                entry.kind,
            )
            return Candidate(start, end, actor, entry.id, f"dictionary:{entry.kind}")
        sector_entry = self._entry(_head_sector(doc, sectors, parsed)) if sectors else None
        if places:
            place = self._entry(places[-1] if sector_entry else places[0])
            country = place.country
            if sector_entry is not None:
                sector = "ELI" if former and sector_entry.title else sector_entry.sector
                if unknown is not None:
                    actor = self._actor(country, sector, unknown[2], sector_entry.role, None, "person")
                    return Candidate(
                        start, end, actor, place.id, "compound:country+title+name", person_key=unknown[2]
                    )
                actor = self._actor(
                    country, sector, None, sector_entry.role if sector_entry.title else None, None, "country"
                )
                return Candidate(
                    start,
                    end,
                    actor,
                    place.id,
                    "compound:country+sector",
                    pending=sector_entry.title,
                    title_role=sector_entry.role,
                )
            role = places[0].term.role
            if role in ("capital", "metonym"):
                actor = self._actor(country, place.sector, None, None, place.wiki, "country")
                return Candidate(start, end, actor, place.id, f"metonym:{role}")
            if role == "city":
                actor = self._actor(country, "CVL", None, None, place.wiki, "country")
                return Candidate(start, end, actor, place.id, "place:city")
            actor = self._actor(country, None, None, None, place.wiki, "country")
            return Candidate(start, end, actor, place.id, f"dictionary:{role}")
        if sector_entry is None:
            return None
        sector = "ELI" if former and sector_entry.title else sector_entry.sector
        if unknown is not None:
            actor = self._actor(None, sector, unknown[2], sector_entry.role, None, "person")
            return Candidate(
                start,
                end,
                actor,
                sector_entry.id,
                "compound:title+name",
                pending=True,
                title_role=sector_entry.role,
                person_key=unknown[2],
            )
        actor = self._actor(
            None, sector, None, sector_entry.role if sector_entry.title else None, None, "group"
        )
        return Candidate(
            start,
            end,
            actor,
            sector_entry.id,
            "dictionary:sector",
            pending=sector_entry.title,
            title_role=sector_entry.role,
        )

    def _plover(self, entry: Entry) -> str | None:
        if entry.kind == "igo":
            return self._table.plover_sector("IGO")
        return self._table.plover_sector(entry.sector)

    def _actor(
        self,
        country: str | None,
        sector: str | None,
        name: str | None,
        role: str | None,
        wiki: str | None,
        kind: str,
    ) -> Actor:
        code = f"{country or ''}{sector or ''}"
        return Actor(code, country, sector, self._table.plover_sector(sector), name, role, wiki, kind)


def _head_sector(doc: Doc, sectors: list[Match], parsed: bool) -> Match:
    """The sector word nearest the phrase's head (the last one when unparsed)."""
    if not parsed or len(sectors) == 1:
        return sectors[-1]
    heads = {np_head(doc[m.start : m.end].root).i for m in sectors}
    for match in reversed(sectors):
        if any(match.start <= h < match.end for h in heads):
            return match
    return sectors[-1]
