"""Event coding: who did what to whom, in CAMEO and PLOVER, with the sentence as evidence."""

from __future__ import annotations

from eventwire.events.coder import CODER_VERSION, EventCoder
from eventwire.events.codes import CameoCode, CodeTable, PloverType, cameo_table
from eventwire.events.dates import resolve_date
from eventwire.events.patterns import Pattern, PatternSet, load_patterns

__all__ = [
    "CODER_VERSION",
    "CameoCode",
    "CodeTable",
    "EventCoder",
    "Pattern",
    "PatternSet",
    "PloverType",
    "cameo_table",
    "load_patterns",
    "resolve_date",
]
