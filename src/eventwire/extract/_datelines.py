"""Datelines and bylines in scraped text ("2 Dec, 2018 01:05", "Published: 3 March 2021", "By Jane Doe").

:func:`parse_dateline` accepts a line only when it is *made of* a date: once the date, time, time zone,
weekday, labels ("Published", "Updated"…) and an optional byline are taken away, nothing but
separators may remain. A sentence that merely mentions a date is not a dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

_MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# Offsets in minutes of the zone abbreviations news sites print; ambiguous ones (IST, CST) are left out.
_ZONES: dict[str, int] = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "bst": 60,
    "cet": 60,
    "cest": 120,
    "eet": 120,
    "eest": 180,
    "msk": 180,
    "est": -300,
    "edt": -240,
    "et": -300,
    "pst": -480,
    "pdt": -420,
    "jst": 540,
    "aest": 600,
    "aedt": 660,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ZONE = (
    r"(?P<zone>"
    + "|".join(sorted(_ZONES, key=len, reverse=True))
    + r"|(?:utc|gmt)?\s?[+-]\d{1,2}(?::?\d{2})?)"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE_PATTERNS = (
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<mnum>\d{2})-(?P<day>\d{2})(?=\b|T)", re.IGNORECASE),
)
_TIME = re.compile(
    r"(?<![\d:.])(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    rf"(?:\s*(?P<ampm>[ap])\.?\s?m\.?)?(?:\s*\(?{_ZONE}\)?)?(?![\d:])",
    re.IGNORECASE,
)
_LABELS = re.compile(
    r"\b(?:first\s+published|last\s+updated|last\s+modified|published|updated|posted|modified|"
    r"date|on|at|time|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|today|t)\b",
    re.IGNORECASE,
)
_UPDATED = re.compile(r"^\W*(?:last\s+)?(?:updated|modified)\b", re.IGNORECASE)
_BYLINE = re.compile(
    r"^\s*(?i:by)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|al|bin|der|la)){0,7})"
    r"(?:\s*(?:,|\||-|–|—)\s*(?P<org>[^|]{1,60}?))?\s*$"
)
_INLINE_BY = re.compile(r"\b(?i:by)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*$")
_SEPARATORS = re.compile(r"^[\s|,;:·•/\\()\[\]\-–—.]*$")


@dataclass(frozen=True, slots=True)
class Dateline:
    when: datetime
    updated: bool = False
    author: str | None = None


def parse_byline(line: str) -> str | None:
    """The author's name when the line is a byline (``By Jane Doe``, ``By Jane Doe, Reuters``)."""
    match = _BYLINE.match(line)
    if match is None or len(line.split()) > 12:
        return None
    return match.group("name").strip()


def parse_dateline(line: str) -> Dateline | None:
    """The date (tz-aware, UTC unless the line names a zone) when the whole line is a dateline."""
    if len(line) > 120:
        return None
    author = None
    rest = line
    for part in re.split(r"\s*[|•·]\s*", line):
        name = parse_byline(part)
        if name is not None:
            author = name
            rest = rest.replace(part, " ")
    inline = _INLINE_BY.search(rest) if author is None else None
    if inline is not None:
        author = inline.group("name")
        rest = rest[: inline.start()] + " " + rest[inline.end() :]
    day_match = None
    for pattern in _DATE_PATTERNS:
        day_match = pattern.search(rest)
        if day_match is not None:
            break
    if day_match is None:
        return None
    remaining = rest[: day_match.start()] + " " + rest[day_match.end() :]
    time_match = _TIME.search(remaining)
    if time_match is not None:
        remaining = remaining[: time_match.start()] + " " + remaining[time_match.end() :]
    if not _SEPARATORS.match(_LABELS.sub(" ", remaining)):
        return None
    when = _build(day_match, time_match)
    if when is None:
        return None
    return Dateline(when=when, updated=bool(_UPDATED.match(line)), author=author)


def _build(day_match: re.Match[str], time_match: re.Match[str] | None) -> datetime | None:
    groups = day_match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower().rstrip(".")]
    hour = minute = second = 0
    zone: timezone = UTC
    if time_match is not None:
        hour, minute = int(time_match.group("hour")), int(time_match.group("minute"))
        second = int(time_match.group("second") or 0)
        ampm = (time_match.group("ampm") or "").lower()
        if ampm == "p" and hour < 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
        zone = _zone(time_match.group("zone")) or UTC
    try:
        return datetime(int(groups["year"]), month, int(groups["day"]), hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


def _zone(text: str | None) -> timezone | None:
    if not text:
        return None
    key = text.strip().lower()
    if key in _ZONES:
        return timezone(timedelta(minutes=_ZONES[key]))
    match = re.search(r"([+-])(\d{1,2})(?::?(\d{2}))?$", key)
    if match is None:
        return None
    minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=minutes if match.group(1) == "+" else -minutes))
