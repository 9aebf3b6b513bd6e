"""Where an event happened: place names in the sentence, else the article's dateline, resolved offline.

``Geocoder.locate(sentence, article, mentions)``:
1. candidate names are windows of capitalised word sequences that the gazetteer knows (cities with
   spelling variants, countries at their capital, US states, continents, our regions table:
   ``Gaza Strip``, ``Donbas``, ``Idlib Province``), longest first (:mod:`eventwire.geo._spans`);
   part of a longer name is a place only beside a title or organisation word (``Moscow Mayor``) or a
   direction (``Northern Syria``); words after a title (``Ambassador Linda …``), the words of person
   names anywhere in the article (``Kobe Bryant`` … ``Bryant said``), stop words, months and actor
   mentions (``Putin``) are not places;
2. a name that is also a common word or given name (``data/geo_ambiguous.tsv``: ``Nice``, ``David``)
   is a city only after ``in``/``at``/``near``/``the city of``; a city named without a place
   preposition must be big (or in a context country), the sentence's first word bigger still;
3. ``Paris, Texas``: a following ``, <state or country>`` restricts the candidates; otherwise the
   candidate whose country fits the context (actors' countries, countries in the text, the dateline)
   wins, then country > capital or million-city > region > city, then population
   (``Washington`` is the capital, ``Paris`` is Paris, France even in a story about Americans);
4. in the sentence, places after a preposition beat the rest, then the finest precision, then the
   first; a country named without a preposition is taken for an actor (``Iran and Saudi Arabia
   agreed``) and continents are too vague: neither locates an event;
5. with nothing in the sentence, the dateline (``WASHINGTON/LONDON, Jan 12 —``, ``CARACAS —``,
   ``BEIJING, March 10 (Wire) —``) gives the place where the story was filed; else ``None``.
The gazetteer is loaded once per :class:`Geocoder` instance, from the index cache (:mod:`eventwire.cache`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from eventwire.cache import IndexCache
from eventwire.geo._gazetteer import Gazetteer, Place
from eventwire.geo._spans import Scan, Window, scan
from eventwire.geo._tables import NameWords
from eventwire.records import ActorMention, Article, Location

_DATELINE: Final = re.compile(
    r"^\s*([A-Z][A-Z .'’-]{2,40}?)(?:/[A-Z][A-Z .'’-]{2,40}?)*(?:,|\s*\(|\s+[-–—]|\s*—)"
)
_DATELINE_MIXED: Final = re.compile(
    r"^\s*([A-Z][a-z]+(?: [A-Z][a-z]+){0,2}),\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d"
)
_QUALIFIER: Final = re.compile(r"^,\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})")
_MIN_CITY_POP_BARE: Final = 50_000  # a city named with no preposition before it must be at least this big
_MIN_CITY_POP_INITIAL: Final = 500_000  # ... and at the start of a sentence, this big
_RANK: Final = {"country": 4, "major": 3, "admin1": 2, "continent": 1, "city": 0}
_ORDER: Final = {"city": 0, "admin1": 1, "country": 2, "continent": 3}


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name found in a text, with its character span and resolved place."""

    start: int
    end: int
    text: str
    location: Location
    after_preposition: bool
    adjective: bool = False  # "Russian", "European": refers to a place but does not locate an event


@dataclass(frozen=True, slots=True)
class _ArticleFacts:
    doc_id: str
    text: str
    person_words: frozenset[str]
    dateline: Toponym | None


