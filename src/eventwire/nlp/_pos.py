"""Coarse part-of-speech tags without spaCy's AttributeRuler: the same rules, a fraction of the cost.

The English pipelines map fine-grained tags to coarse POS (plus MORPH and a few lemmas) with an
``attribute_ruler`` of about 180 token patterns. Run through spaCy's ``Matcher`` it costs about a fifth of
the tagger + parser time of a news sentence (docs/scale.md), while eventwire reads only ``pos_``,
``tag_`` and ``dep_`` from it. :class:`CoarseTagger` is built from the loaded ruler's own patterns, keeps
the rules that set those three attributes, and applies them with the ruler's precedence (every match is
found on the tokens as they come in; matches are applied in pattern order, so a later rule wins). MORPH
and LEMMA are left unset: nothing in eventwire reads them (the lemmatizer is disabled as well).

Pattern keys it understands: ``TAG``, ``LOWER``, ``ORTH``, ``DEP``, ``IS_SPACE``, with a plain value or
``IN`` / ``NOT_IN`` / ``REGEX``. A ruler with any other key is left in place (:func:`coarse_tagger_for`
returns None), so another model keeps its exact behaviour.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

__all__ = ["CoarseTagger", "coarse_tagger_for"]

# The attributes eventwire reads that an attribute ruler may set.
_READ_ATTRS = ("POS", "TAG", "DEP")
# Token attributes a pattern may test, in the column order of a token's row (``Doc.to_array``: string
# attributes as hashes, IS_SPACE as 0/1).
_COLUMNS = {"TAG": 0, "LOWER": 1, "ORTH": 2, "DEP": 3, "IS_SPACE": 4}
_ATTR_IDS = [TAG, LOWER, ORTH, DEP, IS_SPACE]
_Row = list[int]


@dataclass(frozen=True, slots=True)
class _Test:
    column: int
    op: str  # eq | in | not_in | regex
    value: Any  # an id, a frozenset of ids, or a compiled regex (tested on the string)

    def __call__(self, row: _Row, strings: StringStore) -> bool:
        got = row[self.column]
        if self.op == "eq":
            return bool(got == self.value)
        if self.op == "in":
            return got in self.value
        if self.op == "not_in":
            return got not in self.value
        return self.column != _COLUMNS["IS_SPACE"] and self.value.search(strings[got]) is not None

    def keys(self) -> frozenset[Any] | None:
        """The values this test accepts, when it can index a rule (equality or IN)."""
        if self.op == "eq":
            return frozenset((self.value,))
        return self.value if self.op == "in" else None


@dataclass(frozen=True, slots=True)
class _Rule:
    order: int  # the pattern's position in the ruler: later rules win
    tokens: tuple[tuple[_Test, ...], ...]  # one tuple of tests per token of the pattern
    index: int  # which token of a match gets the attributes
    attrs: tuple[tuple[str, str], ...]  # (POS|TAG|DEP, value)

    def matches(self, rows: Sequence[_Row], start: int, strings: StringStore) -> bool:
        return start + len(self.tokens) <= len(rows) and all(
            test(rows[start + k], strings) for k, tests in enumerate(self.tokens) for test in tests
        )


class CoarseTagger:
    """A ``Doc -> Doc`` component that sets POS (and the ruler's TAG/DEP fixes) from compiled rules.

    Rules are indexed by the values their first token must have (TAG, LOWER, DEP… by equality or IN),
    so a token is tried only against the few rules that can match it.
    """

    def __init__(self, rules: Sequence[_Rule]) -> None:
        # columns tested → (their values in a row → rules); a rule goes under every indexable test of
        # its first token at once, so a token meets only the rules whose equality/IN tests it passes
        index: dict[tuple[int, ...], dict[Any, list[_Rule]]] = {}
        for rule in rules:
            tests = sorted((t for t in rule.tokens[0] if t.keys() is not None), key=lambda t: t.column)
            columns = tuple(t.column for t in tests)
            by_value = index.setdefault(columns, {})
            for values in itertools.product(*(sorted(t.keys() or ()) for t in tests)):
                by_value.setdefault(values[0] if len(values) == 1 else values, []).append(rule)
        self._always = tuple(index.pop((), {}).get((), ()))
        self._lookups = tuple(
            (operator.itemgetter(*columns), by_value) for columns, by_value in index.items()
        )

    def __call__(self, doc: Doc) -> Doc:
        rows: list[_Row] = doc.to_array(_ATTR_IDS).tolist() if len(doc) else []
        strings = doc.vocab.strings
        found: list[tuple[int, int, _Rule]] = []
        for start, row in enumerate(rows):
            for key, by_value in self._lookups:
                for rule in by_value.get(key(row), ()):
                    if rule.matches(rows, start, strings):
                        found.append((rule.order, start, rule))
            for rule in self._always:
                if rule.matches(rows, start, strings):
                    found.append((rule.order, start, rule))
        found.sort(key=lambda item: (item[0], item[1]))
        for _, start, rule in found:
            token = doc[start + rule.index]
            for attr, value in rule.attrs:
                if attr == "POS":
                    token.pos_ = value
                elif attr == "TAG":
                    token.tag_ = value
                else:
                    token.dep_ = value
        return doc


def coarse_tagger_for(patterns: Iterable[Mapping[str, Any]]) -> CoarseTagger | None:
    """A :class:`CoarseTagger` for an attribute ruler's ``patterns``; None when one uses a key or
    operator this module does not implement (keep the ruler then)."""
    rules: list[_Rule] = []
    for order, entry in enumerate(patterns):
        attrs = tuple((a, str(v)) for a, v in entry.get("attrs", {}).items() if a in _READ_ATTRS)
        for pattern in entry["patterns"]:
            tokens = [_compile_token(spec) for spec in pattern]
            compiled = tuple(t for t in tokens if t is not None)
            if len(compiled) != len(tokens) or not compiled:
                return None
            if attrs:
                rules.append(_Rule(order, compiled, entry.get("index", 0), attrs))
    return CoarseTagger(rules)


def _compile_token(spec: Mapping[str, Any]) -> tuple[_Test, ...] | None:
    tests: list[_Test] = []
    for key, value in spec.items():
        if key not in _COLUMNS:
            return None
        column = _COLUMNS[key]
        if not isinstance(value, dict):
            tests.append(_Test(column, "eq", _id(key, value)))
            continue
        if len(value) != 1:
            return None
        ((op, arg),) = value.items()
        if op == "IN":
            tests.append(_Test(column, "in", frozenset(_id(key, v) for v in arg)))
        elif op == "NOT_IN":
            tests.append(_Test(column, "not_in", frozenset(_id(key, v) for v in arg)))
        elif op == "REGEX":
            tests.append(_Test(column, "regex", re.compile(arg)))
        else:
            return None
    return tuple(tests)


def _id(key: str, value: Any) -> int:
    """A pattern value as ``Doc.to_array`` gives it: 0/1 for IS_SPACE, else the string's hash."""
    return int(bool(value)) if key == "IS_SPACE" else int(get_string_id(str(value)))
