"""Relative and explicit dates resolved against the article date, with their precision."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eventwire.events import resolve_date
from eventwire.events.dates import date_name
from eventwire.records import DatePrecision

PUBLISHED = date(2018, 12, 2)  # a Sunday


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("yesterday", date(2018, 12, 1), DatePrecision.DAY),
        ("on Wednesday", date(2018, 11, 28), DatePrecision.DAY),
        ("last month", date(2018, 11, 1), DatePrecision.MONTH),
        ("in September", date(2018, 9, 1), DatePrecision.MONTH),
        ("last year", date(2017, 1, 1), DatePrecision.YEAR),
        ("in 1960", date(1960, 1, 1), DatePrecision.YEAR),
        ("on 14 November", date(2018, 11, 14), DatePrecision.DAY),
        ("on March 31", date(2018, 3, 31), DatePrecision.DAY),
        # abbreviated months next to a day number, with or without a point
        ("on Jan 14 the court ordered", date(2018, 1, 14), DatePrecision.DAY),
        ("on Sept. 3", date(2018, 9, 3), DatePrecision.DAY),
        ("on 3 Oct 2017", date(2017, 10, 3), DatePrecision.DAY),
        # reckoned back from the story's day
        ("had warned a day earlier", date(2018, 12, 1), DatePrecision.DAY),
        ("two weeks earlier", date(2018, 11, 18), DatePrecision.DAY),
        ("met the day before.", date(2018, 12, 1), DatePrecision.DAY),
    ],
)
def test_events_dates_resolve_against_article_date(
    text: str, expected: date, precision: DatePrecision
) -> None:
    assert resolve_date(text, PUBLISHED) == (expected, precision)


def test_events_dates_future_and_plain_text_give_none() -> None:
    assert resolve_date("next year", PUBLISHED) is None
    assert resolve_date("in December 2019", PUBLISHED) is None
    assert resolve_date("the talks went well", PUBLISHED) is None
    # "before" a named moment is not reckoned from the story's day; a month word needs its day number
    assert resolve_date("in the two weeks before the vote", PUBLISHED) is None
    assert resolve_date("Janet 14 said", PUBLISHED) is None


@pytest.mark.parametrize("text", ["yesterday", "last year", "on Monday", "last month", "in March"])
def test_events_dates_reference_at_the_calendar_edge_does_not_fail(text: str) -> None:
    found = resolve_date(text, date(1, 1, 1))  # before: OverflowError, and the document failed
    assert found is None or found[0] == date(1, 1, 1)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Iran marked Independence Day with a parade.", "Independence"),
        ("Iran marked Independence Day with a parade.", "Day"),
        ("The ceasefire was to hold over Ramadan.", "Ramadan"),
        ("Talks resume on Christmas Eve in Geneva.", "Eve"),
        ("The curfew starts at 2100 GMT on Friday.", "GMT"),
        ("Leaders met before the Lunar New Year holiday.", "Year"),
        ("The vote was set for Monday.", "Monday"),
    ],
)
def test_events_dates_date_names_are_told_by_word(nlp: Any, sentence: str, word: str) -> None:
    doc = nlp(sentence)
    assert date_name(next(t for t in doc if t.text == word))


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("The minister urged Bree to leave the talks.", "Bree"),
        ("Lavrov met Kono in Moscow.", "Kono"),
        ("Day after day the shelling went on.", "Day"),
        ("Protesters gathered on the first day of the year.", "day"),
    ],
)
def test_events_dates_names_and_common_words_are_not_date_names(nlp: Any, sentence: str, word: str) -> None:
    doc = nlp(sentence)
    assert not date_name(next(t for t in doc if t.text == word))


def test_events_dates_unknown_target_is_a_name_not_a_holiday(nlp: Any) -> None:
    """An object that names nobody the dictionaries know blocks a one-sided event; a holiday does not."""
    from eventwire.events._targets import names_unknown_target

    def urged(text: str) -> bool:
        doc = nlp(text)
        return names_unknown_target(next(t for t in doc if t.text == "urged"))

    assert urged("The minister urged Bree to leave the talks.")
    assert not urged("The minister urged restraint during Ramadan.")
    assert not urged("The minister urged calm over Christmas.")
