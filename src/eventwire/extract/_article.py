"""Extraction stage: one :class:`RawDocument` in, one :class:`Article` out (or a skip reason).

HTML pages go through trafilatura, with this fallback cascade (the winner is recorded in
``Article.method``):

1. ``trafilatura`` — main-text extraction with the options in :data:`_TRAFILATURA_OPTIONS` (chosen by
   measurement on the Zyte benchmark, see ``benchmarks/extraction.py``) plus page metadata
   (title, author, site name; the date through htmldate, with the time of day when the page gives it);
2. ``trafilatura-balanced`` — when step 1 gives a short body (under 1,000 characters of prose), the same
   without ``favor_precision``; it wins when it finds at least twice as much prose (precision mode
   sometimes keeps only a fragment of an article);
3. ``trafilatura-recall`` — the same with ``favor_recall=True``, for pages where nothing was found yet;
4. ``html-text`` — a plain-text reduction of the whole page that keeps only prose-like lines.

A step counts only when its paragraphs of at least eight words (prose, not menus or link lists) add
up to ``settings.min_text_chars`` characters; a page where no step does is skipped as
"not an article (no main text found)".

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
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_PROSE_MIN_WORDS = 8
_SHORT_BODY_CHARS = 1000
_WS = re.compile(r"[ \t\u00a0]+")
# Publication timestamps that pages state exactly (Open Graph / schema.org); htmldate drops their time of
# day in some layouts, so an exact stated timestamp wins over htmldate's guess.
_STATED_TIME = re.compile(
    r"""(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|datePublished|"""
    r"""pubdate|publishdate|DC\.date\.issued)["'][^>]*?content\s*=\s*["']([^"']{16,40})["']"""
    r'|"datePublished"\s*:\s*"([^"]{16,40})"',
    re.IGNORECASE,
)
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
    html = _decoded_html(doc)
    body, method, meta = _cascade(html, doc.url, settings.min_text_chars)
    title = _clean_line(getattr(meta, "title", None))
    if title and body.split("\n\n", 1)[0].strip() == title:
        # trafilatura often repeats the headline as the first line of the body.
        body = body.split("\n\n", 1)[1] if "\n\n" in body else ""
    hostname = _clean_line(getattr(meta, "hostname", None))
    return _Found(
        body=body,
        method=method,
        title=title,
        published=_stated_time(html) or _parse_date(getattr(meta, "date", None)),
        author=_clean_line(getattr(meta, "author", None)),
        site_name=_clean_line(getattr(meta, "sitename", None)),
        source=source_domain(f"//{hostname}") if hostname else None,
        url=_clean_line(getattr(meta, "url", None)),
    )


def _cascade(html: str | bytes, url: str | None, enough: int) -> tuple[str, str, Any]:
    """(body, method, trafilatura document holding the metadata) of the first step that finds prose."""
    first = _trafilatura(html, url, with_metadata=True, **_TRAFILATURA_OPTIONS)
    meta = first
    body = _paragraphs(first.text if first is not None else None)
    method = "trafilatura"
    if _prose_chars(body) < _SHORT_BODY_CHARS:
        # favor_precision sometimes keeps only a fragment of a real article: compare with the balanced mode.
        options = {**_TRAFILATURA_OPTIONS, "favor_precision": False}
        balanced = _trafilatura(html, url, with_metadata=meta is None, **options)
        other = _paragraphs(balanced.text if balanced is not None else None)
        if _prose_chars(other) >= 2 * max(_prose_chars(body), enough // 2):
            body, method, meta = other, "trafilatura-balanced", meta or balanced
    if _prose_chars(body) < enough:
        options = {**_TRAFILATURA_OPTIONS, "favor_precision": False, "favor_recall": True}
        second = _trafilatura(html, url, with_metadata=meta is None, **options)
        body, method = _paragraphs(second.text if second is not None else None), "trafilatura-recall"
        meta = meta or second
    if _prose_chars(body) < enough:
        body, method = _prose_lines(html), "html-text"
    if _prose_chars(body) < enough:
        raise SkipDocument("not an article (no main text found)")
    return body, method, meta


def _trafilatura(html: str | bytes, url: str | None, *, with_metadata: bool, **options: Any) -> Any:
    """trafilatura's ``bare_extraction`` (a Document or None); library failures become DocumentError."""
    import trafilatura
    from trafilatura.settings import set_date_params

    date_params = {**set_date_params(True), "outputformat": _DATE_FORMAT}
    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=with_metadata, date_extraction_params=date_params, **options
        )
    except (RecursionError, MemoryError) as exc:
        raise DocumentError(f"trafilatura failed on this page: {type(exc).__name__}") from exc
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        raise DocumentError(f"trafilatura failed on this page: {type(exc).__name__}: {exc}") from exc


def _paragraphs(text: str | None) -> str:
    """trafilatura's one-line-per-paragraph output as paragraphs separated by blank lines."""
    if not text:
        return ""
    lines = (_WS.sub(" ", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _words(text: str) -> int:
    """Whitespace words, with every two CJK characters counted as one (those scripts use no spaces)."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


def _prose_chars(body: str) -> int:
    """Characters in paragraphs that read like prose (menus and link lists do not count)."""
    return sum(len(p) for p in body.split("\n\n") if _words(p) >= _PROSE_MIN_WORDS)


def _prose_lines(html: str | bytes) -> str:
    """Last resort: the page's whole text, keeping only lines that read like prose."""
    import trafilatura

    try:
        text = trafilatura.html2txt(html, clean=True)
    except Exception as exc:  # same reason as in _trafilatura
        raise DocumentError(f"plain-text reduction failed: {type(exc).__name__}: {exc}") from exc
    lines = (_WS.sub(" ", line).strip() for line in (text or "").splitlines())
    return "\n\n".join(line for line in lines if _words(line) >= _PROSE_MIN_WORDS)


def _clean_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = _WS.sub(" ", value).strip()
    return text or None


def _stated_time(html: str | bytes) -> datetime | None:
    """The first exact publication timestamp (with a time of day) the page states in its metadata."""
    head = html[:200_000] if isinstance(html, str) else html[:200_000].decode("utf-8", "replace")
    for match in _STATED_TIME.finditer(head):
        stamp = _parse_date(match.group(1) or match.group(2))
        if stamp is not None and "T" in (match.group(1) or match.group(2)):
            return stamp
    return None


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
