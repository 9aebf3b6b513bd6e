"""Relative and explicit date expressions resolved against the article date.

``resolve_date("last month", date(2018, 12, 2))`` gives ``(date(2018, 11, 1), MONTH)``. Only past
references are resolved (news reports what happened); future ones ("next year") leave the article
date, because the event coded is the statement of intent made on that day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from eventwire.records import DatePrecision

if TYPE_CHECKING:
    from spacy.tokens import Token

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Day and month names: never actors or places.
CALENDAR_WORDS = frozenset(_WEEKDAYS + _MONTHS)
# Names of holidays, festivals and seasons of the year, and time zones: what a named-entity recogniser
# calls DATE or TIME, never a party to an event ("urged restraint during *Ramadan*", "at 0900 *GMT*").
_DATE_NAMES = CALENDAR_WORDS | frozenset(
    ["christmas", "xmas", "easter", "lent", "advent", "pentecost", "epiphany", "halloween", "thanksgiving"]
    + ["ramadan", "ramadhan", "ramazan", "eid", "ashura", "muharram", "mawlid", "nowruz", "navruz"]
    + ["passover", "hanukkah", "chanukah", "purim", "sukkot", "shavuot", "kippur", "hashanah"]
    + ["diwali", "deepavali", "holi", "navratri", "dussehra", "vesak", "songkran", "tet", "obon"]
    + ["gmt", "utc", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "bst", "cet", "cest"]
    + ["eet", "eest", "msk", "ist", "jst", "kst", "hkt", "sgt", "aest", "aedt"]
)
# Heads of multi-word holiday names: "Independence *Day*", "Christmas *Eve*", "Lunar New *Year*".
_DATE_HEADS = frozenset(["day", "eve", "year"])


def date_name(token: Token) -> bool:
    """Is this proper-noun token (part of) the name of a day, month, holiday, festival or time zone?

    Title-case "Day", "Eve" and "Year" name a date ("Victory Day", "New Year"), and so do the words
    compounded with them ("Independence" in "Independence Day"); lower-case "day" and "year" do not.
    """
    if token.lower_ in _DATE_NAMES:
        return True
    words = (token, token.head) if token.dep_ == "compound" else (token,)
    return any(w.lower_ in _DATE_HEADS and w.is_title and w.i > 0 for w in words)


_COUNT = r"\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|many"
_MONTH_RE = "|".join(_MONTHS) + "|" + "|".join(m[:3] + r"\." for m in _MONTHS if len(m) > 4)
# Next to a day number a month may be abbreviated with or without a point ("Jan 14", "Sept. 3", "3 Oct").
_MONTH_DAY_RE = "|".join(_MONTHS) + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
_PART = r"(?:(?:the\s+)?(?:early|mid|late|end\s+of|beginning\s+of|start\s+of)[-\s]+)?"  # "in late January"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
    ("today", re.compile(r"\b(?:today|tonight|this morning|this afternoon|this evening)\b", re.I)),
    ("last_week", re.compile(r"\blast week\b", re.I)),
    ("last_month", re.compile(r"\blast month\b", re.I)),
    ("last_year", re.compile(r"\blast year\b", re.I)),
    ("this_month", re.compile(r"\b(?:earlier|early) this month\b", re.I)),
    ("day_month", re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_DAY_RE})(?![a-z])(?:,?\s+(\d{{4}}))?\b", re.I)),
    (
        "month_day",
        re.compile(rf"\b({_MONTH_DAY_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b(?!\s*%)", re.I),
    ),
    (
        "month_year",
        re.compile(rf"\b(?:in|since|during|by|until)\s+{_PART}({_MONTH_RE})(?:\s+(\d{{4}}))?\b", re.I),
    ),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+)?(" + "|".join(_WEEKDAYS) + r")\b", re.I)),
    ("year", re.compile(rf"\bin\s+{_PART}((?:19|20)\d{{2}})\b", re.I)),
    ("ago", re.compile(rf"\b({_COUNT})\s+(day|week|month|year|decade)s?\s+ago\b", re.I)),
    # reckoned back from the story's own day: "had warned *a day earlier*", "*the day before*"
    ("earlier", re.compile(rf"\b({_COUNT})\s+(day|week)s?\s+(?:earlier\b|before(?=\s*(?:[,.;:)]|$)))", re.I)),
    ("day_before", re.compile(r"\bthe (?:day before|previous day|day prior)\b", re.I)),
    ("since_year", re.compile(r"\bsince\s+((?:19|20)\d{2})\b", re.I)),
    ("decade", re.compile(r"\b(?:in\s+)?the\s+(?:(?:early|mid|late)[-\s]+)?((?:19|20)\d0)s\b", re.I)),
    ("bare_year", re.compile(r"\b(?:of|the|a|an|since|from|until|during)\s+((?:19|20)\d{2})\b", re.I)),
)
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3, "many": 10,
}  # fmt: skip


def resolve_date(text: str, published: date) -> tuple[date, DatePrecision] | None:
    """The first past date expression in ``text`` resolved against ``published``, or None."""
    best: tuple[int, date, DatePrecision] | None = None
    for kind, regex in _PATTERNS:
        for match in regex.finditer(text):
            try:
                found = _resolve(kind, match, published)
            except (OverflowError, ValueError):  # a reference date at the calendar's edge (year 1)
                found = None
            if found is not None and (best is None or match.start() < best[0]):
                best = (match.start(), found[0], found[1])
                break
    return None if best is None else (best[1], best[2])


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return next(i for i, m in enumerate(_MONTHS, start=1) if m.startswith(key))


def _resolve(kind: str, match: re.Match[str], pub: date) -> tuple[date, DatePrecision] | None:
    day, month, year = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
    if kind == "yesterday":
        return pub - timedelta(days=1), day
    if kind == "today":
        return pub, day
    if kind == "last_week":
        return pub - timedelta(days=7), DatePrecision.MONTH if pub.day <= 7 else day
    if kind == "last_month":
        first = pub.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), month
    if kind == "last_year":
        return date(pub.year - 1, 1, 1), year
    if kind == "this_month":
        return pub.replace(day=1), month
    if kind == "weekday":
        back = (pub.weekday() - _WEEKDAYS.index(match.group(1).lower())) % 7
        if match.group(0).lower().startswith("last") and back == 0:
            back = 7
        return pub - timedelta(days=back), day
    if kind in ("day_month", "month_day"):
        d_text, m_text = (match.group(1), match.group(2))
        if kind == "month_day":
            d_text, m_text = m_text, d_text
        return _dated(
            pub, int(match.group(3)) if match.group(3) else None, _month_number(m_text), int(d_text)
        )
    if kind == "month_year":
        m = _month_number(match.group(1))
        y = int(match.group(2)) if match.group(2) else (pub.year if m <= pub.month else pub.year - 1)
        return (date(y, m, 1), month) if date(y, m, 1) <= pub else None
    if kind in ("year", "since_year", "bare_year"):
        y = int(match.group(1))
        return (date(y, 1, 1), year) if y <= pub.year else None
    if kind == "decade":
        y = int(match.group(1))
        return (date(y, 1, 1), year) if y <= pub.year else None
    if kind == "day_before":
        return pub - timedelta(days=1), day
    if kind in ("ago", "earlier"):
        count_text = match.group(1).lower().replace("a few", "few")
        n = int(count_text) if count_text.isdigit() else _NUMBERS.get(count_text, 1)
        unit = match.group(2).lower()
        days = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}[unit] * n
        when = pub - timedelta(days=days)
        return when, day if unit in ("day", "week") else month if unit == "month" else year
    return None


def _dated(pub: date, y: int | None, m: int, d: int) -> tuple[date, DatePrecision] | None:
    year = y if y is not None else (pub.year if (m, d) <= (pub.month, pub.day) else pub.year - 1)
    try:
        found = date(year, m, d)
    except ValueError:
        return None
    return (found, DatePrecision.DAY) if found <= pub else None
