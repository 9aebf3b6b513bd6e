"""Name variants: one key for the ways news writes one name.

Two keys, both computed the same way for a dictionary phrase and for text:

* :func:`fold_key` — case, diacritics and punctuation out ("Thaçi" = "Thaci", "Brasília" = "Brasilia",
  "Kassym-Jomart" = "Kassym Jomart");
* :func:`skeleton_key` — for personal names of two words or more: honorifics ("Alhaji", "Sheikh", "Dr")
  and initials ("William J. Burns") dropped, then each word reduced to its first letter and the
  consonants that follow, doubled letters once, common transliteration pairs merged (zh/j, kh/h, ph/f,
  q/k, ou/u). "Mohammed Hussein Roble", "Mohamed Husein Roble" and "Muhammad Hussein Roble" share a key;
  "Dmitry Peskov" and "Dmitri Peskov" too.

:class:`NameIndex` finds, in a doc, capitalised names the exact phrase matcher missed and that have
one of these keys (the matcher's second pass, see :mod:`eventwire.actors._match`). Its keys are computed
once per version of the tables and kept in the actor index cache (:mod:`eventwire.actors._index`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

from eventwire.actors._index import TermGroups, term_group_arrays
from eventwire.actors.table import Term
from eventwire.cache import Arrays, StringIndex, string_arrays

# Words before a name that are not part of it.
HONORIFICS = frozenset(
    [
        "alhaji",
        "alhaja",
        "hajj",
        "haji",
        "hajji",
        "mallam",
        "sheikh",
        "shaikh",
        "shaykh",
        "sayyid",
        "sayed",
        "dr",
        "doctor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "sir",
        "dame",
        "lord",
        "lady",
        "chief",
        "hon",
        "honourable",
        "honorable",
        "rev",
        "reverend",
        "pastor",
        "imam",
        "mullah",
        "ayatollah",
        "prof",
        "professor",
        "engineer",
        "eng",
        "gen",
        "general",
        "col",
        "colonel",
        "maj",
        "major",
        "capt",
        "captain",
        "lt",
        "lieutenant",
        "sgt",
        "sen",
        "senator",
        "rep",
        "president",
        "minister",
        "prime",
        "his",
        "her",
        "excellency",
        "majesty",
        "highness",
        "king",
        "queen",
        "prince",
        "princess",
        "emir",
        "sultan",
        "justice",
        "judge",
        "ambassador",
    ]
)
_SPECIAL = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss",
                          "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d", "’": "'", "‘": "'"})  # fmt: skip
_PAIRS = (("zh", "j"), ("kh", "h"), ("gh", "g"), ("ph", "f"), ("q", "k"), ("ck", "k"), ("dh", "d"),
          ("th", "t"), ("x", "ks"), ("c", "k"), ("w", "v"))  # fmt: skip
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLE = re.compile(r"(.)\1+")
TRIED_ROLES = frozenset({"person", "organisation", "country", "capital", "city", "adjective", "metonym"})


def fold_key(text: str) -> str:
    """Lowercase ASCII words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.replace("'", "")).split())


def _skeleton_word(word: str) -> str:
    for written, said in _PAIRS:
        word = word.replace(written, said)
    word = _DOUBLE.sub(r"\1", word)
    return word[0] + _VOWELS.sub("", word[1:]) if word else word


def name_words(text: str) -> list[str]:
    """The folded words of a personal name, honorifics and initials dropped."""
    words = fold_key(text).split()
    while words and words[0] in HONORIFICS:
        words = words[1:]
    return [w for w in words if len(w) > 1 or w.isdigit()]


def skeleton_key(text: str) -> str | None:
    """The transliteration-blind key of a name of two words or more (None for fewer)."""
    words = name_words(text)
    if len(words) < 2:
        return None
    return " ".join(_skeleton_word(w) for w in words)


