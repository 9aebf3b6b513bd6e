"""Parser for one ``pytickersymbols`` company record: the company (BUS) and its key people."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from actor_sources.common import OrgRow, PersonName, PersonRow, clean, wiki_from_url

US_STATES = frozenset(
    [
        "Alabama",
        "Alaska",
        "Arizona",
        "Arkansas",
        "California",
        "Colorado",
        "Connecticut",
        "Delaware",
        "Florida",
        "Georgia",
        "Hawaii",
        "Idaho",
        "Illinois",
        "Indiana",
        "Iowa",
        "Kansas",
        "Kentucky",
        "Louisiana",
        "Maine",
        "Maryland",
        "Massachusetts",
        "Michigan",
        "Minnesota",
        "Mississippi",
        "Missouri",
        "Montana",
        "Nebraska",
        "Nevada",
        "Hampshire",
        "Jersey",
        "Mexico",
        "York",
        "Carolina",
        "Dakota",
        "Ohio",
        "Oklahoma",
        "Oregon",
        "Pennsylvania",
        "Rhode",
        "Tennessee",
        "Texas",
        "Utah",
        "Vermont",
        "Virginia",
        "Washington",
        "Wisconsin",
        "Wyoming",
        "Columbia",
    ]
)
LEGAL_FORMS = re.compile(
    r",?\s+(Inc\.?|Incorporated|Corp\.?|Corporation|Co\.?|Company|Ltd\.?|Limited|plc|PLC|AG|SE|S\.A\.|SA|N\.V\.|NV|"
    r"Holdings?|Group|KGaA|GmbH|& Co\.?|S\.p\.A\.|SpA|ASA|AB|Oyj|A/S|K\.K\.)$"
)
_PERSON = re.compile(r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3})\s*\(\s*([^)]*?)\s*\)")


def company_country(raw: str | None, to_iso3: Callable[[str], str | None]) -> str | None:
    """ISO3 of the company's country: a country name, or a US city ("Houston, Texas"), or "City, Country"."""
    if not raw:
        return None
    direct = to_iso3(raw.strip())
    if direct:
        return direct
    last = raw.split(",")[-1].strip()
    if last.split()[-1:] and last.split()[-1] in US_STATES:
        return "USA"
    return to_iso3(last)


def short_name(name: str) -> str:
    previous = None
    while previous != name:
        previous, name = name, LEGAL_FORMS.sub("", name).strip(" ,")
    return name


def role_of(text: str) -> str:
    low = text.lower()
    if "ceo" in low or "chief executive" in low:
        return "Chief Executive"
    if "chair" in low:
        return "Chairman"
    if "president" in low:
        return "Company President"
    if "founder" in low:
        return "Founder"
    return ""


def company(
    record: dict[str, Any], to_iso3: Callable[[str], str | None]
) -> tuple[OrgRow | None, list[PersonRow]]:
    """The company as a BUS organisation and its chairs and chief executives as BUS people."""
    name = clean(record.get("name") or "")
    country = company_country(record.get("country"), to_iso3)
    if not name or country is None:
        return None, []
    metadata = record.get("metadata") or {}
    wiki = wiki_from_url(metadata.get("wikipedia_url") or "")
    source = f"pytickersymbols/{record.get('symbol') or name}"
    aliases = tuple(dict.fromkeys(a for a in (short_name(name), wiki, short_name(wiki)) if a and a != name))
    org = OrgRow(name, country, "BUS", "organisation", aliases, source, (wiki,) if wiki else (name,))
    people = []
    for person, role_text in _PERSON.findall(clean(metadata.get("key_people") or "")):
        role = role_of(role_text)
        words = person.split()
        if not role or len(words) < 2:
            continue
        full = " ".join(words)
        short = f"{words[0]} {words[-1]}"
        pname = PersonName(full, short, words[-1])
        people.append(
            PersonRow(
                pname,
                country,
                f"{role}, {short_name(name)}",
                "BUS",
                source=source,
                wiki_candidates=(full, short),
            )
        )
    return org, people
