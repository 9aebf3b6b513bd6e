"""Which years 2000-2026 the named-people table covers with a head of state and a head of government.

    .venv/bin/python benchmarks/people_coverage.py [--holes] [--country ISO3 ...] [--first 2000] [--last 2026]

Prints one line per UN member state: the years without an office that heads the state, and the years
without one that heads the government (the table's ``head`` column: ``state``, ``government`` or both,
as for a president of a presidential republic). A year counts as covered when such an office is held,
for that state, on 1 July of that year (``--day`` changes the day); an office held for several states
(one monarch, several realms) counts for each. ``--holes`` prints only states with an uncovered year.
The last line sums it up.

Years a state did not exist (``STATE_YEARS``), days an office is known to have stood vacant
(``HEAD_OF_STATE_VACANCIES``, ``HEAD_OF_GOVERNMENT_VACANCIES``) and years without a head-of-government
office (``HEAD_OF_GOVERNMENT_YEARS``) count as covered: there is nobody to record.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date

from eventwire.actors import ActorTable, load_table

# States whose head-of-government office existed only in some years of 2000-2026 (inclusive spans): in
# the other years the president heads the government, which the table's rows do not yet say
# (their ``head`` is ``state`` for the whole term).
HEAD_OF_GOVERNMENT_YEARS: dict[str, tuple[tuple[int, int], ...]] = {
    "BDI": ((2020, 2026),),  # abolished 1998, restored 2020
    "COM": ((2000, 2001),),  # abolished by the 2001 constitution
    "COG": ((2005, 2008), (2016, 2026)),
    "KEN": ((2008, 2012),),
    "TUR": ((2000, 2017),),
    "AGO": ((2003, 2009),),  # vacant January 1999 - December 2002, abolished 2010
    "GIN": ((2000, 2003), (2005, 2005), (2007, 2026)),
    "COD": ((2007, 2026),),  # none 1997-2006 (the 2003-06 transition had four vice-presidents)
    "CUB": ((2020, 2026),),  # re-created December 2019; before, the president chaired the ministers
    "ZWE": ((2009, 2013),),  # the unity government's prime minister only
    "SEN": ((2000, 2018), (2023, 2026)),  # abolished May 2019, restored, filled September 2022
    "SDN": ((2017, 2018), (2020, 2026)),  # none 1989-2017; vacant April-August 2019
    "TCD": ((2000, 2017), (2021, 2026)),  # abolished May 2018, restored April 2021
    "MMR": ((2000, 2010), (2016, 2020), (2022, 2026)),  # none 2011-16; state counsellor 2016-21
    "GAB": ((2000, 2024),),  # abolished by the 2024 constitution (president heads the government)
    "SYR": ((2000, 2024),),  # no prime minister under the March 2025 constitutional declaration
}

# States that did not exist (as UN members or at all) in some years of 2000-2025 (inclusive spans).
STATE_YEARS: dict[str, tuple[int, int]] = {
    "TLS": (2002, 2025),  # independent 20 May 2002
    "SSD": (2012, 2025),  # independent 9 July 2011
}

# Head-of-state offices known to have been vacant (inclusive dates): nobody to record.
HEAD_OF_STATE_VACANCIES: dict[str, tuple[tuple[date, date], ...]] = {
    "LBN": ((date(2014, 5, 25), date(2016, 10, 30)), (date(2022, 10, 31), date(2025, 1, 8))),
    "HTI": ((date(2021, 7, 8), date(2024, 4, 29)),),  # after Moise's assassination
    "IRQ": ((date(2003, 4, 9), date(2003, 7, 12)),),  # occupation; the Governing Council from 13 July 2003
    "SOM": ((date(1991, 1, 26), date(2000, 8, 26)),),  # no central government until the TNG (27 August 2000)
}
# Head-of-government offices known to have been vacant (inclusive dates).
HEAD_OF_GOVERNMENT_VACANCIES: dict[str, tuple[tuple[date, date], ...]] = {
    "IRQ": ((date(2003, 4, 9), date(2004, 5, 31)),),  # occupation; Allawi's interim government from June 2004
    "SOM": ((date(1991, 1, 26), date(2000, 10, 7)),),  # the TNG's first prime minister from 8 October 2000
    "TLS": ((date(2006, 6, 27), date(2006, 7, 9)),),  # between Alkatiri's resignation and Ramos-Horta
}

UN_MEMBERS = frozenset(
    (
        "AFG",
        "ALB",
        "DZA",
        "AND",
        "AGO",
        "ATG",
        "ARG",
        "ARM",
        "AUS",
        "AUT",
        "AZE",
        "BHS",
        "BHR",
        "BGD",
        "BRB",
        "BLR",
        "BEL",
        "BLZ",
        "BEN",
        "BTN",
        "BOL",
        "BIH",
        "BWA",
        "BRA",
        "BRN",
        "BGR",
        "BFA",
        "BDI",
        "CPV",
        "KHM",
        "CMR",
        "CAN",
        "CAF",
        "TCD",
        "CHL",
        "CHN",
        "COL",
        "COM",
        "COG",
        "COD",
        "CRI",
        "CIV",
        "HRV",
        "CUB",
        "CYP",
        "CZE",
        "PRK",
        "DNK",
        "DJI",
        "DMA",
        "DOM",
        "ECU",
        "EGY",
        "SLV",
        "GNQ",
        "ERI",
        "EST",
        "SWZ",
        "ETH",
        "FJI",
        "FIN",
        "FRA",
        "GAB",
        "GMB",
        "GEO",
        "DEU",
        "GHA",
        "GRC",
        "GRD",
        "GTM",
        "GIN",
        "GNB",
        "GUY",
        "HTI",
        "HND",
        "HUN",
        "ISL",
        "IND",
        "IDN",
        "IRN",
        "IRQ",
        "IRL",
        "ISR",
        "ITA",
        "JAM",
        "JPN",
        "JOR",
        "KAZ",
        "KEN",
        "KIR",
        "KWT",
        "KGZ",
        "LAO",
        "LVA",
        "LBN",
        "LSO",
        "LBR",
        "LBY",
        "LIE",
        "LTU",
        "LUX",
        "MDG",
        "MWI",
        "MYS",
        "MDV",
        "MLI",
        "MLT",
        "MHL",
        "MRT",
        "MUS",
        "MEX",
        "FSM",
        "MCO",
        "MNG",
        "MNE",
        "MAR",
        "MOZ",
        "MMR",
        "NAM",
        "NRU",
        "NPL",
        "NLD",
        "NZL",
        "NIC",
        "NER",
        "NGA",
        "MKD",
        "NOR",
        "OMN",
        "PAK",
        "PLW",
        "PAN",
        "PNG",
        "PRY",
        "PER",
        "PHL",
        "POL",
        "PRT",
        "QAT",
        "KOR",
        "MDA",
        "ROU",
        "RUS",
        "RWA",
        "KNA",
        "LCA",
        "VCT",
        "WSM",
        "SMR",
        "STP",
        "SAU",
        "SEN",
        "SRB",
        "SYC",
        "SLE",
        "SGP",
        "SVK",
        "SVN",
        "SLB",
        "SOM",
        "ZAF",
        "SSD",
        "ESP",
        "LKA",
        "SDN",
        "SUR",
        "SWE",
        "CHE",
        "SYR",
        "TJK",
        "THA",
        "TLS",
        "TGO",
        "TON",
        "TTO",
        "TUN",
        "TUR",
        "TKM",
        "TUV",
        "UGA",
        "UKR",
        "ARE",
        "GBR",
        "TZA",
        "USA",
        "URY",
        "UZB",
        "VUT",
        "VEN",
        "VNM",
        "YEM",
        "ZMB",
        "ZWE",
    )  # fmt: skip
)


@dataclass(frozen=True)
class Coverage:
    country: str
    state_years: frozenset[int]
    government_years: frozenset[int]

    def holes(self, years: range) -> tuple[list[int], list[int]]:
        state = [y for y in years if y not in self.state_years]
        gov = [y for y in years if y not in self.government_years]
        return state, gov


def coverage(table: ActorTable, country: str, years: range, month: int = 7, day: int = 1) -> Coverage:
    """Years in ``years`` whose ``month``/``day`` falls in a head-of-state / head-of-government office."""
    offices = [
        o for e in table.entries.values() if e.kind == "person" for o in e.offices if o.serves(country)
    ]

    def held(head: str) -> frozenset[int]:
        return frozenset(
            y for y in years if any(head in o.head and o.holds(date(y, month, day)) for o in offices)
        )

    # years the state did not exist, and days its head-of-state office stood vacant, count as covered
    first, last = STATE_YEARS.get(country, (years.start, years.stop - 1))
    absent = frozenset(y for y in years if not first <= y <= last)

    def vacant(spans: dict[str, tuple[tuple[date, date], ...]]) -> frozenset[int]:
        return frozenset(
            y for y in years for start, end in spans.get(country, ()) if start <= date(y, month, day) <= end
        )

    gov = held("government") | absent | vacant(HEAD_OF_GOVERNMENT_VACANCIES)
    if country in HEAD_OF_GOVERNMENT_YEARS:
        # years without the office count as covered
        spans = HEAD_OF_GOVERNMENT_YEARS[country]
        gov = gov | frozenset(y for y in years if not any(a <= y <= b for a, b in spans))
    return Coverage(country, held("state") | absent | vacant(HEAD_OF_STATE_VACANCIES), gov)


def _spans(years: list[int]) -> str:
    if not years:
        return "-"
    out: list[str] = []
    start = prev = years[0]
    for year in years[1:] + [0]:
        if year != prev + 1:
            out.append(str(start) if start == prev else f"{start}-{prev}")
            start = year
        prev = year
    return ",".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--holes", action="store_true", help="only states with an uncovered year")
    parser.add_argument("--country", nargs="*", default=None, help="ISO3 codes (default: all UN members)")
    parser.add_argument("--first", type=int, default=2000)
    parser.add_argument("--last", type=int, default=2026)
    parser.add_argument("--day", default="07-01", help="MM-DD checked in each year (default 07-01)")
    args = parser.parse_args()
    month, day = (int(x) for x in args.day.split("-"))
    years = range(args.first, args.last + 1)
    table = load_table()
    countries = sorted(args.country or UN_MEMBERS)
    full = state_full = gov_full = 0
    for iso in countries:
        cov = coverage(table, iso, years, month, day)
        state_holes, gov_holes = cov.holes(years)
        state_full += not state_holes
        gov_full += not gov_holes
        full += not state_holes and not gov_holes
        if args.holes and not state_holes and not gov_holes:
            continue
        print(
            f"{iso}  head of state missing {_spans(state_holes):<24} head of government missing {_spans(gov_holes)}"
        )
    print(
        f"{len(countries)} states: {full} fully covered {years.start}-{years.stop - 1}; "
        f"head of state complete for {state_full}, head of government complete for {gov_full}"
    )


if __name__ == "__main__":
    main()
