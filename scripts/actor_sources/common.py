"""Records and name helpers shared by the source parsers of ``scripts/build_actor_tables.py``.

The parsers turn one source record (a factbook country, a listed company) into :class:`PersonRow` and
:class:`OrgRow` records; the build script dedupes them against the hand-written tables, checks
Wikipedia titles and writes our TSV layouts (``people.tsv`` / ``organisations.tsv`` plus ``source`` and
``licence`` columns).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PersonName:
    """A personal name read from a source: ``full`` as written (title case), ``short`` = first given
    name + surname (the usual Wikipedia title), ``surname`` alone, ``aka`` another name they go by."""

    full: str
    short: str
    surname: str
    aka: str = ""


@dataclass(frozen=True, slots=True)
class PersonRow:
    name: PersonName
    country: str
    role: str
    sector: str
    head: str = ""  # "", "state", "government", "state;government"
    start: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
    end: str = ""
    source: str = ""
    surname_alias: bool = False  # heads of state/government are called by their surname alone
    wiki_candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OrgRow:
    name: str
    country: str  # ISO3 or "" for transnational
    sector: str
    kind: str  # organisation | group | igo
    aliases: tuple[str, ...] = ()
    source: str = ""
    wiki_candidates: tuple[str, ...] = field(default=())


def clean(text: str) -> str:
    """HTML entities and tags out, spaces collapsed."""
    text = html.unescape(text or "")
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.replace("\xa0", " ").split())


def fold(text: str) -> str:
    """Lowercase ASCII letters and digits only ("Thaçi" -> "thaci")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_ROMAN = re.compile(r"^[IVX]+$")
_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "bint", "ould", "ben", "abu", "ul", "ud", "ad", "ash", "as", "an", "az"}
)


def is_caps_word(word: str) -> bool:
    """A surname the factbook writes in capitals: "MUSEVENI", "al-SUDANI", "Hoseini-KHAMENEI", "PEÑA"."""
    parts = [p for p in re.split(r"[-'’]", word.strip(".,")) if p]
    caps = [p for p in parts if len(p) >= 2 and p.isupper() and any(c.isalpha() for c in p)]
    return bool(caps) and not _ROMAN.match(word)


def title_word(word: str) -> str:
    """Capitals to name case, keeping particles and roman numerals: "al-SUDANI" -> "al-Sudani"."""
    if _ROMAN.match(word):
        return word
    out = []
    for part in re.split(r"([-'’])", word):
        if part in ("-", "'", "’") or not part or part.lower() in _PARTICLES and part.islower():
            out.append(part)
        elif part.isupper() and len(part) > 1:
            out.append(part[0] + part[1:].lower())
        else:
            out.append(part)
    joined = "".join(out)
    # "O'NEILL" -> "O'Neill", "d'ALEMA" stays "d'Alema"
    return re.sub(r"(?<=['’])([a-z])", lambda m: m.group(1).upper(), joined) if "'" in word[:3] else joined


def person_name(words: list[str], aka: str = "") -> PersonName | None:
    """The name in ``words`` (title already removed), surname written in capitals."""
    words = [w.strip(",") for w in words if w.strip(",")]
    caps = [i for i, w in enumerate(words) if is_caps_word(w)]
    if not words or not caps:
        return None
    first_caps = caps[0]
    full = " ".join(title_word(w) for w in words)
    surname_words = [title_word(words[i]) for i in caps]
    surname = " ".join(surname_words)
    if first_caps == 0:  # surname first: "KIM Jong Un", "LAI Ching-te", "HASSANAL Bolkiah"
        short = full
        surname = title_word(words[0])
    else:
        given = [w for w in words[:first_caps] if not w.endswith(".")]  # no initials in the short form
        short = " ".join([title_word(given[0] if given else words[0]), surname]).strip()
        # a single capitalised surname followed by a maternal one ("SHEINBAUM Pardo") stays short
    aka_name = person_name(aka.split()) if aka else None
    return PersonName(full, short, surname, aka_name.short if aka_name else clean(aka))


def wiki_from_url(url: str) -> str:
    from urllib.parse import unquote

    tail = url.rsplit("/wiki/", 1)[-1] if "/wiki/" in url else ""
    return unquote(tail).replace("_", " ").strip()


def split_top(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` outside parentheses and brackets."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if depth == 0 and char in separators:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def parentheticals(text: str) -> tuple[str, list[str]]:
    """``"Name (A; aka B) rest"`` -> ("Name rest", ["A; aka B"]) for top-level parentheses."""
    inside: list[str] = []
    outside, depth, current = [], 0, []
    for char in text:
        if char == "(":
            if depth == 0:
                current = []
            else:
                current.append(char)
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                inside.append("".join(current).strip())
            else:
                current.append(char)
        elif depth:
            current.append(char)
        else:
            outside.append(char)
    return " ".join("".join(outside).split()), inside
