"""Evidence sentences cut into segments so that front ends can highlight source, target and trigger.

>>> [(s.text, s.role) for s in evidence_segments("Russia warned Japan.", [
...     Mark("source", 0, 6, "Russia"), Mark("trigger", 7, 13, "warned"), Mark("target", 14, 19, "Japan")])]
[('Russia', 'source'), (' ', None), ('warned', 'trigger'), (' ', None), ('Japan', 'target'), ('.', None)]

Offsets stored with a mention may count from the start of the sentence or of the article; a mark is
placed by its offsets when they cover exactly its text in the sentence, otherwise at the occurrence of
its text nearest to where the offsets point. Marks that cannot be found or that overlap an earlier mark
are left out: the sentence is always returned whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["source", "target", "trigger"]


@dataclass(frozen=True, slots=True)
class Mark:
    role: Role
    start: int | None
    end: int | None
    text: str | None


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    role: Role | None = None


def _occurrences(sentence: str, needle: str) -> list[int]:
    found: list[int] = []
    start = sentence.find(needle)
    while start >= 0:
        found.append(start)
        start = sentence.find(needle, start + 1)
    if not found:
        low, low_needle = sentence.lower(), needle.lower()
        start = low.find(low_needle)
        while start >= 0:
            found.append(start)
            start = low.find(low_needle, start + 1)
    return found


def _place(sentence: str, mark: Mark) -> tuple[int, int] | None:
    text = (mark.text or "").strip()
    start, end = mark.start, mark.end
    fits = start is not None and end is not None and 0 <= start < end <= len(sentence)
    if fits and start is not None and end is not None and (not text or sentence[start:end] == text):
        return start, end
    if not text:
        return None
    hits = _occurrences(sentence, text)
    if not hits:
        return None
    hint = mark.start if mark.start is not None else 0
    best = min(hits, key=lambda h: abs(h - hint) if hint < len(sentence) else h)
    return best, best + len(text)


def evidence_segments(sentence: str, marks: list[Mark]) -> list[Segment]:
    """``sentence`` as consecutive segments; the ones covered by a mark carry its role."""
    placed: list[tuple[int, int, Role]] = []
    for mark in marks:
        where = _place(sentence, mark)
        if where is None:
            continue
        start, end = where
        if any(start < e and s < end for s, e, _ in placed):
            continue
        placed.append((start, end, mark.role))
    placed.sort()
    out: list[Segment] = []
    cursor = 0
    for start, end, role in placed:
        if start > cursor:
            out.append(Segment(sentence[cursor:start]))
        out.append(Segment(sentence[start:end], role))
        cursor = end
    if cursor < len(sentence):
        out.append(Segment(sentence[cursor:]))
    return out
