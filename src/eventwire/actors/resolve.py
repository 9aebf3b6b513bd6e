"""Resolve the dictionary matches of one sentence into actor mentions (before coreference).

Sector words the tagger reads as verbs are dropped first ("to *institute* a curfew",
:mod:`eventwire.actors._verbs`). Matches that belong to one noun phrase are grouped (:mod:`eventwire.actors._groups`), then a group
is resolved by these rules, in order:

1. a known person: the office held on the article date (the latest office when undated); an explicit
   title in the mention overrides it ("Sen. X" -> LEG, "General X" -> MIL) unless the office already
   has the title's sector; "former" makes an elite (ELI) of the person's country;
2. an organisation/IGO/armed group ("a former CIA official" -> ELI of the organisation's country);
3. a place or people plus a sector word ("Japanese troops", "Kyiv police", "Rohingya refugees");
4. a place alone: capitals and government seats stand for the government, cities and towns for
   their civilians, ethnic groups are civilians of their country;
5. an unknown PERSON entity next to a country ("China's He Zhihua") is a civilian of that country;
6. a sector word alone (titles are left for coreference; "needs-place" words like "men" name nobody).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from eventwire.actors._groups import group_matches, np_head, split_coordinated, unknown_person
from eventwire.actors._match import Match
from eventwire.actors._offices import group_role_at, office_at, pick_person
from eventwire.actors._verbs import VerbFilter
from eventwire.actors.table import GENERATED_PREFIX, ActorTable, Entry
from eventwire.records import Actor

_FORMER = {"former", "ex", "ex-", "retired", "disgraced", "late", "outgoing"}
_PLACE_ROLES = ("country", "adjective", "capital", "metonym", "city", "ethnic")
_COUNTRY_ROLES = ("country", "adjective", "capital", "metonym")
HEAD_ROLES = {"President", "Prime Minister", "Monarch", "Leader"}
# Sectors of state institutions: alone, they belong to the article's dominant country (coreference).
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
# Groups that are as domestic as the state's own: "rebels", "opposition", "civilians", "the ruling party",
# "local media", "hospitals", "schools", "businesses", "farmers", "militias", "gangs" in an article about one
# country are that country's (as NGEC and POLECAT code them), never a bare sector. Not NGOs, refugees or
# clergy: in one country's news they are as often foreign (Amnesty, refugees from a neighbour, the Vatican).
DOMESTIC_SECTORS = STATE_SECTORS | frozenset(
    {"REB", "OPP", "CVL", "PTY", "LAB", "MED", "EDU", "HLH", "BUS", "AGR", "PRM", "CRM", "UAF"}
)

__all__ = ["HEAD_ROLES", "STATE_SECTORS", "Candidate", "SentenceResolver", "np_head"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A resolved group in sentence coordinates; ``pending`` groups wait for coreference."""

    start: int  # char offsets relative to the sentence
    end: int
    actor: Actor
    entry: str
    why: str
    pending: bool = False  # a title or body with no name or country: coreference may refine it
    title_role: str | None = None
    person_key: str | None = None  # entry id or unknown person's name, for later coreference


