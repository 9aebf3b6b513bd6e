"""Which capitalised words of a text may be place names: the lexical half of :mod:`eventwire.geo`.

A text's capitalised sequences (``Buenos Aires``, ``US Ambassador Linda Thomas-Greenfield``) are cut
into windows, longest first, that the gazetteer knows. A window that is only part of a longer name
counts only when the rest is a title or organisation (``Moscow Mayor``, ``Florida Atlantic
University``) or a direction (``Northern Syria``); words after a title (``Ambassador Linda``), words of
two- or three-word names the gazetteer does not know (``Kobe Bryant``) and a place followed by a
feature word (``Walker County``) are not places. Words of such person names are collected so that a
later bare ``Bryant`` is not a place either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

from spacy.lang.en.stop_words import STOP_WORDS

from eventwire.geo._tables import NameWords

CAP_SPAN: Final = re.compile(
    r"(?<![\w.])(?:[A-Z][\w'’.-]*)(?:\s+(?:(?:de|del|da|do|la|el|al|of|upon|on|am|an)\s+)?[A-Z][\w'’.-]*)*"
)
_WORD: Final = re.compile(r"\S+")
_INITIALS: Final = re.compile(r"(?:[A-Z]\.){2,}")
_CONNECTORS: Final = frozenset({"de", "del", "da", "do", "la", "el", "al", "of", "upon", "on", "am", "an"})
_DIRECTION_ADJ: Final = r"(?:(?:north|south|east|west|central|eastern|western|northern|southern|north-?eastern|north-?western|south-?eastern|south-?western|war-torn|neighbou?ring|downtown|rural)\s+)?"
_PLACE_NOUN_OF: Final = r"(?:city|town|village|province|region|state|capital|outskirts|suburbs?|streets|district|area|port|island|north|south|east|west|part|parts|center|centre|heart)\s+of"
_PREPOSITION: Final = re.compile(
    rf"\b(?:in|at|near|outside|inside|from|to|across|into|around|throughout|toward|towards|via|{_PLACE_NOUN_OF})"
    rf"\s+(?:the\s+)?{_DIRECTION_ADJ}$",
    re.I,
)
_STRONG_PREP: Final = re.compile(
    rf"\b(?:in|at|near|outside|inside|throughout|{_PLACE_NOUN_OF})\s+(?:the\s+)?{_DIRECTION_ADJ}$", re.I
)
_ROLE_BEFORE: Final = re.compile(r"\b([a-z][a-z.-]+)\s+$")
_MAX_WORDS: Final = 5
_LOOKBACK: Final = 40


@dataclass(frozen=True, slots=True)
class Window:
    """A run of capitalised words that the gazetteer knows, with what its surroundings say."""

    start: int
    end: int
    name: str
    prep: bool  # after a place preposition (in, at, near, from, to, the city of…)
    strong: bool  # after in / at / near / outside / the city of…
    initial: bool  # first word of a sentence
    admin_only: bool  # followed by State / Province / Oblast…: only a region reading
    in_longer_name: bool  # other capitalised words of the same name follow it (Linda Thomas-Greenfield)


@dataclass(slots=True)
class Scan:
    """Every window of a text, plus the words used there as parts of person names."""

    windows: list[Window] = field(default_factory=list)
    person_words: set[str] = field(default_factory=set)


def _clean(word: str) -> str:
    """``Venezuela's`` -> ``Venezuela``, ``Syria,`` -> ``Syria``; ``U.S.`` stays."""
    word = word.rstrip(",;:'’\"”)")
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
    return word if _INITIALS.fullmatch(word) else word.rstrip(".,'’")


def scan(text: str, known: Callable[[str], bool], prominent: Callable[[str], bool], words: NameWords) -> Scan:
    """Candidate place-name windows of ``text``.

    ``known(name)``: the gazetteer has ``name``; ``prominent(name)``: it names a country, region or big
    city, so a name containing it (``Trend Iran``) is not taken for a person's.
    """
    out = Scan()
    for match in CAP_SPAN.finditer(text):
        tokens = [(m.start() + match.start(), m.end() + match.start()) for m in _WORD.finditer(match.group())]
        _scan_span(text, tokens, known, prominent, words, out)
    return out


