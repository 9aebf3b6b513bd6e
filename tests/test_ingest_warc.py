"""read_inputs on WARC files written with warcio in the test (plain and gzip'd, complete and cut)."""

from __future__ import annotations

import gzip
import io
from datetime import UTC
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.ingest import read_inputs
from eventwire.records import DocType, DocumentStatus, RawDocument, Status
from eventwire.settings import Settings

RUSSIAN_PAGE = "<html><body><p>Министр иностранных дел России прибыл в Анкару.</p></body></html>"
ENGLISH_PAGE = "<html><body><p>The Finnish president met NATO officials in Brussels.</p></body></html>"


def _warc(records: list[tuple[str, str, str, bytes, list[tuple[str, str]]]], compress: bool) -> bytes:
    """(url, status line, content type, body, extra HTTP headers) → WARC bytes, with a request record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "eventwire tests"}))
    for url, status, content_type, body, extra in records:
        headers = StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
        )
        request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
    return buffer.getvalue()


GOOD = [
    ("https://ru.example/a", "200 OK", "text/html; charset=windows-1251", RUSSIAN_PAGE.encode("cp1251"), []),
    ("https://en.example/b", "200 OK", "text/html", ENGLISH_PAGE.encode(), []),
]
MIXED = [
    *GOOD,
    ("https://en.example/missing", "404 Not Found", "text/html", b"<html>gone</html>", []),
    ("https://en.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n0000", []),
    (
        "https://en.example/zipped",
        "200 OK",
        "text/html",
        gzip.compress(ENGLISH_PAGE.encode()),
        [("Content-Encoding", "gzip")],
    ),
]


def test_ingest_warc_html_responses_become_documents(tmp_path: Path, settings: Settings) -> None:
    for compress, name in ((False, "crawl.warc"), (True, "crawl.warc.gz")):
        path = tmp_path / name
        path.write_bytes(_warc(GOOD, compress))
        first, second = read_inputs([str(path)], settings)
        assert isinstance(first, RawDocument)
        assert isinstance(second, RawDocument)
        assert first.url == "https://ru.example/a"
        assert first.encoding == "cp1251"
        assert first.content == RUSSIAN_PAGE.encode("cp1251")
        assert first.declared_type is DocType.HTML
        assert first.origin.startswith(f"{path}#<urn:uuid:")
        assert first.fetched_at is not None
        assert first.fetched_at.tzinfo is not None
        assert first.fetched_at.utcoffset() == UTC.utcoffset(None)
        assert second.content == ENGLISH_PAGE.encode()


def test_ingest_warc_non_documents_are_skipped_with_reasons(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(_warc(MIXED, compress=True))
    items = list(read_inputs([str(path)], settings))
    assert len(items) == 5  # no rows for warcinfo and request records
    reasons = [item.reason for item in items if isinstance(item, DocumentStatus)]
    assert reasons == ["warc record: HTTP 404", "warc record: not HTML (image/png)"]
    zipped = items[-1]
    assert isinstance(zipped, RawDocument)
    assert zipped.content == ENGLISH_PAGE.encode()  # Content-Encoding: gzip undone


def test_ingest_warc_same_body_at_two_urls_has_two_ids(tmp_path: Path, settings: Settings) -> None:
    body = ENGLISH_PAGE.encode()
    path = tmp_path / "twice.warc"
    path.write_bytes(
        _warc(
            [
                ("https://a.example/", "200 OK", "text/html", body, []),
                ("https://b.example/", "200 OK", "text/html", body, []),
            ],
            compress=False,
        )
    )
    first, second = read_inputs([str(path)], settings)
    assert isinstance(first, RawDocument)
    assert isinstance(second, RawDocument)
    assert first.id != second.id


def test_ingest_truncated_warc_keeps_good_records_and_reports_the_cut(
    tmp_path: Path, settings: Settings
) -> None:
    for compress in (False, True):
        data = _warc(
            [*GOOD, ("https://en.example/c", "200 OK", "text/html", ENGLISH_PAGE.encode() * 50, [])], compress
        )
        path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
        path.write_bytes(data[: len(data) - 600])
        items = list(read_inputs([str(path)], settings))
        docs = [item for item in items if isinstance(item, RawDocument)]
        failures = [item for item in items if isinstance(item, DocumentStatus)]
        assert [d.url for d in docs] == ["https://ru.example/a", "https://en.example/b"]
        assert len(failures) == 1
        assert failures[0].status is Status.FAILED
        assert "truncated" in failures[0].reason
        assert "offset" in failures[0].reason


def test_ingest_warc_record_over_size_limit_is_skipped(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "big.warc"
    path.write_bytes(_warc([("https://en.example/big", "200 OK", "text/html", b"<p>x</p>" * 200, [])], False))
    [item] = read_inputs([str(path)], settings.replace(max_document_bytes=1000))
    assert isinstance(item, DocumentStatus)
    assert item.reason == "warc record: payload of 1600 bytes is larger than max_document_bytes (1000)"


def test_ingest_warcio_format_samples(shared_dir: Path, settings: Settings) -> None:
    base = shared_dir / "eval" / "corpora" / "warc_format_samples" / "webrecorder+warcio" / "test" / "data"
    chunked = list(read_inputs([str(base / "example-iana.org-chunked.warc")], settings))
    [doc] = chunked
    assert isinstance(doc, RawDocument)
    assert doc.url == "http://www.iana.org/"
    assert doc.content.lstrip().lower().startswith(b"<!doctype html>")  # de-chunked
    items = list(read_inputs([str(base / "example-trunc.warc")], settings))
    assert [type(i) for i in items] == [RawDocument, DocumentStatus]
    assert isinstance(items[1], DocumentStatus)
    assert items[1].status is Status.FAILED
