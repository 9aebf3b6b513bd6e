"""extract_article on HTML pages: metadata, hints, fallbacks, skips, limits."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from eventwire.errors import DocumentError, SkipDocument
from eventwire.extract import extract_article, source_domain
from eventwire.records import DocType, RawDocument, content_id
from eventwire.settings import Settings

DATA = Path(__file__).resolve().parent / "data" / "extract"


def _doc(name_or_bytes: str | bytes, **hints: object) -> RawDocument:
    content = (DATA / name_or_bytes).read_bytes() if isinstance(name_or_bytes, str) else name_or_bytes
    return RawDocument(content_id(content), "test", content, DocType.HTML, **hints)  # type: ignore[arg-type]


def test_extract_html_reads_body_and_metadata(settings: Settings) -> None:
    article = extract_article(_doc("news_page.html"), settings)
    assert article.method == "trafilatura"
    assert article.title == "UN Security Council extends Libya mission for another year"
    assert article.published == datetime(2021, 9, 15, 18, 20, tzinfo=timezone(timedelta(hours=2)))
    assert article.author == "Samir Haddad"
    assert article.site_name == "World Desk Daily"
    assert article.source == "worlddeskdaily.co.uk"
    assert article.language == "en"
    assert article.text.startswith("The United Nations Security Council voted unanimously")
    assert article.text.endswith("respected by all parties.")
    assert "cookies" not in article.text and "All rights reserved" not in article.text


def test_extract_html_separates_paragraphs(settings: Settings) -> None:
    paragraphs = extract_article(_doc("news_page.html"), settings).text.split("\n\n")
    assert len(paragraphs) == 4


def test_extract_html_container_hints_take_precedence(settings: Settings) -> None:
    published = datetime(2021, 9, 16, 8, 0, tzinfo=UTC)
    doc = _doc(
        "news_page.html",
        url="https://edition.example.com/libya",
        title="Hint title",
        published=published,
        source="hint.org",
    )
    article = extract_article(doc, settings)
    assert (article.url, article.title, article.published, article.source) == (
        "https://edition.example.com/libya",
        "Hint title",
        published,
        "hint.org",
    )


def test_extract_html_source_comes_from_hint_url(settings: Settings) -> None:
    article = extract_article(_doc("news_page.html", url="https://www.rt.com/news/123-libya/"), settings)
    assert article.source == "rt.com"


def test_extract_html_naive_hint_date_becomes_utc(settings: Settings) -> None:
    article = extract_article(_doc("news_page.html", published=datetime(2021, 9, 16)), settings)
    assert article.published == datetime(2021, 9, 16, tzinfo=UTC)


def test_extract_html_date_only_is_midnight_utc(settings: Settings) -> None:
    article = extract_article(_doc("spanish_page.html"), settings)
    assert article.published == datetime(2022, 9, 26, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.rt.com/news/x", "rt.com"),
        ("https://news.bbc.co.uk/2/hi/europe/1.stm", "bbc.co.uk"),
        ("https://edition.cnn.com/2021/world", "cnn.com"),
        ("http://127.0.0.1:8000/page", "127.0.0.1"),
        (None, None),
        ("", None),
    ],
)
def test_extract_source_domain_is_registrable_domain(url: str | None, domain: str | None) -> None:
    assert source_domain(url) == domain


def test_extract_html_marks_non_english(settings: Settings) -> None:
    article = extract_article(_doc("spanish_page.html"), settings)
    assert article.language == "es"
    assert article.text.startswith("Los gobiernos de Colombia y Venezuela")


def test_extract_html_skips_pages_without_main_text(settings: Settings) -> None:
    with pytest.raises(SkipDocument, match="not an article"):
        extract_article(_doc("nav_only.html"), settings)


def test_extract_html_short_article_is_kept(settings: Settings) -> None:
    article = extract_article(_doc("short_article.html"), settings)
    assert article.text == (
        "Armenian and Azerbaijani officials said the ceasefire agreed on Tuesday was holding across "
        "the whole front line."
    )


def test_extract_html_skips_body_shorter_than_minimum(settings: Settings) -> None:
    with pytest.raises(SkipDocument, match="too short|not an article"):
        extract_article(_doc("short_article.html"), settings.replace(min_text_chars=500))


def test_extract_html_caps_body_length(settings: Settings) -> None:
    article = extract_article(_doc("news_page.html"), settings.replace(max_text_chars=120))
    assert len(article.text) == 120
    assert article.text.startswith("The United Nations Security Council")


@pytest.mark.parametrize("content", [b"", b"   \n\t ", b"<html></html>", b"\x00\x01\x02\xff" * 50])
def test_extract_html_empty_or_binary_is_skipped(content: bytes, settings: Settings) -> None:
    with pytest.raises(SkipDocument):
        extract_article(_doc(content), settings)


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: f"<html><body><p>{t}</p>".encode()))
def test_extract_html_bad_content_raises_only_document_errors(content: bytes) -> None:
    try:
        article = extract_article(_doc(content), Settings())
    except DocumentError:
        return
    assert article.text.strip()


@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00+00:00", "2999-05-01T10:00:00+00:00"])
def test_extract_html_implausible_publication_date_is_dropped(settings: Settings, stamp: str) -> None:
    page = (DATA / "news_page.html").read_bytes()
    found = re.search(rb'content="(\d{4}-\d{2}-\d{2}T[^"]+)"', page)
    assert found is not None, "the fixture page states its publication time"
    article = extract_article(_doc(page.replace(found.group(1), stamp.encode())), settings)
    assert article.published is None or article.published.year not in (1, 2999)
    hinted = extract_article(_doc("news_page.html", published=datetime(1, 1, 1, tzinfo=UTC)), settings)
    assert hinted.published == datetime(2021, 9, 15, 18, 20, tzinfo=timezone(timedelta(hours=2)))


_BYLINES = [
    '<a rel="author" href="/p">Jane Reporter</a>',
    '<div class="article-author-name">Jane Reporter</div>',
    '<span class="byline">By Jane Reporter</span>',
    '<p id="post-author-box">Jane Reporter and John Writer</p>',
    '<div data-component="ArticleByline">Jane Reporter</div>',
    '<div class="comments"><span class="author">Troll Person</span></div><p class="writer">Jane Reporter</p>',
    '<div class="sidebar-author">Sidebar Name</div><figure><span class="author">Photo Person</span></figure>',
    '<div id="comments-list"><span class="author">Troll Person</span></div>',
    '<span class="AuthorName">JANE REPORTER</span><span class="author">Second Name</span>',
    "<p>No byline at all on this page.</p>",
]


@pytest.mark.parametrize("byline", _BYLINES)
def test_extract_html_author_is_trafilaturas(byline: str) -> None:
    """The author XPaths, rewritten without re:test, find what trafilatura's own extract_author finds."""
    from trafilatura.metadata import extract_author as trafilatura_author
    from trafilatura.utils import load_html

    from eventwire.extract._metadata import extract_author

    page = f"<html><head><title>t</title></head><body><article><h1>Title</h1>{byline}<p>{'Text. ' * 40}</p></article></body></html>"
    tree = load_html(page)
    assert extract_author(tree) == trafilatura_author(tree)


