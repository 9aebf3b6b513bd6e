"""Single line rules of the scraped-text cleaner (UI rows, datelines, boilerplate, links, wrapping)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.extract._datelines import parse_byline, parse_dateline
from eventwire.extract._textclean import clean_scraped_text
from eventwire.extract._textrules import Kind, classify_line, is_ui_row


@pytest.mark.parametrize(
    "line",
    [
        "icon bookmark-bicon cameraicon checkicon chevron downicon closeicon fbicon searchicon",
        "Home | World | Business | Sport | Culture",
        "News • Politics • Opinion • Video",
        "Menu Search Sign in Subscribe",
        "Facebook Twitter WhatsApp Email",
    ],
)
def test_textclean_detects_ui_rows(line: str) -> None:
    assert is_ui_row(line)


@pytest.mark.parametrize(
    "line",
    [
        "Ukraine and Russia resume talks in Istanbul",
        "The minister said the talks would resume in Istanbul next week.",
        "Business leaders from Europe and Asia met in Singapore on Monday to discuss trade.",
    ],
)
def test_textclean_keeps_headlines_and_sentences_out_of_ui(line: str) -> None:
    assert not is_ui_row(line)
    assert classify_line(line, 0).kind is Kind.TEXT


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2 Dec, 2018 01:05", datetime(2018, 12, 2, 1, 5, tzinfo=UTC)),
        ("Published: 3 March 2021", datetime(2021, 3, 3, tzinfo=UTC)),
        ("Updated 12:30 GMT, Mon 4 Jan 2021", datetime(2021, 1, 4, 12, 30, tzinfo=UTC)),
        ("By Jane Doe | 4 January 2021", datetime(2021, 1, 4, tzinfo=UTC)),
        ("2021-01-04T12:30:00Z", datetime(2021, 1, 4, 12, 30, tzinfo=UTC)),
        ("2021-01-04", datetime(2021, 1, 4, tzinfo=UTC)),
        ("January 4, 2021 9:30 PM EST", datetime(2021, 1, 4, 21, 30, tzinfo=timezone(timedelta(hours=-5)))),
        ("Mon 4 Jan 2021 12.30 GMT", datetime(2021, 1, 4, 12, 30, tzinfo=UTC)),
        (
            "Last updated: 5 February 2020, 14:02 +03:00",
            datetime(2020, 2, 5, 14, 2, tzinfo=timezone(timedelta(hours=3))),
        ),
    ],
)
def test_textclean_parses_common_dateline_formats(line: str, expected: datetime) -> None:
    dateline = parse_dateline(line)
    assert dateline is not None
    assert dateline.when == expected
    assert dateline.when.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "line",
    [
        "The summit on 4 January 2021 ended without agreement.",
        "Putin met Abe on 2 Dec, 2018 in Buenos Aires",
        "2 hours ago",
        "31 February 2021",
    ],
)
def test_textclean_rejects_sentences_that_mention_dates(line: str) -> None:
    assert parse_dateline(line) is None


def test_textclean_marks_updated_datelines() -> None:
    updated = parse_dateline("Updated 12:30 GMT, Mon 4 Jan 2021")
    published = parse_dateline("Published: 3 March 2021")
    assert updated is not None and updated.updated
    assert published is not None and not published.updated


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe, BBC News", "Jane Doe"),
        ("BY John Smith and Ann Lee", "John Smith and Ann Lee"),
    ],
)
def test_textclean_reads_bylines(line: str, name: str) -> None:
    assert parse_byline(line) == name


def test_textclean_ignores_sentences_starting_with_by() -> None:
    assert parse_byline("By the end of the week, the talks had collapsed without a deal.") is None


@pytest.mark.parametrize(
    "line",
    [
        "Share this article",
        "If you like this story, share it with a friend!",
        "We use cookies to give you the best experience on our website.",
        "Sign up for our morning newsletter and get the news in your inbox",
        "Advertisement",
        "Copyright 2021 Example News. All rights reserved.",
        "© 2024 Example Media Ltd",
        "Follow us on Telegram",
        "Image caption, Protesters gathered outside parliament",
        "Tags: Russia, Japan, diplomacy",
    ],
)
def test_textclean_classifies_boilerplate(line: str) -> None:
    assert classify_line(line, 0).kind is Kind.BOILERPLATE


@pytest.mark.parametrize(
    ("line", "headline", "site"),
    [
        (
            "Also on rt.com Putin offers peace treaty by end of year",
            "Putin offers peace treaty by end of year",
            "rt.com",
        ),
        ("Also on www.example.org: Talks stall in Vienna", "Talks stall in Vienna", "example.org"),
        ("Read more: EU weighs new sanctions on Minsk", "EU weighs new sanctions on Minsk", None),
        ("Related: Iran nuclear talks resume in Vienna", "Iran nuclear talks resume in Vienna", None),
        (
            "See also Japan protests Russian missile deployment",
            "Japan protests Russian missile deployment",
            None,
        ),
    ],
)
def test_textclean_turns_link_lines_into_related(line: str, headline: str, site: str | None) -> None:
    info = classify_line(line, 0)
    assert info.kind is Kind.RELATED
    assert info.headline == headline
    assert info.site == site


def test_textclean_joins_hard_wrapped_lines() -> None:
    text = (
        "Talks resume in Geneva\n\n"
        "Delegations from both countries arrived in Geneva on Monday for a new round of talks that\n"
        "diplomats hope will produce a framework for a ceasefire.\n\n"
        "The last round ended without agreement in March, officials said.\n"
    )
    result = clean_scraped_text(text)
    assert result.title == "Talks resume in Geneva"
    assert result.body.split("\n\n") == [
        "Delegations from both countries arrived in Geneva on Monday for a new round of talks that "
        "diplomats hope will produce a framework for a ceasefire.",
        "The last round ended without agreement in March, officials said.",
    ]


def test_textclean_takes_source_from_also_on_lines() -> None:
    text = (
        "Title of a story about the summit\n\n"
        "Leaders met in Brussels on Friday and agreed to extend the sanctions for six more months.\n\n"
        "Also on example.net Officials disagree over the next steps\n\n"
        "The extension takes effect at the end of the month, according to a statement.\n"
    )
    result = clean_scraped_text(text)
    assert result.source == "example.net"
    assert "Also on" not in result.body


def test_textclean_handles_text_without_title_or_prose() -> None:
    assert clean_scraped_text("").body == ""
    result = clean_scraped_text("Menu\nSearch\nHome | World | Business\n")
    assert result.body == ""
    assert result.related_links == ()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "Menu",
                "Home | World | Business",
                "2 Dec, 2018 01:05",
                "By Jane Doe",
                "Also on example.com Talks stall",
                "Read more:",
                "Short headline here",
                "The ministers met in Geneva on Monday and agreed to continue the talks next month.",
                "and the talks went on",
            ]
        )
        | st.text(max_size=80),
        max_size=25,
    )
)
def test_textclean_never_fails_and_keeps_paragraph_shape(lines: list[str]) -> None:
    result = clean_scraped_text("\n".join(lines))
    assert "\n\n\n" not in result.body
    assert result.body == result.body.strip()
    assert all(p.strip() for p in result.body.split("\n\n")) or result.body == ""
    assert result.published is None or result.published.tzinfo is not None


def test_textclean_two_item_account_menu_is_ui() -> None:
    assert is_ui_row("Sign in | Subscribe")
    assert is_ui_row("Log in  /  Sign up")
    assert not is_ui_row("Sign in to the talks")
