"""extract_article on scraped-text documents (DocType.TEXT): the seed page and our own pages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from eventwire.errors import DocumentError, SkipDocument
from eventwire.extract import extract_article
from eventwire.records import DocType, RawDocument, RelatedLink, content_id
from eventwire.settings import Settings

DATA = Path(__file__).resolve().parent / "data" / "extract"
SEED = "seeds/000_1cccc1b26a4a26bc.txt"


def _text_doc(content: bytes, **hints: object) -> RawDocument:
    return RawDocument(content_id(content), "test.txt", content, DocType.TEXT, **hints)  # type: ignore[arg-type]


def test_extract_text_reads_the_seed(shared_dir: Path, settings: Settings) -> None:
    article = extract_article(_text_doc((shared_dir / SEED).read_bytes()), settings)
    title = "Putin, Abe agree on \u2018framework\u2019 to finalize WWII peace treaty"
    assert article.method == "text-cleaner"
    assert article.title == title
    assert article.published == datetime(2018, 12, 2, 1, 5, tzinfo=UTC)
    assert article.source == "rt.com"
    assert article.language == "en"
    assert article.text.startswith("Russian President Vladimir Putin and Japanese Prime Minister Shinzo Abe")
    assert article.text.endswith("for decades.")
    for furniture in (title, "icon", "Also on rt.com", "share it with a friend"):
        assert furniture not in article.text
    assert article.related_links == (
        RelatedLink(title="Putin offers Japan\u2019s Abe peace treaty by end of year without preconditions"),
        RelatedLink(
            title="Islands dispute must be settled before peace deal \u2013 Japan on Putin\u2019s "
            "\u2018no preconditions\u2019 offer"
        ),
    )
    assert article.text.count("\n\n") == 5


def test_extract_text_uses_the_cleaner_on_own_pages(settings: Settings) -> None:
    article = extract_article(_text_doc((DATA / "reuters_style.txt").read_bytes()), settings)
    assert article.method == "text-cleaner"
    assert article.title == "Turkey and Greece agree to resume exploratory talks on maritime dispute"
    assert article.author == "Ali Kucukgocmen and Renee Maltezou"
    assert article.related_links == (RelatedLink(title="EU summit postpones decision on Turkey sanctions"),)


def test_extract_text_hints_take_precedence(settings: Settings) -> None:
    content = (DATA / "blog_style.txt").read_bytes()
    article = extract_article(
        _text_doc(content, url="https://www.ledger-blog.net/grain", title="Hint"), settings
    )
    assert (article.title, article.source, article.url) == (
        "Hint",
        "ledger-blog.net",
        "https://www.ledger-blog.net/grain",
    )


def test_extract_text_skips_pages_without_text(settings: Settings) -> None:
    with pytest.raises(SkipDocument):
        extract_article(_text_doc(b"Menu\nSearch\nHome | World | Business\n"), settings)


def test_extract_text_survives_invalid_utf8(settings: Settings) -> None:
    content = (
        (DATA / "guardian_style.txt")
        .read_bytes()
        .replace(b"India and China have", b"India \xff\xfe and China have")
    )
    article = extract_article(_text_doc(content), settings)
    assert article.title == "India and China pull back troops from Himalayan lake after border talks"


@hsettings(max_examples=40, deadline=None)
@given(st.binary(max_size=600))
def test_extract_text_bad_content_raises_only_document_errors(content: bytes) -> None:
    try:
        article = extract_article(_text_doc(content), Settings())
    except DocumentError:
        return
    assert len(article.text) >= Settings().min_text_chars
