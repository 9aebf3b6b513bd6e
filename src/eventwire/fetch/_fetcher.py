"""The polite fetcher: URLs in, :class:`RawDocument` s (or ledger rows) out, lazily.

Politeness: our User-Agent (``fetch_user_agent``), a timeout per request (``fetch_timeout_s``),
robots.txt fetched once per host with the same client and obeyed (also for each redirect hop),
at least ``fetch_delay_s`` between two requests to one host (longer if robots.txt asks with
Crawl-delay, capped at 30 s), bodies streamed and abandoned past ``fetch_max_bytes``.

Every URL ends as one document or one row (stage ``fetch``): only http/https (else skipped),
disallowed by robots.txt (skipped), non-2xx (failed, with the code), not HTML (skipped), too
large (failed), network errors and timeouts (failed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

import httpx

from eventwire.errors import FetchError, SkipDocument
from eventwire.fetch._robots import Politeness
from eventwire.ingest import normalise_charset
from eventwire.records import DocType, DocumentStatus, RawDocument, content_id
from eventwire.settings import Settings

__all__ = ["fetch_urls"]

STAGE = "fetch"
MAX_REDIRECTS = 5
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"


def fetch_urls(
    urls: Iterable[str], settings: Settings, client: httpx.Client | None = None
) -> Iterator[RawDocument | DocumentStatus]:
    """Fetch each URL politely; yield one RawDocument or one DocumentStatus per URL, in order."""
    owned = client is None
    http = client or httpx.Client(
        headers={"User-Agent": settings.fetch_user_agent}, timeout=settings.fetch_timeout_s
    )
    polite = Politeness(http, settings.fetch_user_agent, settings.fetch_delay_s, settings.fetch_timeout_s)
    try:
        for raw_url in urls:
            url = raw_url.strip()
            if url:
                yield _fetch_one(url, polite, settings)
    finally:
        if owned:
            http.close()


def _fetch_one(url: str, polite: Politeness, settings: Settings) -> RawDocument | DocumentStatus:
    row_id = content_id(url.encode())
    try:
        return _get(url, polite, settings)
    except SkipDocument as exc:
        return DocumentStatus.skipped(row_id, url, str(exc), STAGE)
    except FetchError as exc:
        return DocumentStatus.failed(row_id, url, str(exc), STAGE)
    except httpx.TimeoutException as exc:
        reason = f"timed out after {settings.fetch_timeout_s:g} s ({type(exc).__name__})"
        return DocumentStatus.failed(row_id, url, reason, STAGE)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return DocumentStatus.failed(row_id, url, f"{type(exc).__name__}: {exc}", STAGE)


def _checked_url(text: str) -> httpx.URL:
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise FetchError(f"not a valid URL: {exc}") from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise SkipDocument(f"only http and https URLs are fetched (got {text[:80]!r})")
    return url


def _get(text: str, polite: Politeness, settings: Settings) -> RawDocument:
    url = _checked_url(text)
    for _ in range(MAX_REDIRECTS + 1):
        if not polite.allowed(url):
            raise SkipDocument("disallowed by robots.txt")
        polite.wait(url)
        headers = {"User-Agent": settings.fetch_user_agent, "Accept": ACCEPT}
        with polite.client.stream(
            "GET", url, headers=headers, timeout=settings.fetch_timeout_s, follow_redirects=False
        ) as response:
            if response.is_redirect and "location" in response.headers:
                url = _checked_url(str(url.join(response.headers["location"])))
                continue
            return _document(text, response, settings)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _document(origin: str, response: httpx.Response, settings: Settings) -> RawDocument:
    if not response.is_success:
        raise FetchError(f"HTTP {response.status_code}")
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type and content_type not in HTML_TYPES:
        raise SkipDocument(f"not HTML ({content_type})")
    body = _read_body(response, settings.fetch_max_bytes)
    if not body.strip():
        raise SkipDocument("empty response")
    final_url = str(response.url)
    return RawDocument(
        id=content_id(final_url.encode() + b"\n" + body),
        origin=origin,
        content=body,
        declared_type=DocType.HTML,
        url=final_url,
        fetched_at=datetime.now(UTC),
        encoding=normalise_charset(response.charset_encoding),
    )


def _read_body(response: httpx.Response, limit: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"response larger than {limit} bytes (Content-Length {declared})")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(f"response larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
