"""A last resort for misspelt place names: two neighbouring letters swapped, or one letter missing.

Only capitalised single words of at least ``MIN_LENGTH`` letters that the dictionary did not match
are tried, only against single-word country names, adjectives and capitals, and only when the first
letter agrees and exactly one name is that close ("Dehli" -> Delhi, "Afganistan" -> Afghanistan).
A missing letter is accepted only in words of ``MIN_LENGTH_MISSING`` letters or more. Substitutions
and extra letters are not: on 249 Guardian articles they matched given names ("Susan" -> Sudan,
"Angela" -> Angola) 46 times and real misspellings never.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from eventwire.actors._index import terms_with_roles
from eventwire.actors.table import Term

MIN_LENGTH = 5
MIN_LENGTH_MISSING = 7
FUZZY_ROLES = frozenset({"country", "adjective", "capital"})


def _deletes(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def one_slip(word: str, name: str) -> bool:
    """True when ``word`` is ``name`` with two neighbouring letters swapped or (long words) one missing."""
    if len(word) == len(name):
        diff = [i for i in range(len(word)) if word[i] != name[i]]
        if len(diff) != 2:
            return False
        i, j = diff
        return j == i + 1 and word[i] == name[j] and word[j] == name[i]
    if len(word) + 1 == len(name) and len(word) >= MIN_LENGTH_MISSING:
        return any(name[:i] + name[i + 1 :] == word for i in range(len(name)))
    return False


class FuzzyNames:
    """Index of single-word place names by their one-deletion variants."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self._by_variant: dict[str, set[str]] = defaultdict(set)
        self._terms: dict[str, list[Term]] = defaultdict(list)
        for term in terms_with_roles(terms, FUZZY_ROLES):
            word = term.phrase.lower()
            if term.role not in FUZZY_ROLES or " " in word or len(word) < MIN_LENGTH or not word.isalpha():
                continue
            self._terms[word].append(term)
            for variant in _deletes(word):
                self._by_variant[variant].add(word)

    def lookup(self, token_text: str) -> tuple[Term, ...]:
        """The terms of the one known name one edit away from ``token_text``, or ()."""
        if len(token_text) < MIN_LENGTH or not token_text.isalpha() or not token_text[0].isupper():
            return ()
        word = token_text.lower()
        near = {n for v in _deletes(word) for n in self._by_variant.get(v, ()) if n[0] == word[0]}
        near = {n for n in near if one_slip(word, n)}
        if len(near) != 1:
            return ()
        return tuple(self._terms[near.pop()])
