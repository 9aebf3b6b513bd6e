"""A local news site for the watch tests and benchmarks: feeds and pages on 127.0.0.1 that change on demand.

``FeedSite`` serves ``routes`` (path → :class:`Route`), which a test replaces between cycles: new items,
edited items, removed items, a source that starts failing (a status, an HTML page instead of the feed),
a slow source (``delay_s``). Routes answer conditional GETs like a real server: ``ETag`` is a hash of
the body and ``If-None-Match`` with it gets ``304``. Every request is logged as (path, status).
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PAIRS = (
    ("Russia", "Japan"),
    ("China", "India"),
    ("France", "Germany"),
    ("Egypt", "Sudan"),
    ("Brazil", "Argentina"),
    ("Turkey", "Greece"),
    ("Iran", "Iraq"),
    ("Kenya", "Uganda"),
    ("Canada", "Mexico"),
    ("Poland", "Ukraine"),
    ("Vietnam", "Thailand"),
    ("Nigeria", "Ghana"),
)


@dataclass(frozen=True, slots=True)
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay_s: float = 0.0
    etag: bool = True  # answer conditional GETs
    headers: tuple[tuple[str, str], ...] = ()


def story_text(n: int, day: int = 0, edit: str = "") -> str:
    """Two paragraphs that code into events between the n-th pair of countries, dated 2024-03-(day+1)."""
    a, b = PAIRS[n % len(PAIRS)]
    return (
        f"{a} condemned {b} on Monday over the border dispute, officials said.{edit}\n\n"
        f"The foreign minister of {a} met the ambassador of {b} in the capital on Tuesday to discuss "
        f"trade, and {b} agreed to resume talks with {a} next month."
    )


def article_page(title: str, text: str, published: str) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    return (
        f"<!doctype html><html><head><title>{html.escape(title)}</title>"
        f'<meta property="article:published_time" content="{published}"></head>'
        f"<body><article><h1>{html.escape(title)}</h1>{paragraphs}</article></body></html>"
    ).encode()


@dataclass(frozen=True, slots=True)
class Item:
    guid: str
    title: str
    link: str
    published: str  # RFC 822
    summary: str


def rss(items: Sequence[Item], title: str = "Wire") -> bytes:
    entries = "".join(
        f"<item><guid isPermaLink='false'>{html.escape(i.guid)}</guid><title>{html.escape(i.title)}</title>"
        f"<link>{html.escape(i.link)}</link><pubDate>{i.published}</pubDate>"
        f"<description>{html.escape(i.summary)}</description></item>"
        for i in items
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
        f"<link>http://example.org/</link><description>news</description>{entries}</channel></rss>"
    ).encode()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a client that gave up (the timeout tests) is not news


class FeedSite:
    """The server: ``routes`` may be replaced at any time (a dict assignment is atomic)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {"/robots.txt": Route(b"User-agent: *\nAllow: /\n", "text/plain")}
        self.log: list[tuple[str, int]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                route = site.routes.get(self.path.split("?", 1)[0])
                if route is None:
                    route = Route(b"<html><body>not here</body></html>", status=404)
                if route.delay_s:
                    time.sleep(route.delay_s)
                tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                status = route.status
                if route.etag and status == 200 and self.headers.get("If-None-Match") == tag:
                    status = 304
                site.log.append((self.path, status))
                self.send_response(status)
                if route.etag and route.status == 200:
                    self.send_header("ETag", tag)
                for name, value in route.headers:
                    self.send_header(name, value)
                body = b"" if status == 304 else route.body
                if status != 304:
                    self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                    self.wfile.write(body)

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> FeedSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)

    def requests(self, path: str) -> list[int]:
        """Statuses answered to ``path``, in order."""
        return [status for p, status in self.log if p == path]

    def publish(self, feed_path: str, numbers: Sequence[int], edits: dict[int, str] | None = None) -> None:
        """A feed at ``feed_path`` with one item (and its page) per story number; ``edits`` change a story."""
        edits = edits or {}
        routes = dict(self.routes)
        items = []
        for n in numbers:
            day = n % 27 + 1
            published = f"2024-03-{day:02d}T09:00:00+00:00"
            text = story_text(n, day, edits.get(n, ""))
            path = f"/news/{n}.html"
            title = f"Story {n}: {PAIRS[n % len(PAIRS)][0]} and {PAIRS[n % len(PAIRS)][1]}"
            routes[path] = Route(article_page(title, text, published))
            items.append(
                Item(
                    guid=f"story-{n}",
                    title=title,
                    link=self.base + path,
                    published=f"{['Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed', 'Thu'][day % 7]}, "
                    f"{day:02d} Mar 2024 09:00:00 +0000",
                    summary=text.split("\n\n", 1)[0] + (edits.get(n, "") and " (updated)"),
                )
            )
        routes[feed_path] = Route(rss(items), "application/rss+xml")
        self.routes = routes


@contextmanager
def feed_site() -> Iterator[FeedSite]:
    site = FeedSite().start()
    try:
        yield site
    finally:
        site.stop()