class Geocoder:
    """Locates events and finds toponyms, offline. Build once, reuse for every article."""

    def __init__(self, min_city_population: int = 15000, cache: IndexCache | None = None) -> None:
        self.gazetteer = Gazetteer(min_city_population, cache)
        self.words = NameWords.load()
        self._last: _ArticleFacts | None = None  # facts of the article seen last (events come per article)

    def locate(
        self, sentence_text: str, article: Article, mentions: Sequence[ActorMention]
    ) -> Location | None:
        """The event's location from its sentence, else the article's dateline; ``None`` if neither."""
        facts = self._facts(article)
        context = {m.actor.country for m in mentions if m.actor.country}
        if facts.dateline and facts.dateline.location.country:
            context.add(facts.dateline.location.country)
        blocked = {m.span.text for m in mentions}
        found = [
            t for t in self._toponyms(sentence_text, context, facts.person_words)
            if t.text not in blocked and not t.adjective and t.location.precision != "continent"
            and (t.after_preposition or t.location.precision != "country")
        ]  # fmt: skip
        if found:
            return _best(found)
        return facts.dateline.location if facts.dateline else None

    def dateline(self, text: str, context: Iterable[str] = ()) -> Toponym | None:
        """The place of an agency dateline at the top of the article (``TOKYO, Dec 1 -``)."""
        match = _DATELINE.match(text) or _DATELINE_MIXED.match(text)
        if not match:
            return None
        name = match.group(1).strip()
        candidates = self.gazetteer.lookup(name)
        cities = [p for p in candidates if p.kind == "city"]  # datelines name cities: LUXEMBOURG, SINGAPORE
        place = _pick(cities or candidates, set(context))
        if place is None:
            return None
        return Toponym(match.start(1), match.start(1) + len(name), name, place.location, True)

    def toponyms(self, text: str, context: Iterable[str] = ()) -> list[Toponym]:
        """Every place name in ``text``, longest match first within each capitalised span."""
        return self._toponyms(text, set(context), frozenset())

    def _toponyms(self, text: str, context: set[str], person_words: frozenset[str]) -> list[Toponym]:
        found = self._scan(text)
        persons = person_words | found.person_words
        countries = set(context) | self._countries_named(found, persons)
        out: list[Toponym] = []
        for window in found.windows:
            place = self._resolve(text, window, countries, persons)
            if place is not None:
                out.append(Toponym(window.start, window.end, window.name, place.location, window.prep))
            elif (adjective := self.gazetteer.adjectives.get(window.name.lower())) is not None:
                out.append(Toponym(window.start, window.end, window.name, adjective.location, False, True))
        return out

    def _scan(self, text: str) -> Scan:
        return scan(text, self._known, self._prominent, self.words)

    def _known(self, name: str) -> bool:
        return bool(self.gazetteer.lookup(name)) or name.lower() in self.gazetteer.adjectives

    def _prominent(self, name: str) -> bool:
        name = name.rstrip(".,'’")
        places = self.gazetteer.lookup(name)
        return name.lower() in self.gazetteer.adjectives or any(p.kind != "city" or p.major for p in places)

    def _countries_named(self, found: Scan, persons: frozenset[str]) -> set[str]:
        """Countries and regions named in the text: context for its cities (``Paris ... Texas``)."""
        out: set[str] = set()
        for w in found.windows:
            if w.name.lower() in persons or (w.in_longer_name and not w.strong):
                continue
            places = [
                *self.gazetteer.lookup(w.name),
                *filter(None, [self.gazetteer.adjectives.get(w.name.lower())]),
            ]
            out.update(p.location.country for p in places
                       if p.kind in ("country", "admin1") and p.location.country)  # fmt: skip
        return out

    def _resolve(self, text: str, w: Window, countries: set[str], persons: frozenset[str]) -> Place | None:
        name = w.name
        if name.islower() or (name.lower() in persons and not w.strong):
            return None
        candidates = self.gazetteer.lookup(name)
        if w.admin_only or w.in_longer_name or _acronym(name):
            candidates = [p for p in candidates if p.kind in ("admin1", "country")]
        if name.lower() in self.gazetteer.ambiguous and not w.strong:
            candidates = [p for p in candidates if p.kind != "city"]
        if not w.prep:
            candidates = [p for p in candidates if p.kind != "city" or p.location.country in countries
                          or p.population >= _MIN_CITY_POP_BARE]  # fmt: skip
        if w.initial and not w.prep:
            candidates = [p for p in candidates if p.kind != "city" or " " in name
                          or p.population >= _MIN_CITY_POP_INITIAL]  # fmt: skip
        return _pick(self._qualified(text, w, candidates), countries)

    def _qualified(self, text: str, w: Window, candidates: list[Place]) -> list[Place]:
        """``Paris, Texas`` / ``Tripoli, Lebanon``: keep the candidates inside the named state or country."""
        match = _QUALIFIER.match(text[w.end : w.end + 40])
        if not match or len(candidates) < 2:
            return candidates
        areas = [
            p for p in self.gazetteer.lookup(match.group(1).rstrip(".")) if p.kind in ("country", "admin1")
        ]
        inside = [
            p for p in candidates for a in areas
            if p.location.country == a.location.country
            and (a.kind == "country" or a.location.admin1 in (None, p.location.admin1))
            and p is not a
        ]  # fmt: skip
        return inside or candidates

    def _facts(self, article: Article) -> _ArticleFacts:
        last = self._last
        if last is None or last.doc_id != article.doc_id or last.text != article.text:
            found = self._scan(article.text)
            dateline = self.dateline(article.text)
            last = self._last = _ArticleFacts(
                article.doc_id, article.text, frozenset(found.person_words), dateline
            )
        return last


def _acronym(name: str) -> bool:
    """``OAS``, ``MOCA``: short all-capital words are abbreviations, not cities (``US`` may be a country)."""
    letters = name.replace(".", "")
    return name.isupper() and len(letters) <= 4


def _pick(candidates: Sequence[Place], countries: set[str]) -> Place | None:
    """Context fit first, then country > capital or million-city > region > city, then population."""
    if not candidates:
        return None

    def score(p: Place) -> tuple[bool, int, float]:
        kind = "major" if p.major else p.kind
        fits = p.location.country in countries
        if p.kind == "city" and not p.major:  # among small cities the context is a tie-breaker only
            return (False, _RANK[kind], math.log1p(p.population) + (4.0 if fits else 0.0))
        return (fits, _RANK[kind], math.log1p(p.population))

    return max(candidates, key=score)


def _best(found: Sequence[Toponym]) -> Location:
    """After a preposition first; then the finest precision; then the first mentioned."""
    chosen = min(
        enumerate(found),
        key=lambda it: (not it[1].after_preposition, _ORDER.get(it[1].location.precision, 4), it[0]),
    )
    return chosen[1].location