def name_arrays(terms: Iterable[Term]) -> Arrays:
    """The arrays of a :class:`NameIndex`: the folded and skeleton keys of the names in ``terms``, each
    with the numbers (positions in ``terms``) of the terms it stands for.

    A folded key stands for the terms of phrases that fold to it (any role in ``TRIED_ROLES``); a
    skeleton key only for people, and only when all the people sharing it are one entry (two people whose
    names differ by a vowel are not guessed between).
    """
    folded: dict[str, list[int]] = defaultdict(list)
    skeletons: dict[str, list[int]] = defaultdict(list)
    skeleton_entries: dict[str, set[str]] = defaultdict(set)
    for number, term in enumerate(terms):
        if term.role not in TRIED_ROLES or term.case_sensitive or not any(c.isupper() for c in term.phrase):
            continue
        key = fold_key(term.phrase)
        if key:
            folded[key].append(number)
        if term.role == "person":
            skeleton = skeleton_key(term.phrase)
            if skeleton:
                skeletons[skeleton].append(number)
                skeleton_entries[skeleton].add(term.entry)
    unique = {k: v for k, v in skeletons.items() if len(skeleton_entries[k]) == 1}
    return {**_keyed("names.folded", folded), **_keyed("names.skeleton", unique)}


def _keyed(name: str, groups: dict[str, list[int]]) -> Arrays:
    keys = list(groups)
    return {**string_arrays(name, keys, index=True), **term_group_arrays(name, [groups[k] for k in keys])}


class NameIndex:
    """Dictionary phrases by their folded and skeleton keys (:func:`name_arrays`), for the matcher's
    second pass. The arrays come from the actor index cache (:func:`eventwire.actors._index.load_compiled`)
    or from :meth:`build`; a key's terms are made when it is first found."""

    MAX_WORDS = 5

    def __init__(self, arrays: Arrays, terms: Sequence[Term]) -> None:
        self._folded_keys = StringIndex(arrays, "names.folded")
        self._folded = TermGroups(arrays, "names.folded", terms)
        self._skeleton_keys = StringIndex(arrays, "names.skeleton")
        self._skeletons = TermGroups(arrays, "names.skeleton", terms)

    @classmethod
    def build(cls, terms: Sequence[Term]) -> NameIndex:
        return cls(name_arrays(terms), terms)

    def __len__(self) -> int:
        return len(self._folded) + len(self._skeletons)

    def lookup(self, text: str) -> tuple[Term, ...]:
        found = self._folded_keys.find(fold_key(text))
        if found is not None:
            return self._folded[found]
        skeleton = skeleton_key(text)
        found = self._skeleton_keys.find(skeleton) if skeleton else None
        return self._skeletons[found] if found is not None else ()

    def find(self, doc: Doc, covered: set[int]) -> list[tuple[int, int, tuple[Term, ...]]]:
        """Runs of capitalised tokens outside ``covered`` whose longest sub-span has a key.

        A run may hold initials ("William J. Burns") and name particles ("al", "bin", "de"); a single
        word is tried only when it has a letter outside ASCII ("Thaçi", "Brasília")."""
        out: list[tuple[int, int, tuple[Term, ...]]] = []
        i = 0
        size = len(doc)
        while i < size:
            if i in covered or not _name_token(doc[i].text, first=True):
                i += 1
                continue
            j = i + 1
            while j < size and j not in covered and j - i < self.MAX_WORDS + 2 and _name_token(doc[j].text):
                j += 1
            while j > i and not doc[j - 1].text[:1].isupper():
                j -= 1  # a run ends on a capitalised word, not on a particle
            out.extend(self._best(doc, i, j))
            i = max(j, i + 1)
        return out

    def _best(self, doc: Doc, start: int, end: int) -> list[tuple[int, int, tuple[Term, ...]]]:
        found: list[tuple[int, int, tuple[Term, ...]]] = []
        position = start
        while position < end:
            hit = None
            for stop in range(end, position, -1):
                text = doc[position:stop].text
                if stop - position == 1 and text.isascii():
                    continue
                terms = self.lookup(text)
                if terms:
                    hit = (position, stop, terms)
                    break
            if hit is None:
                position += 1
                continue
            found.append(hit)
            position = hit[1]
        return found


_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "bint", "de", "da", "di", "du", "van", "von", "der", "le", "la", "ul"}
)


def _name_token(text: str, first: bool = False) -> bool:
    if text[:1].isupper():
        return any(c.isalpha() for c in text) and not text.isupper() or len(text) <= 2
    return not first and (text.lower() in _PARTICLES or text == "-")
