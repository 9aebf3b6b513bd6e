"""Judge a coded event against the annotated events of its text, as the audit does by reading.

Type right: an annotated event of the same CAMEO root whose trigger overlaps the coded trigger, or
shares its trigger word (a headline and its lead report one action twice). Sides right: the coded source
and target overlap the annotated spans, or are absent where the annotation has none.
"""

from __future__ import annotations

from typing import Any

from eventwire.events.learned.features import stem, words
from training.sources import AnnotatedEvent, Example, Side


def _overlap(start: int, end: int, side: Side | None) -> bool:
    return side is not None and start < side.end and side.start < end


def _stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if len(w) > 3}


def side_ok(mention: Any, gold: Side | None) -> bool:
    if mention is None or gold is None:
        return mention is None and gold is None
    return _overlap(mention.span.start, mention.span.end, gold)


def type_matches(example: Example, event: Any) -> list[AnnotatedEvent]:
    """The annotated events a coded event reports (same root; same trigger span or word)."""
    said = _stems(event.trigger.text)
    return [
        g
        for g in example.events
        if g.cls[:2] == event.cameo[:2]
        and (
            _overlap(event.trigger.start, event.trigger.end, g.trigger)
            or bool(said & _stems(example.text[g.trigger.start : g.trigger.end]))
        )
    ]


# Roots whose actions are mutual (agree, meet, cooperate): either party may stand as the source.
_MUTUAL_ROOTS = frozenset({"03", "04", "05", "06"})


def sides_ok(event: Any, gold: AnnotatedEvent) -> bool:
    if side_ok(event.source, gold.source) and side_ok(event.target, gold.target):
        return True
    return (
        event.cameo[:2] in _MUTUAL_ROOTS
        and side_ok(event.source, gold.target)
        and side_ok(event.target, gold.source)
    )


def event_right(example: Example, event: Any) -> bool:
    """Type and both sides right."""
    return any(sides_ok(event, g) for g in type_matches(example, event))