def test_extract_html_author_matches_trafilatura_on_fixture_pages() -> None:
    from trafilatura.metadata import extract_author as trafilatura_author
    from trafilatura.utils import load_html

    from eventwire.extract._metadata import extract_author

    samples = Path(__file__).resolve().parents[1] / "samples"
    pages = [*DATA.glob("*.html"), *samples.glob("*.html")]
    assert pages
    for path in pages:
        tree = load_html(path.read_bytes())
        assert extract_author(tree) == trafilatura_author(tree), path.name


_STATED = "<html><head>{head}</head><body><article><p>{body}</p></article></body></html>"
_BODY = (
    "The foreign ministers met in Geneva on Monday to discuss the ceasefire and the prisoner exchange. " * 6
)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<meta property="article:published_time" content="2023-03-08T10:15:00+01:00">',
            "2023-03-08T10:15:00+01:00",
        ),
        (
            '<meta content="2023-03-08T10:15:00Z" name="pubdate">',
            "2023-03-08T10:15:00+00:00",
        ),  # content first
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-03-08T07:00:00-05:00"}'
            '</script><meta property="article:published_time" content="2023-03-08T13:00:00+01:00">',
            "2023-03-08T07:00:00-05:00",  # the first the page states
        ),
    ],
)
def test_extract_html_stated_publication_time_wins(settings: Settings, head: str, expected: str) -> None:
    page = _STATED.format(head=head, body=_BODY).encode()
    article = extract_article(_doc(page), settings)
    assert article.published == datetime.fromisoformat(expected)


def test_extract_html_parses_each_page_once(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every step of the cascade and the metadata read one parsed tree: a page that falls through to the
    last step is still parsed once."""
    import trafilatura.utils

    parses: list[object] = []
    real = trafilatura.utils.load_html

    def counting(html: object, *args: object, **kwargs: object) -> object:
        if isinstance(html, str | bytes):
            parses.append(html)
        return real(html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(trafilatura.utils, "load_html", counting)
    for module in ("trafilatura.core", "trafilatura.metadata", "trafilatura.baseline", "htmldate.core"):
        target = __import__(module, fromlist=["load_html"])
        if hasattr(target, "load_html"):
            monkeypatch.setattr(target, "load_html", counting)
    extract_article(_doc("short_article.html"), settings)
    assert len(parses) == 1
    parses.clear()
    extract_article(_doc("news_page.html"), settings)
    assert len(parses) == 1


@pytest.mark.shared
def test_extract_html_author_matches_trafilatura_on_zyte_pages(shared_dir: Path) -> None:
    """The author tests, rewritten from trafilatura's XPath expressions, on 181 real news pages."""
    import gzip

    from trafilatura.metadata import extract_author as trafilatura_author
    from trafilatura.utils import load_html

    from eventwire.extract._metadata import extract_author

    pages = sorted((shared_dir / "eval" / "corpora" / "article_extraction_benchmark").rglob("*.html.gz"))
    if not pages:
        pytest.skip("the Zyte article-extraction benchmark is not in ../shared/eval/corpora")
    found = 0
    for path in pages:
        tree = load_html(gzip.decompress(path.read_bytes()))
        if tree is None:
            continue
        ours = extract_author(tree)
        assert ours == trafilatura_author(tree), path.name
        found += ours is not None
    assert found > 50
