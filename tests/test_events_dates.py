"""Relative and explicit dates resolved against the article date, with their precision."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.events import resolve_date
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


@pytest.mark.parametrize("text", ["yesterday", "last year", "on Monday", "last month", "in March"])
def test_events_dates_reference_at_the_calendar_edge_does_not_fail(text: str) -> None:
    found = resolve_date(text, date(1, 1, 1))  # before: OverflowError, and the document failed
    assert found is None or found[0] == date(1, 1, 1)
