"""Property tests: the text cleaner and the extractor survive hostile text and markup.

``clean_scraped_text`` must never raise; ``extract_article`` may only raise ``DocumentError`` (a skip or
a recorded failure) and otherwise returns an article within ``max_text_chars``.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from _hostile import (
    GOOD_HTML,
    GOOD_TEXT,
    NAMED_CASES,
    ZERO_WIDTH_AND_BIDI,
    hostile_text,
    nested_html,
    words_article,
)
from eventwire.errors import DocumentError
from eventwire.extract import extract_article
from eventwire.extract._textclean import clean_scraped_text
from eventwire.records import Article, DocType, RawDocument, content_id
from eventwire.settings import Settings

SETTINGS = Settings()
CI = hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _doc(content: bytes, doc_type: DocType) -> RawDocument:
    return RawDocument(id=content_id(content), origin="fuzz", content=content, declared_type=doc_type)


def _extract(content: bytes, doc_type: DocType, settings: Settings = SETTINGS) -> Article | None:
    try:
        article = extract_article(_doc(content, doc_type), settings)
    except DocumentError as exc:
        assert str(exc).strip()
        return None
    assert len(article.text) <= settings.max_text_chars
    assert article.text.strip()
    return article


@CI
@given(text=hostile_text())
def test_fuzz_textclean_hostile_text_never_raises(text: str) -> None:
    cleaned = clean_scraped_text(text)
    assert isinstance(cleaned.body, str)


@CI
@given(content=st.binary(max_size=3000))
def test_fuzz_textclean_random_bytes_extract_or_skip(content: bytes) -> None:
    _extract(content, DocType.TEXT)


@CI
@given(text=hostile_text(), doc_type=st.sampled_from([DocType.HTML, DocType.TEXT]))
def test_fuzz_textclean_hostile_text_in_a_good_page_extracts_or_skips(text: str, doc_type: DocType) -> None:
    base = GOOD_HTML if doc_type is DocType.HTML else GOOD_TEXT
    _extract(base.replace("the", text[:500], 1).encode("utf-8", "surrogatepass"), doc_type)


@pytest.mark.parametrize("name", sorted(NAMED_CASES))
def test_fuzz_textclean_named_case_as_html_and_text(name: str) -> None:
    for doc_type in (DocType.HTML, DocType.TEXT):
        _extract(NAMED_CASES[name], doc_type)


def test_fuzz_textclean_html_nested_10000_deep_finds_the_text() -> None:
    article = _extract(nested_html(10_000), DocType.HTML)
    # either the article is found under the nesting or the page is a recorded skip/failure; never a crash
    assert article is None or "Argeen" in article.text


def test_fuzz_textclean_invisible_characters_do_not_hide_the_article() -> None:
    text = GOOD_TEXT.replace(" ", " " + ZERO_WIDTH_AND_BIDI[:3])
    article = _extract(text.encode(), DocType.TEXT)
    assert article is not None


def test_fuzz_textclean_nul_bytes_do_not_reach_the_article() -> None:
    article = _extract(NAMED_CASES["nuls.txt"], DocType.TEXT)
    assert article is not None and "\x00" not in article.text


def test_fuzz_textclean_one_word_is_skipped_as_too_short() -> None:
    with pytest.raises(DocumentError, match="short|empty|article"):
        extract_article(_doc(b"Breaking", DocType.TEXT), SETTINGS)


def test_fuzz_textclean_500000_words_are_cut_to_max_text_chars() -> None:
    started = time.monotonic()
    article = _extract(words_article(500_000), DocType.TEXT)
    assert article is not None and len(article.text) == SETTINGS.max_text_chars
    assert time.monotonic() - started < SETTINGS.document_time_limit_s
