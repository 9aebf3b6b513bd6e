"""Extraction stage: one :class:`RawDocument` in, one :class:`Article` out (or a skip reason).

HTML pages go through trafilatura, with this fallback cascade (the winner is recorded in
``Article.method``):

1. ``trafilatura`` — main-text extraction with the options in :data:`_TRAFILATURA_OPTIONS` (chosen by
   measurement on the Zyte benchmark, see ``benchmarks/extraction.py``);
2. ``trafilatura-balanced`` — when step 1 looks like a fragment (under 1,000 characters of prose in
   fewer than three prose paragraphs), the same without ``favor_precision``; it wins when it finds at
   least twice as much prose (precision mode sometimes keeps only a fragment of an article). A first
   step with three paragraphs of prose is an article, however short, and nothing else runs;
3. ``trafilatura-recall`` — the same with ``favor_recall=True``, for pages where nothing was found yet;
4. ``html-text`` — a plain-text reduction of the whole page that keeps only prose-like lines.

A step counts only when its paragraphs of at least eight words (prose, not menus or link lists) add
up to ``settings.min_text_chars`` characters; a page where no step does is skipped as
"not an article (no main text found)".

The page is parsed once: every step, and the metadata (:mod:`eventwire.extract._metadata`: title,
author, site name; the date stated by the page, else htmldate's search), read the same tree.

Already-scraped text pages (``DocType.TEXT``) go through eventwire's own cleaner
(:mod:`eventwire.extract._textclean`, ``method="text-cleaner"``).

Container hints on the document (title, published, source, url) always win over guessed metadata.
Every article gets a language (:func:`eventwire.extract.detect_language`); non-English articles are
kept and marked, never dropped here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from eventwire.errors import DocumentError, SkipDocument
from eventwire.extract._language import detect_language
from eventwire.extract._textclean import clean_scraped_text
from eventwire.records import Article, DocType, RawDocument, RelatedLink
from eventwire.settings import Settings

__all__ = ["extract_article"]

# Chosen by measurement on the 181 Zyte benchmark pages, trafilatura.extract alone, token F1 / 4-gram F1:
# defaults .957/.953; comments off .965/.960; + tables off .962/.957; + favor_recall .964/.959;
# + favor_precision .969/.964 (the best; tables stay on: gold bodies include table text). ``fast`` skips
# trafilatura's own comparison with readability/jusText: the whole cascade scores token F1 .974 with it
# against .975 without (benchmarks/extraction.py, 181 pages) and spends ~20 % less CPU per HTML page.
_TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,
    "fast": True,
}
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"  # htmldate's output (eventwire.extract._metadata)
_PROSE_MIN_WORDS = 8
_SHORT_BODY_CHARS = 1000
# On the 181 Zyte pages the balanced step won only over first steps of one prose paragraph or none
# (6 of 23 comparisons), never over two or more: three is a margin, not a fit.
_ARTICLE_PARAGRAPHS = 3
_WS = re.compile(r"[ \t\u00a0]+")
# C0 control characters other than tab and newline (NUL from broken scrapes, form feeds, escapes).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class _Found:
    """What one extraction method found, before hints and limits are applied."""

    body: str
    method: str
    title: str | None = None
    published: datetime | None = None
    author: str | None = None
    site_name: str | None = None
    source: str | None = None
    url: str | None = None
    related: tuple[RelatedLink, ...] = ()


def extract_article(doc: RawDocument, settings: Settings) -> Article:
    """Extract the article of one document.

    Raises :class:`~eventwire.errors.SkipDocument` when there is no article (empty page, no main text,
    body shorter than ``settings.min_text_chars``) and :class:`~eventwire.errors.DocumentError` when
    a library fails on the content; never any other exception for bad content.
    """
    if not doc.content.strip():
        raise SkipDocument("empty document")
    found = _from_text(doc) if doc.declared_type is DocType.TEXT else _from_html(doc, settings)
    body = _CONTROL.sub("", found.body).strip()[: settings.max_text_chars]
    if not body:
        raise SkipDocument("empty body (no text left after extraction)")
    if len(body) < settings.min_text_chars:
        raise SkipDocument(f"body too short ({len(body)} < {settings.min_text_chars} characters)")
    title = _CONTROL.sub("", doc.title or found.title or "").strip() or None
    language, _ = detect_language(body)
    url = doc.url or found.url
    return Article(
        doc_id=doc.id,
        origin=doc.origin,
        text=body,
        method=found.method,
        url=url,
        source=doc.source or source_domain(url) or found.source,
        title=title,
        published=_plausible(_aware(doc.published)) or _plausible(found.published),
        language=language,
        author=found.author,
        site_name=found.site_name,
        related_links=found.related,
    )


def source_domain(url: str | None) -> str | None:
    """The registrable domain of ``url`` without ``www.`` (``https://www.rt.com/x`` → ``rt.com``)."""
    if not url:
        return None
    from urllib.parse import urlsplit

    from courlan import extract_domain

    try:
        domain = extract_domain(url)
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if domain:
        return str(domain).lower()
    if host:
        return host.lower().removeprefix("www.")
    return None


EARLIEST_PUBLISHED = datetime(1900, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=2)  # time zones and clocks: "tomorrow" somewhere is today here


def _plausible(value: datetime | None) -> datetime | None:
    """A publication time a news page can have, else None (pages and parsers emit 0001-01-01 for "no
    date", and dates in the future are typos or event schedules, not publication times)."""
    if value is None or value < EARLIEST_PUBLISHED or value > datetime.now(UTC) + FUTURE_SLACK:
        return None
    return value


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _from_text(doc: RawDocument) -> _Found:
    from eventwire.extract._textclean import decode_scraped

    cleaned = clean_scraped_text(decode_scraped(doc.content))
    return _Found(
        body=cleaned.body,
        method="text-cleaner",
        title=cleaned.title,
        published=cleaned.published,
        author=cleaned.author,
        source=cleaned.source,
        related=cleaned.related_links,
    )


def _decoded_html(doc: RawDocument) -> str | bytes:
    """The page as text when the ingest decoder is available; otherwise raw bytes for trafilatura."""
    try:
        from eventwire.ingest import decode_html
    except ImportError:
        return doc.content
    text, _encoding = decode_html(doc.content, doc.encoding)
    return text


def _from_html(doc: RawDocument, settings: Settings) -> _Found:
    from eventwire.extract._metadata import stated_time

    html = _decoded_html(doc)
    tree = _parse(html)  # parsed once: every step of the cascade and the metadata read this tree
    if tree is None:
        raise SkipDocument("not an article (no main text found)")
    stated = stated_time(tree, html, _parse_date)
    meta = _metadata(tree, doc.url, with_date=stated is None)
    body, method = _cascade(tree, doc.url or meta.url, settings.min_text_chars)
    title = _clean_line(meta.title)
    if title and body.split("\n\n", 1)[0].strip() == title:
        # trafilatura often repeats the headline as the first line of the body.
        body = body.split("\n\n", 1)[1] if "\n\n" in body else ""
    hostname = _clean_line(meta.hostname)
    return _Found(
        body=body,
        method=method,
        title=title,
        published=stated or _parse_date(meta.date),
        author=_clean_line(meta.author),
        site_name=_clean_line(meta.sitename),
        source=source_domain(f"//{hostname}") if hostname else None,
        url=_clean_line(meta.url),
    )


def _metadata(tree: Any, url: str | None, with_date: bool) -> Any:
    """The page's metadata (:func:`eventwire.extract._metadata.page_metadata`); library failures become
    DocumentError, and a page trafilatura rejects has none."""
    from eventwire.extract._metadata import empty_metadata, page_metadata

    try:
        return page_metadata(tree, url, with_date)
    except (TypeError, ValueError):
        return empty_metadata()
    except (RecursionError, MemoryError) as exc:
        raise DocumentError(f"trafilatura failed on this page: {type(exc).__name__}") from exc
    except Exception as exc:  # lxml raises many types on hostile markup
        raise DocumentError(f"trafilatura failed on this page: {type(exc).__name__}: {exc}") from exc


def _parse(html: str | bytes) -> Any:
    """The page as an lxml tree (trafilatura's loader: repairs, encoding, sanity checks), or None."""
    from trafilatura.utils import load_html

    try:
        return load_html(html)
    except (RecursionError, MemoryError) as exc:
        raise DocumentError(f"trafilatura failed on this page: {type(exc).__name__}") from exc
    except Exception as exc:  # lxml raises many types on hostile markup
        raise DocumentError(f"trafilatura failed on this page: {type(exc).__name__}: {exc}") from exc


def _cascade(tree: Any, url: str | None, enough: int) -> tuple[str, str]:
    """(body, method) of the first step that finds prose; every step reads a copy of ``tree``.

    The first step is trusted when it finds ``_SHORT_BODY_CHARS`` of prose or ``_ARTICLE_PARAGRAPHS``
    prose paragraphs: no other step runs.
    """
    body = _trafilatura(tree, url, **_TRAFILATURA_OPTIONS)
    method, prose = "trafilatura", _prose_chars(body)
    if prose < _SHORT_BODY_CHARS and _prose_paragraphs(body) < _ARTICLE_PARAGRAPHS:
        # favor_precision sometimes keeps only a fragment of a real article: compare with the balanced mode.
        other = _trafilatura(tree, url, **{**_TRAFILATURA_OPTIONS, "favor_precision": False})
        if (other_prose := _prose_chars(other)) >= 2 * max(prose, enough // 2):
            body, method, prose = other, "trafilatura-balanced", other_prose
    if prose < enough:
        options = {**_TRAFILATURA_OPTIONS, "favor_precision": False, "favor_recall": True}
        body, method = _trafilatura(tree, url, **options), "trafilatura-recall"
        prose = _prose_chars(body)
    if prose < enough:
        body, method = _prose_lines(tree), "html-text"
        prose = _prose_chars(body)
    if prose < enough:
        raise SkipDocument("not an article (no main text found)")
    return body, method


def _trafilatura(tree: Any, url: str | None, **options: Any) -> str:
    """The body trafilatura's ``bare_extraction`` finds (it works on a copy of the tree), as paragraphs;
    library failures become DocumentError."""
    import trafilatura

    from eventwire.extract._metadata import extraction_options

    try:
        found = trafilatura.bare_extraction(tree, options=extraction_options(url, **options))
    except (RecursionError, MemoryError) as exc:
        raise DocumentError(f"trafilatura failed on this page: {type(exc).__name__}") from exc
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        raise DocumentError(f"trafilatura failed on this page: {type(exc).__name__}: {exc}") from exc
    return _paragraphs(getattr(found, "text", None))


def _paragraphs(text: str | None) -> str:
    """trafilatura's one-line-per-paragraph output as paragraphs separated by blank lines."""
    if not text:
        return ""
    lines = (_WS.sub(" ", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _words(text: str) -> int:
    """Whitespace words, with every two CJK characters counted as one (those scripts use no spaces)."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


def _prose_paragraphs(body: str) -> int:
    return sum(1 for p in body.split("\n\n") if _words(p) >= _PROSE_MIN_WORDS)


def _prose_chars(body: str) -> int:
    """Characters in paragraphs that read like prose (menus and link lists do not count)."""
    return sum(len(p) for p in body.split("\n\n") if _words(p) >= _PROSE_MIN_WORDS)


def _prose_lines(tree: Any) -> str:
    """Last resort: the page's whole text, keeping only lines that read like prose."""
    import trafilatura

    if tree.find(".//body") is None:
        return ""  # a page without <body> (a feed, a fragment) has no running text
    try:
        text = trafilatura.html2txt(tree, clean=True)  # works on a copy
    except Exception as exc:  # same reason as in _trafilatura
        raise DocumentError(f"plain-text reduction failed: {type(exc).__name__}: {exc}") from exc
    lines = (_WS.sub(" ", line).strip() for line in (text or "").splitlines())
    return "\n\n".join(line for line in lines if _words(line) >= _PROSE_MIN_WORDS)


def _clean_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = _WS.sub(" ", value).strip()
    return text or None


def _parse_date(value: Any) -> datetime | None:
    """htmldate's output (``%Y-%m-%dT%H:%M:%S%z`` or a bare date) as an aware datetime (UTC if none)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            parsed = datetime.strptime(value.strip(), _DATE_FORMAT)
        except ValueError:
            return None
    return _aware(parsed)