class SentenceResolver:
    """Turns one sentence's matches into :class:`Candidate` s."""

    def __init__(self, table: ActorTable, verbs: VerbFilter | None = None) -> None:
        self._table = table
        self._verbs = verbs if verbs is not None else VerbFilter(None)

    def resolve(self, doc: Doc, matches: list[Match], parsed: bool, when: date | None) -> list[Candidate]:
        """``doc`` is parsed (``parsed``), only tagged, or neither: then sector words on verbs cannot
        be told and count."""
        if parsed:
            matches = [m for m in matches if not _inside_person(doc, m)]
        matches = [m for m in matches if not _names_a_feature(doc, m) and not _acronym_as_town(doc, m)]
        matches = self._verbs(doc, matches, parsed)
        out = []
        for group in group_matches(doc, matches, parsed):
            ordered = sorted(group, key=lambda m: m.start)
            for part, clip in split_coordinated(doc, ordered, self._table):
                candidate = self._resolve_group(doc, part, parsed, when, clip)
                if candidate is not None:
                    out.append(candidate)
        return sorted(out, key=lambda c: c.start)

    def _entry(self, match: Match) -> Entry:
        return self._table.entries[match.term.entry]

    def _resolve_group(
        self, doc: Doc, group: list[Match], parsed: bool, when: date | None, clip: Match | None = None
    ) -> Candidate | None:
        """Resolve one noun phrase; ``clip`` limits the span to one conjunct ("*US* and British activists")."""
        start_tok, end_tok = group[0].start, max(m.end for m in group)
        former = any(t.lower_ in _FORMER for t in doc[max(0, start_tok - 2) : start_tok])
        people = [m for m in group if m.term.role == "person"]
        orgs = [m for m in group if m.term.role == "organisation"]
        places = [m for m in group if m.term.role in _PLACE_ROLES]
        sectors = [m for m in group if m.term.role == "sector"]
        unknown = None
        if (
            parsed
            and clip is None
            and not people
            and not orgs
            and (sectors or any(p.term.role in _COUNTRY_ROLES for p in places))
        ):
            unknown = unknown_person(doc, group)
        if unknown is not None:
            end_tok = max(end_tok, unknown[1])
        span = doc[clip.start : clip.end] if clip is not None else doc[start_tok:end_tok]
        start, end = span.start_char, span.end_char
        if people:
            return self._person(start, end, people[0], places, sectors, former, when)
        if orgs:
            return self._organisation(start, end, orgs[0], places, sectors, former, when)
        head_sector = _head_sector(doc, sectors, parsed, self._table) if sectors else None
        sector_entry = self._entry(head_sector) if head_sector is not None else None
        if places:
            if head_sector is not None:
                # the head noun's own modifiers ("US commander in Iraq") beat places in its prepositions
                places = [m for m in places if m.start < head_sector.start] or places
            return self._place(start, end, places, sector_entry, former, unknown)
        if sector_entry is None:
            return None
        return self._sector(start, end, sector_entry, former, unknown)

    def _person(
        self,
        start: int,
        end: int,
        match: Match,
        places: list[Match],
        sectors: list[Match],
        former: bool,
        when: date | None,
    ) -> Candidate:
        namesakes = [self._table.entries[t.entry] for t in match.terms if t.role == "person"]
        entry = pick_person(namesakes or [self._entry(match)], when)
        titles = [self._entry(m) for m in sectors if m.end <= match.start]
        place = _country_of(self._table, places)
        country, sector, role = office_at(entry, when, place)
        why = "dictionary:person"
        former = former or any(t.sector == "ELI" for t in titles)
        if former and (sector not in (None, "ELI") or titles):
            base = role or next((t.role for t in reversed(titles) if t.role), None) or "official"
            sector, role = "ELI", base if base.startswith("Former") else f"Former {base}"
            country = country or place or entry.country
        elif titles and sector not in {t.sector for t in titles}:
            title = titles[-1]
            sector, role = title.sector, title.role
            country = place or country or entry.country
            why = "title:person"
        actor = self._actor(country, sector, entry.name, role, entry.wiki, "person")
        return Candidate(start, end, actor, entry.id, why, person_key=entry.id)

    def _organisation(
        self,
        start: int,
        end: int,
        match: Match,
        places: list[Match],
        sectors: list[Match],
        former: bool,
        when: date | None,
    ) -> Candidate:
        entry = self._namesake(match, places)
        members = [self._entry(m) for m in sectors if m.start >= match.end]
        if former and any(m.title or m.member for m in members):
            actor = self._actor(entry.country, "ELI", None, "Former official", None, "group")
            return Candidate(start, end, actor, entry.id, f"former:{entry.kind}")
        country, sector = entry.country, entry.sector
        code = entry.code or ""
        why = f"dictionary:{entry.kind}"
        if entry.offices:
            country, sector = group_role_at(entry, when)
            code = f"{country or ''}{sector or ''}"
            why = f"dated:{entry.kind}"
        elif entry.id.startswith("ambiguous:"):
            why = "ambiguous:organisation"
        actor = Actor(
            code,
            country,
            sector,
            self._plover(entry) if not entry.offices else self._table.plover_sector(sector),
            entry.name if not entry.id.startswith("ambiguous:") else None,
            None,
            entry.wiki,
            entry.kind,
        )
        return Candidate(start, end, actor, entry.id, why)

    def _namesake(self, match: Match, places: list[Match]) -> Entry:
        """Of organisations sharing a name ("Democratic Party"), the one of the country named with it;
        else a hand-written one; else, when they disagree on the country, only what they share."""
        entries = list(
            dict.fromkeys(self._table.entries[t.entry] for t in match.terms if t.role == "organisation")
        )
        if len(entries) <= 1:
            return entries[0] if entries else self._entry(match)
        place = _country_of(self._table, places)
        local = [e for e in entries if place is not None and e.country == place]
        if local:
            return local[0]
        hand = [e for e in entries if not e.origin.startswith(GENERATED_PREFIX)]
        if hand:
            return hand[0]
        countries = {e.country for e in entries}
        if len(countries) == 1:
            return entries[0]
        sectors = {e.sector for e in entries}
        sector = sectors.pop() if len(sectors) == 1 else None
        return Entry(
            f"ambiguous:{entries[0].name}",
            entries[0].kind,
            entries[0].name,
            sector=sector,
            code=sector or "",
            origin=entries[0].origin,
        )

    def _place(
        self,
        start: int,
        end: int,
        places: list[Match],
        sector_entry: Entry | None,
        former: bool,
        unknown: tuple[int, int, str] | None,
    ) -> Candidate:
        with_country = [m for m in places if self._entry(m).country]
        preferred = [m for m in with_country if m.term.role != "ethnic"] or with_country or places
        place = self._entry(preferred[-1] if sector_entry else preferred[0])
        country = place.country
        ethnic = any(m.term.role == "ethnic" for m in places)
        if sector_entry is not None:
            sector = "ELI" if former and (sector_entry.title or sector_entry.member) else sector_entry.sector
            if unknown is not None:
                actor = self._actor(country, sector, unknown[2], sector_entry.role, None, "person")
                return Candidate(
                    start, end, actor, place.id, "compound:country+title+name", person_key=unknown[2]
                )
            titled = sector_entry.title or sector_entry.member
            actor = self._actor(country, sector, None, sector_entry.role if titled else None, None, "country")
            return Candidate(
                start,
                end,
                actor,
                place.id,
                "compound:country+sector",
                pending=sector_entry.title,
                title_role=sector_entry.role,
            )
        if unknown is not None:
            actor = self._actor(country, "CVL", unknown[2], None, None, "person")
            return Candidate(start, end, actor, place.id, "compound:country+name", person_key=unknown[2])
        role = preferred[0].term.role
        if role in ("capital", "metonym"):
            actor = self._actor(country, place.sector, None, None, place.wiki, "country")
            return Candidate(start, end, actor, place.id, f"metonym:{role}")
        if role == "city":
            actor = self._actor(country, "CVL", None, None, place.wiki, "country")
            return Candidate(start, end, actor, place.id, "place:city")
        if ethnic:
            group = self._entry(next(m for m in places if m.term.role == "ethnic"))
            actor = self._actor(country, "CVL", group.name, None, group.wiki, "group")
            return Candidate(start, end, actor, group.id, "dictionary:ethnic")
        # a demonym alone ("two Russians") names people of the country, not the country itself
        wiki = None if role == "adjective" else place.wiki
        actor = self._actor(country, None, None, None, wiki, "country")
        return Candidate(start, end, actor, place.id, f"dictionary:{role}")

    def _sector(
        self, start: int, end: int, entry: Entry, former: bool, unknown: tuple[int, int, str] | None
    ) -> Candidate | None:
        sector = "ELI" if former and (entry.title or entry.member) else entry.sector
        if unknown is not None:
            actor = self._actor(None, sector, unknown[2], entry.role, None, "person")
            return Candidate(
                start,
                end,
                actor,
                entry.id,
                "compound:title+name",
                pending=True,
                title_role=entry.role,
                person_key=unknown[2],
            )
        if "needs-place" in entry.flags:
            return None
        titled = entry.title or entry.member
        actor = self._actor(None, sector, None, entry.role if titled else None, None, "group")
        return Candidate(
            start,
            end,
            actor,
            entry.id,
            "dictionary:sector",
            pending=entry.title or sector in DOMESTIC_SECTORS,
            title_role=entry.role if entry.title else None,
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


def _inside_person(doc: Doc, match: Match) -> bool:
    """A town name that is part of a longer PERSON entity ("Leon Bobb")."""
    if match.term.role != "city":
        return False
    return any(
        e.label_ == "PERSON"
        and e.start <= match.start
        and match.end <= e.end
        and e.end - e.start > match.end - match.start
        for e in doc.ents
    )


# Capitalised heads of names of seas, gulfs and other natural features: "the *Indian* Ocean", "the South *China*
# Sea", "the *Persian* Gulf", "the Gulf of *Aden*" name water or land, not the country or its people. ("Coast" is
# left out: "the Turkish Coast Guard" is a state body.)
_FEATURE_HEADS = frozenset(
    ["Ocean", "Sea", "Seas", "Gulf", "Strait", "Straits", "Channel", "Peninsula", "Basin", "Bay", "Lake"]
    + ["River", "Mountains", "Highlands", "Plateau", "Desert", "Delta", "Rift", "Trench", "Archipelago"]
)


def _names_a_feature(doc: Doc, match: Match) -> bool:
    """Is this country or demonym match part of the name of a sea or other natural feature?"""
    if match.term.role not in _PLACE_ROLES:
        return False
    after = doc[match.end] if match.end < len(doc) else None
    if after is not None and after.text in _FEATURE_HEADS:
        return True
    before = doc[match.start - 2 : match.start]
    return len(before) == 2 and before[1].lower_ == "of" and before[0].text in _FEATURE_HEADS


def _acronym_as_town(doc: Doc, match: Match) -> bool:
    """A town name written in capitals in a sentence that is not ("the *PISA* tests", "*NICE* guidance"): an
    acronym. A headline in capitals keeps its towns."""
    if match.term.role != "city":
        return False
    words = [t for t in doc[match.start : match.end] if t.is_alpha]
    if not words or not all(t.is_upper and len(t) > 1 for t in words):
        return False
    letters = [t for t in doc if t.is_alpha and len(t) > 1]
    return sum(t.is_upper for t in letters) * 2 < len(letters)


def _country_of(table: ActorTable, places: list[Match]) -> str | None:
    for match in places:
        country = table.entries[match.term.entry].country
        if country:
            return country
    return None


def _head_sector(doc: Doc, sectors: list[Match], parsed: bool, table: ActorTable) -> Match:
    """The sector word that decides a phrase's sector.

    The word nearest the phrase's head (the last one when unparsed), unless it is ``generic``
    ("officer", "agency", "leader") and a more specific sector word modifies it.
    """
    head = sectors[-1]
    if parsed and len(sectors) > 1:
        heads = {np_head(doc[m.start : m.end].root).i for m in sectors}
        head = next((m for m in reversed(sectors) if any(m.start <= h < m.end for h in heads)), head)
    if "generic" not in table.entries[head.term.entry].flags:
        return head
    specific = [m for m in sectors if "generic" not in table.entries[m.term.entry].flags]
    return specific[-1] if specific else head