def _scan_span(
    text: str,
    tokens: list[tuple[int, int]],
    known: Callable[[str], bool],
    prominent: Callable[[str], bool],
    words: NameWords,
    out: Scan,
) -> None:
    lowered = [_clean(text[s:e]).lower() for s, e in tokens]
    first = 0
    while first < len(tokens) and (
        _stop(text, tokens[first], lowered[first]) or lowered[first] in words.never
    ):
        first += 1
    if first == len(tokens):
        return
    role = _ROLE_BEFORE.search(text[max(0, tokens[first][0] - _LOOKBACK) : tokens[first][0]])
    if role and role.group(1) in words.title:
        out.person_words.update(w for w in lowered[first:] if w not in _CONNECTORS)
        return
    # a title's words and the name after it (up to "of": Crown Prince of Dubai) are a person, not places
    person = [False] * len(tokens)
    k = first
    while k < len(tokens):
        if lowered[k] in words.title and (k + 1 == len(tokens) or lowered[k + 1] not in _CONNECTORS):
            while k < len(tokens) and lowered[k] not in _CONNECTORS:
                person[k] = True
                if lowered[k] not in words.title:
                    out.person_words.add(lowered[k])
                k += 1
        k += 1
    found: list[Window] = []
    k = first
    while k < len(tokens):  # windows in each run of words outside person names
        end = next((m for m in range(k, len(tokens)) if person[m]), len(tokens))
        found.extend(_windows(text, tokens, lowered, k, end, known, words))
        k = end + 1
    out.windows.extend(found)
    plain = [w for w in lowered[first:] if w not in _CONNECTORS]
    if (
        not found
        and not any(person)
        and 2 <= len(plain) <= 3
        and _person_like(text, tokens[first:], plain, words, prominent)
    ):
        out.person_words.update(plain)


def _stop(text: str, token: tuple[int, int], lowered: str) -> bool:
    """A stop word (``The``, ``More``), unless written in capitals as an abbreviation (``US``)."""
    raw = text[token[0] : token[1]]
    return lowered in STOP_WORDS and not (raw.isupper() and len(raw) > 1)


def _person_like(
    text: str,
    tokens: Sequence[tuple[int, int]],
    plain: list[str],
    words: NameWords,
    prominent: Callable[[str], bool],
) -> bool:
    special = words.org | words.feature | words.admin | words.direction | words.never
    if any(w in special for w in plain):
        return False
    raw = [text[s:e] for s, e in tokens]
    return not any(w.isupper() and len(w) > 1 for w in raw) and not any(prominent(w) for w in plain)


def _windows(
    text: str,
    tokens: list[tuple[int, int]],
    lowered: list[str],
    first: int,
    last: int,
    known: Callable[[str], bool],
    words: NameWords,
) -> list[Window]:
    out: list[Window] = []
    segment = first  # where the current name starts: after a connector such as "of"
    i = first
    while i < last:
        if lowered[i] in _CONNECTORS:
            segment = i + 1
            i += 1
            continue
        for j in range(min(last, i + _MAX_WORDS), i, -1):
            s, e = tokens[i][0], tokens[j - 1][1]
            name = _clean(text[s:e])
            if lowered[j - 1] in _CONNECTORS or not known(name):
                continue
            window = _window(text, s, s + len(name), name, tokens, lowered, i, j, segment, last, words, out)
            if window is not None:
                out.append(window)
            i = j - 1
            break
        i += 1
    return out


def _window(
    text: str,
    s: int,
    e: int,
    name: str,
    tokens: list[tuple[int, int]],
    lowered: list[str],
    i: int,
    j: int,
    segment: int,
    last: int,
    words: NameWords,
    earlier: list[Window],
) -> Window | None:
    if j - i == 1 and (_stop(text, tokens[i], lowered[i]) or lowered[i] in words.never):
        return None
    before = [k for k in range(segment, i) if lowered[k] not in words.direction]
    if before and not (earlier and earlier[-1].end >= tokens[before[-1]][1] - 2):
        return None  # the tail of a longer name: Barclays Center, Kobe Bryant
    after = []  # the rest of this name: up to a connector (Paris on Saturday)
    for k in range(j, last):
        if lowered[k] in _CONNECTORS:
            break
        after.append(lowered[k])
    admin_only = bool(after) and after[0] in words.admin
    if after and not admin_only and after[0] in words.feature:
        return None  # Walker County, Washington Square
    in_longer = bool(after) and not admin_only and not any(w in words.org or w in words.title for w in after)
    head = text[max(0, s - _LOOKBACK) : s]
    return Window(
        s, e, name,
        prep=bool(_PREPOSITION.search(head)),
        strong=bool(_STRONG_PREP.search(head)),
        initial=s == 0 or text[max(0, s - 2) : s].strip() in {".", "", "\"", "“"},
        admin_only=admin_only,
        in_longer_name=in_longer,
    )  # fmt: skip
