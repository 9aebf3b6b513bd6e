"""When a coded action happened: today's news, or background recalled from an earlier time.

News sentences mix the day's events with background: "Israel seized the territories *in the 1967 war*",
"the mayor, *who had been arrested 15 months ago*", "the conflict *has killed* 300,000 *since 2011*". A
background action keeps its own date with a precision (year, month, day) when the sentence gives one, and
is marked historical; one the sentence recalls without a date ("had seized", "decades ago", "in recent
years") is historical with no date. Only actions with no sign of being earlier get the article's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Token

from eventwire.events import _syntax as syn
from eventwire.events.dates import resolve_date
from eventwire.records import DatePrecision

# A dated action more than this long before the article is background, not the article's news.
_NEWS_WINDOW = timedelta(days=31)
# Phrases that place an action in an undated past.
_UNDATED_PAST = re.compile(
    r"\b(?:decades|centuries|years|generations) (?:ago|earlier|before)\b|\bin (?:the )?(?:recent|past|previous|"
    r"earlier) (?:years|decades|months)\b|\bin the past\b|\bpreviously\b|\bformerly\b|\bhistorically\b"
    r"|\bat the time\b|\bback then\b|\bearlier this year\b|\bin years past\b"
    r"|\bover the (?:past |last )?(?:months|years|decades)\b|\bfor (?:years|decades|months)\b"
    r"|^(?:long|before|once)$"  # "have *long* railed against", "have boarded boats *before*"
    r"|\brepeatedly\b|\bin the (?:last|past) (?:\d+|several|few|two|three|four|five|six|ten|twelve) (?:months|years)\b"
    r"|\bsince\b",  # over a period: "have *repeatedly* declined", "*since* Assad's fall" (a dated since resolves first)
    re.I,
)


@dataclass(frozen=True, slots=True)
class EventTime:
    when: date | None
    precision: DatePrecision
    historical: bool


def event_time(verb: Token, trigger: tuple[Token, ...], anchor: date | None) -> EventTime:
    """The date of the action ``verb`` carries (its trigger noun's phrase included) against ``anchor``."""
    texts = [syn.date_text(verb), _subject_date(verb), syn.date_text(syn.clause_head(verb.head))]
    texts += [_phrase_text(t) for t in trigger if t.pos_ in ("NOUN", "PROPN")]
    # an action with no time of its own happened when the clauses that report or govern it say
    # ("the United States warned *Wednesday* that it will continue to exert pressure")
    texts += [text for v in _governing_clauses(verb) for text in (syn.date_text(v), _subject_date(v))]
    if anchor is not None:
        for text in texts:
            found = resolve_date(text, anchor)
            if found is not None:
                when, precision = found
                return EventTime(when, precision, _before_news(when, precision, anchor))
    if _past_perfect(verb) or any(_UNDATED_PAST.search(t) for t in texts if t):
        return EventTime(None, DatePrecision.YEAR, True)
    return EventTime(anchor, DatePrecision.DAY, False)


def _subject_date(verb: Token) -> str:
    """A date the parser hung on the subject's name instead of the verb ("Malawi's High Court *on Jan. 14*
    ordered"): a name has no time of its own, so "on" + a date there is the clause's."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "PROPN":
            for prep in child.children:
                if (
                    prep.dep_ == "prep"
                    and prep.lower_ == "on"
                    and any(t.ent_type_ == "DATE" for t in prep.subtree)
                ):
                    return " ".join(t.text for t in prep.subtree)
    return ""


_GOVERNING_DEPS = frozenset({"xcomp", "ccomp", "conj", "advcl", "pcomp", "pobj", "prep"})


def _governing_clauses(verb: Token, depth: int = 4) -> list[Token]:
    """The verbs whose clauses hold ``verb``'s, nearest first, through complement, conjunct and adverbial
    links; not through a relative clause (a noun's background is not its sentence's time)."""
    out: list[Token] = []
    node = verb
    while len(out) < depth and node.head.i != node.i and node.dep_ in _GOVERNING_DEPS:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            out.append(node)
    return out


def _before_news(when: date, precision: DatePrecision, anchor: date) -> bool:
    if precision == DatePrecision.YEAR:
        return when.year < anchor.year
    if precision == DatePrecision.MONTH:
        return (when.year, when.month) < ((anchor - _NEWS_WINDOW).year, (anchor - _NEWS_WINDOW).month)
    return when < anchor - _NEWS_WINDOW


def _past_perfect(verb: Token) -> bool:
    """ "had seized", "had been arrested": an action before the time the sentence reports."""
    aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return bool({"had", "'d"} & set(aux)) and verb.tag_ == "VBN"


def _phrase_text(noun: Token) -> str:
    """The words of a nominal trigger's own phrase ("the *1967* Six-Day War"), not its clauses."""
    words = [
        t for t in noun.subtree if t.i - noun.i < 8 and noun.i - t.i < 8 and t.dep_ not in ("relcl", "acl")
    ]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))
