"""Dateline prefixes of news sentences ("LUXEMBOURG, June 21 — …", "BEIJING, March 10 (Gulf Wire) — …").

A dateline names the place a story was filed from; it is never an actor of the events that follow.
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# An upper-case place (optionally ", Region"), an optional date and agency, then a dash or a colon.
_DATELINE = re.compile(
    r"^\s*(?:\(?[A-Z][A-Z.'’\- ]{1,40}[A-Z.]\)?)"  # LUXEMBOURG / GAZA CITY / ST. PETERSBURG
    r"(?:\s*,\s*[A-Z][A-Za-z.'’\- ]{1,40}?)?"  # , Palestinian Territories
    r"(?:\s*,?\s*" + _MONTH + r"\s+\d{1,2}(?:,\s*\d{4})?)?"  # , June 21
    r"(?:\s*\([^()]{1,40}\))?"  # (Gulf Wire)
    r"\s*(?:—|–|--|-|:)\s+"
)


def dateline_end(sentence: str) -> int:
    """Characters taken by a dateline at the start of ``sentence`` (0 when it has none)."""
    found = _DATELINE.match(sentence)
    if found is None:
        return 0
    place = found.group(0).split(",")[0].strip(" (—–-:")
    if sum(ch.isupper() for ch in place) < max(2, len(place.replace(" ", "")) * 0.8):
        return 0  # "Mr Smith: …" or "US - …" mixed case is not a dateline
    return found.end()
