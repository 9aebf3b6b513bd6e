"""The scraped-text cleaner on pages written in several sites' styles (tests/data/extract/*.txt)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from eventwire.extract._textclean import CleanedText, clean_scraped_text, decode_scraped

DATA = Path(__file__).resolve().parent / "data" / "extract"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((DATA / "expected.yaml").read_text(encoding="utf-8"))
PAGES = sorted(EXPECTED)


def _clean(name: str) -> CleanedText:
    return clean_scraped_text(decode_scraped((DATA / name).read_bytes()))


@pytest.mark.parametrize("name", PAGES)
def test_textclean_finds_title_once(name: str) -> None:
    result = _clean(name)
    assert result.title == EXPECTED[name]["title"]
    assert result.title not in result.body


@pytest.mark.parametrize("name", PAGES)
def test_textclean_parses_dateline_as_aware_datetime(name: str) -> None:
    result = _clean(name)
    assert result.published == datetime.fromisoformat(EXPECTED[name]["published"])
    assert result.published is not None
    assert result.published.tzinfo is not None


@pytest.mark.parametrize("name", PAGES)
def test_textclean_finds_byline_author(name: str) -> None:
    assert _clean(name).author == EXPECTED[name]["author"]


@pytest.mark.parametrize("name", PAGES)
def test_textclean_body_starts_and_ends_on_article_text(name: str) -> None:
    body = _clean(name).body
    assert body.startswith(EXPECTED[name]["body_start"])
    assert body.endswith(EXPECTED[name]["body_end"])


@pytest.mark.parametrize("name", PAGES)
def test_textclean_body_has_no_furniture(name: str) -> None:
    body = _clean(name).body
    for furniture in EXPECTED[name]["absent"]:
        assert furniture not in body, furniture


@pytest.mark.parametrize("name", PAGES)
def test_textclean_keeps_related_headlines(name: str) -> None:
    result = _clean(name)
    assert [link.title for link in result.related_links] == EXPECTED[name]["related"]
    for link in result.related_links:
        assert link.title not in result.body


@pytest.mark.parametrize("name", PAGES)
def test_textclean_separates_paragraphs_with_blank_lines(name: str) -> None:
    body = _clean(name).body
    paragraphs = body.split("\n\n")
    assert len(paragraphs) >= 3
    assert all(p.strip() == p and p and "\n" not in p for p in paragraphs)
