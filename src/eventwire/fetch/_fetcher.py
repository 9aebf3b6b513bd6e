"""The polite fetcher: URLs in, :class:`RawDocument` s (or ledger rows) out, lazily.

Politeness: our User-Agent (``fetch_user_agent``), a timeout per request (``fetch_timeout_s``),
robots.txt fetched once per host with the same client and obeyed (also for each redirect hop),
at least ``fetch_delay_s`` between two requests to one host (longer if robots.txt asks with
Crawl-delay, capped at 30 s), bodies streamed and abandoned past ``fetch_max_bytes``.

Every URL ends as one document or one row (stage ``fetch``): only http/https (else skipped),
disallowed by robots.txt (skipped), non-2xx (failed, with the code), not HTML (skipped), too
large (failed), network errors and timeouts (failed).

:class:`Fetcher` keeps the client and the politeness state between calls (``eventwire watch`` asks
the same hosts every few minutes) and makes conditional requests: given the ``ETag`` and
``Last-Modified`` of the previous answer (:class:`Validators`) it sends ``If-None-Match`` /
``If-Modified-Since``, and a ``304 Not Modified`` comes back as a :class:`Fetched` without a body.
:func:`describe_failure` says whether an error is worth retrying (timeouts, connection errors, 5xx,
429) or not (4xx, robots.txt, wrong type, too large).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType

import httpx

from eventwire.errors import FetchError, SkipDocument
from eventwire.fetch._robots import Politeness
from eventwire.ingest import normalise_charset
from eventwire.records import DocType, DocumentStatus, RawDocument, content_id
from eventwire.settings import Settings

__all__ = [
    "ACCEPT",
    "FEED_ACCEPT",
    "Fetched",
    "Fetcher",
    "HttpStatusError",
    "Validators",
    "describe_failure",
    "fetch_urls",
    "html_document",
]

STAGE = "fetch"
MAX_REDIRECTS = 5
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,application/xml;q=0.8,"
    "text/xml;q=0.8,text/html;q=0.5,*/*;q=0.1"
)
NOT_MODIFIED = 304
_TRANSIENT_STATUS = frozenset({408, 425, 429})


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said identifies its answer (``ETag``, ``Last-Modified``), sent back next time."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(frozen=True, slots=True)
class Fetched:
    """One answer: 2xx with its body, or 304 (``not_modified``, empty body)."""

    origin: str  # the URL asked for
    url: str  # the URL answered, after redirects
    status: int
    content_type: str  # lower case, without parameters ("" when the server sent none)
    body: bytes
    encoding: str | None
    validators: Validators
    fetched_at: datetime

    @property
    def not_modified(self) -> bool:
        return self.status == NOT_MODIFIED


class HttpStatusError(FetchError):
    """A non-2xx answer; ``retry_after_s`` from a ``Retry-After`` header when the server sent one."""

    def __init__(self, status: int, retry_after_s: float | None = None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after_s = retry_after_s

    @property
    def transient(self) -> bool:
        return self.status >= 500 or self.status in _TRANSIENT_STATUS


class TooLarge(FetchError):
    """The body is over ``fetch_max_bytes`` (asking again will not help)."""


def describe_failure(exc: BaseException, settings: Settings) -> tuple[str, bool]:
    """The reason of a failed request and whether trying again later may succeed."""
    if isinstance(exc, SkipDocument | TooLarge):
        return str(exc), False
    if isinstance(exc, HttpStatusError):
        return str(exc), exc.transient
    if isinstance(exc, FetchError):  # robots.txt unreachable, too many redirects, a bad URL
        text = str(exc)
        return text, text.startswith("robots.txt unreachable")
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {settings.fetch_timeout_s:g} s ({type(exc).__name__})", True
    if isinstance(exc, httpx.InvalidURL):
        return f"{type(exc).__name__}: {exc}", False
    return f"{type(exc).__name__}: {exc}", True


def fetch_urls(
    urls: Iterable[str], settings: Settings, client: httpx.Client | None = None
) -> Iterator[RawDocument | DocumentStatus]:
    """Fetch each URL politely; yield one RawDocument or one DocumentStatus per URL, in order."""
    with Fetcher(settings, client) as fetcher:
        for raw_url in urls:
            url = raw_url.strip()
            if url:
                found = fetcher.page(url)
                if isinstance(found, Fetched):  # a 304 nobody asked for
                    found = DocumentStatus.failed(content_id(url.encode()), url, "HTTP 304", STAGE)
                yield found


class Fetcher:
    """A polite HTTP client kept between calls: robots.txt rules and request spacing per host.

    ``get`` and ``page`` may be called from several threads at once as long as each host is asked
    from one thread at a time (the per-host state is only touched for the host being asked).
    """

    def __init__(self, settings: Settings, client: httpx.Client | None = None) -> None:
        self.settings = settings
        self._owned = client is None
        self.client = client or httpx.Client(
            headers={"User-Agent": settings.fetch_user_agent}, timeout=settings.fetch_timeout_s
        )
        self.polite = Politeness(
            self.client, settings.fetch_user_agent, settings.fetch_delay_s, settings.fetch_timeout_s
        )

    def new_round(self) -> None:
        """Before a new round of requests: re-ask robots.txt that failed or is a day old."""
        self.polite.new_round()

    def get(
        self,
        url: str,
        validators: Validators | None = None,
        accept: str = ACCEPT,
        only_types: frozenset[str] | None = None,
    ) -> Fetched:
        """One polite GET of ``url`` (redirects followed, robots.txt obeyed on each hop).

        ``only_types``: content types worth reading; another declared type is a :class:`SkipDocument`
        before the body is downloaded. Raises :class:`SkipDocument` (not http/https, disallowed by
        robots.txt, another type), :class:`FetchError`
        (:class:`HttpStatusError` for a non-2xx answer other than 304, :class:`TooLarge`), or an
        ``httpx`` error (network, timeout).
        """
        settings = self.settings
        target = _checked_url(url)
        extra = validators.headers() if validators is not None else {}
        for _ in range(MAX_REDIRECTS + 1):
            if not self.polite.allowed(target):
                raise SkipDocument("disallowed by robots.txt")
            self.polite.wait(target)
            headers = {"User-Agent": settings.fetch_user_agent, "Accept": accept, **extra}
            with self.client.stream(
                "GET", target, headers=headers, timeout=settings.fetch_timeout_s, follow_redirects=False
            ) as response:
                if response.is_redirect and "location" in response.headers:
                    target = _checked_url(str(target.join(response.headers["location"])))
                    continue
                return _answer(url, response, settings, only_types)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def page(self, url: str, validators: Validators | None = None) -> RawDocument | DocumentStatus | Fetched:
        """An HTML page as a document, a ledger row saying why not, or a 304 :class:`Fetched`."""
        row_id = content_id(url.encode())
        try:
            found = self.get(url, validators, ACCEPT, HTML_TYPES)
            return found if found.not_modified else html_document(found)
        except SkipDocument as exc:
            return DocumentStatus.skipped(row_id, url, str(exc), STAGE)
        except (FetchError, httpx.HTTPError, httpx.InvalidURL) as exc:
            reason, _ = describe_failure(exc, self.settings)
            return DocumentStatus.failed(row_id, url, reason, STAGE)

    def close(self) -> None:
        if self._owned:
            self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _checked_url(text: str) -> httpx.URL:
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise FetchError(f"not a valid URL: {exc}") from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise SkipDocument(f"only http and https URLs are fetched (got {text[:80]!r})")
    return url


def _retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number or an HTTP date), if it can be read."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _answer(
    origin: str, response: httpx.Response, settings: Settings, only_types: frozenset[str] | None
) -> Fetched:
    validators = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if response.status_code == NOT_MODIFIED:
        body = b""
    elif not response.is_success:
        raise HttpStatusError(response.status_code, _retry_after(response.headers.get("retry-after")))
    elif only_types is not None and content_type and content_type not in only_types:
        raise SkipDocument(
            f"not HTML ({content_type})" if only_types == HTML_TYPES else f"type {content_type}"
        )
    else:
        body = _read_body(response, settings.fetch_max_bytes)
    return Fetched(
        origin=origin,
        url=str(response.url),
        status=response.status_code,
        content_type=content_type,
        body=body,
        encoding=normalise_charset(response.charset_encoding),
        validators=validators,
        fetched_at=datetime.now(UTC),
    )


def html_document(found: Fetched) -> RawDocument:
    """The document of a fetched HTML page; SkipDocument when it is not HTML or empty."""
    if found.content_type and found.content_type not in HTML_TYPES:
        raise SkipDocument(f"not HTML ({found.content_type})")
    if not found.body.strip():
        raise SkipDocument("empty response")
    return RawDocument(
        id=content_id(found.url.encode() + b"\n" + found.body),
        origin=found.origin,
        content=found.body,
        declared_type=DocType.HTML,
        url=found.url,
        fetched_at=found.fetched_at,
        encoding=found.encoding,
    )


def _read_body(response: httpx.Response, limit: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"response larger than {limit} bytes (Content-Length {declared})")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"response larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
