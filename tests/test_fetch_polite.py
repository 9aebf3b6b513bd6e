"""fetch_urls against a real http.server on 127.0.0.1: robots.txt, status codes, size, redirects, types."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from eventwire.commands.fetch import register
from eventwire.fetch import fetch_urls
from eventwire.ingest import read_inputs
from eventwire.records import DocType, DocumentStatus, RawDocument, Status
from eventwire.settings import Settings

RUSSIAN_PAGE = "<html><body><p>Москва и Анкара договорились о встрече министров.</p></body></html>"
ROBOTS = (
    b"User-agent: *\nDisallow: /private/\n\nUser-agent: eventwire\nDisallow: /private/\nDisallow: /members\n"
)
BIG = 300_000


class _Handler(BaseHTTPRequestHandler):
    log: list[tuple[str, str]]  # (path, user agent), set per server

    def log_message(self, format: str, *args: object) -> None:  # silence stderr
        return

    def _send(self, status: int, content_type: str, body: bytes, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.log.append((self.path, self.headers.get("User-Agent", "")))
        routes = {
            "/robots.txt": (200, "text/plain", ROBOTS),
            "/news/page.html": (200, "text/html; charset=windows-1251", RUSSIAN_PAGE.encode("cp1251")),
            "/members": (200, "text/html", b"<html>members</html>"),
            "/private/secret.html": (200, "text/html", b"<html>secret</html>"),
            "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n0000"),
        }
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/news/page.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/to-private":
            self.send_response(301)
            self.send_header("Location", "/private/secret.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/big-declared":
            self._send(200, "text/html", b"<p>" + b"x" * BIG + b"</p>")
        elif self.path == "/big-streamed":  # no Content-Length: the client must count while streaming
            self.close_connection = True
            self._send(200, "text/html", b"<p>" + b"y" * BIG + b"</p>", length=False)
        elif self.path in routes:
            self._send(*routes[self.path])
        else:
            self._send(404, "text/html", b"<html>not here</html>")


@pytest.fixture()
def server() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    log: list[tuple[str, str]] = []
    handler = type("Handler", (_Handler,), {"log": log})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", log
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture()
def fast(settings: Settings) -> Settings:
    return settings.replace(fetch_delay_s=0.0, fetch_timeout_s=5.0, fetch_max_bytes=100_000)


def _one(url: str, settings: Settings) -> RawDocument | DocumentStatus:
    [item] = fetch_urls([url], settings)
    return item


def test_fetch_html_page_with_charset(server: tuple[str, list[tuple[str, str]]], fast: Settings) -> None:
    base, log = server
    doc = _one(f"{base}/news/page.html", fast)
    assert isinstance(doc, RawDocument)
    assert doc.content == RUSSIAN_PAGE.encode("cp1251")
    assert (doc.encoding, doc.declared_type, doc.url) == ("cp1251", DocType.HTML, f"{base}/news/page.html")
    assert doc.fetched_at is not None
    assert doc.fetched_at.tzinfo is not None
    assert all(agent == fast.fetch_user_agent for _, agent in log)


def test_fetch_robots_disallow_is_a_skip(server: tuple[str, list[tuple[str, str]]], fast: Settings) -> None:
    base, log = server
    items = list(fetch_urls([f"{base}/private/secret.html", f"{base}/members", f"{base}/to-private"], fast))
    assert [(i.status, i.reason) for i in items if isinstance(i, DocumentStatus)] == [
        (Status.SKIPPED, "disallowed by robots.txt")
    ] * 3
    paths = [path for path, _ in log]
    assert paths.count("/robots.txt") == 1  # fetched once per host
    assert "/private/secret.html" not in paths  # not even after the redirect
    assert "/members" not in paths


def test_fetch_http_error_is_failed_with_code(
    server: tuple[str, list[tuple[str, str]]], fast: Settings
) -> None:
    row = _one(f"{server[0]}/gone", fast)
    assert isinstance(row, DocumentStatus)
    assert (row.status, row.reason, row.stage) == (Status.FAILED, "HTTP 404", "fetch")


@pytest.mark.parametrize("path", ["/big-declared", "/big-streamed"])
def test_fetch_body_over_limit_is_failed(
    server: tuple[str, list[tuple[str, str]]], fast: Settings, path: str
) -> None:
    row = _one(f"{server[0]}{path}", fast)
    assert isinstance(row, DocumentStatus)
    assert row.status is Status.FAILED
    assert row.reason.startswith("response larger than 100000 bytes")


def test_fetch_follows_redirect(server: tuple[str, list[tuple[str, str]]], fast: Settings) -> None:
    base, _ = server
    doc = _one(f"{base}/moved", fast)
    assert isinstance(doc, RawDocument)
    assert (doc.origin, doc.url) == (f"{base}/moved", f"{base}/news/page.html")


def test_fetch_non_html_is_skipped(server: tuple[str, list[tuple[str, str]]], fast: Settings) -> None:
    row = _one(f"{server[0]}/logo.png", fast)
    assert isinstance(row, DocumentStatus)
    assert (row.status, row.reason) == (Status.SKIPPED, "not HTML (image/png)")


def test_fetch_only_http_and_https(fast: Settings) -> None:
    rows = list(fetch_urls(["file:///etc/passwd", "ftp://example.com/a"], fast))
    assert all(isinstance(r, DocumentStatus) and r.status is Status.SKIPPED for r in rows)
    assert all(isinstance(r, DocumentStatus) and r.reason.startswith("only http and https") for r in rows)


def test_fetch_waits_between_requests_to_one_host(
    server: tuple[str, list[tuple[str, str]]], fast: Settings
) -> None:
    base, _ = server
    started = time.monotonic()
    items = list(fetch_urls([f"{base}/news/page.html", f"{base}/moved"], fast.replace(fetch_delay_s=0.25)))
    elapsed = time.monotonic() - started
    assert all(isinstance(i, RawDocument) for i in items)
    assert elapsed >= 0.25 * 3  # robots.txt, page, redirect, page: three gaps on one host


def test_fetch_connection_refused_is_failed(fast: Settings) -> None:
    with httpx.Client(transport=httpx.HTTPTransport(retries=0)) as client:
        [row] = fetch_urls(["http://127.0.0.1:9/page.html"], fast, client)
    assert isinstance(row, DocumentStatus)
    assert row.status is Status.FAILED
    assert row.reason.startswith("robots.txt unreachable")


def test_fetch_robots_5xx_means_unreachable_and_4xx_allows(fast: Settings) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(503 if request.url.host == "down.example" else 404)
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>ok</p>")

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        down, up = fetch_urls(["http://down.example/a", "http://up.example/a"], fast, client)
    assert isinstance(down, DocumentStatus)
    assert down.reason == "robots.txt unreachable (HTTP 503)"
    assert isinstance(up, RawDocument)


def _app() -> typer.Typer:
    """Only the fetch command, with a root callback so that `fetch` stays a sub-command."""
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """eventwire"""

    register(app)
    return app


def test_fetch_cli_writes_jsonl_that_ingest_reads_back(
    server: tuple[str, list[tuple[str, str]]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, _ = server
    url_file = tmp_path / "urls.txt"
    url_file.write_text(f"# a comment\n{base}/moved\n\n{base}/gone\n", encoding="utf-8")
    monkeypatch.setenv("EVENTWIRE_FETCH_MAX_BYTES", "100000")
    result = CliRunner().invoke(
        _app(),
        [
            "fetch",
            f"{base}/news/page.html",
            "--urls",
            str(url_file),
            "--out",
            str(tmp_path / "out"),
            "--delay",
            "0",
        ],
    )
    assert result.exit_code == 0, result.output
    [written] = (tmp_path / "out").glob("fetch-*.jsonl")
    docs = [item for item in read_inputs([str(written)], Settings()) if isinstance(item, RawDocument)]
    assert [d.url for d in docs] == [f"{base}/news/page.html", f"{base}/news/page.html"]
    assert RUSSIAN_PAGE in docs[0].content.decode("utf-8")
    assert all(d.fetched_at is not None for d in docs)
    assert "HTTP 404" in result.output


def test_fetch_cli_exits_1_when_nothing_fetched(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["fetch", "ftp://example.com/x", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "only http and https" in result.output
