"""Country names for the front ends (type-ahead by name, labels for country-level actors), read from the
package's own ``data/actors/countries.tsv`` (iso3, name, aliases, adjectives, …)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from eventwire.errors import DataFileError

_FILE = "data/actors/countries.tsv"


@dataclass(frozen=True, slots=True)
class CountryNames:
    """ISO3 code → display name, and every name, alias and adjective in lower case for matching."""

    names: dict[str, str]
    words: dict[str, tuple[str, ...]]

    def matching(self, query: str) -> list[str]:
        """ISO3 codes of the countries one of whose names starts with ``query`` (case-insensitive)."""
        q = query.strip().lower()
        if len(q) < 2:
            return []
        return sorted(code for code, words in self.words.items() if any(w.startswith(q) for w in words))


def load_country_names() -> CountryNames:
    path = resources.files("eventwire") / _FILE
    names: dict[str, str] = {}
    words: dict[str, tuple[str, ...]] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 4 or len(cells[0]) != 3 or not cells[1]:
            raise DataFileError(_FILE, lineno, "expected iso3, name, aliases, adjectives separated by tabs")
        names[cells[0]] = cells[1]
        alternatives = [cells[1], *cells[2].split(";"), *cells[3].split(";")]
        words[cells[0]] = tuple(a.strip().lower() for a in alternatives if a.strip())
    return CountryNames(names, words)
