"""WARC reader: every HTTP 200 HTML ``response`` record becomes a :class:`RawDocument`.

Records are streamed with fastwarc (digests are not verified: see recipes.md pitfall 6). The HTTP
payload is read raw and de-chunked / decompressed here, so that a record cut short by a truncated file
can be told apart from a complete one (its payload is shorter than its declared length).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from eventwire.ingest._charset import normalise_charset
from eventwire.ingest._stream import GunzipReader
from eventwire.records import DocType, DocumentStatus, RawDocument, Status, content_id
from eventwire.settings import Settings

STAGE = "ingest"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


class _PayloadError(ValueError):
    """The HTTP payload of a record cannot be decoded (bad chunking, unsupported encoding)."""


def _dechunk(raw: bytes) -> bytes:
    out = bytearray()
    pos = 0
    while True:
        end = raw.find(b"\r\n", pos)
        if end < 0:
            raise _PayloadError("bad chunked transfer encoding (no chunk size line)")
        size_text = raw[pos:end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError as exc:
            raise _PayloadError(f"bad chunk size {size_text[:20]!r}") from exc
        if size == 0:
            return bytes(out)
        start = end + 2
        if start + size > len(raw):
            raise _PayloadError("chunked payload ends inside a chunk")
        out += raw[start : start + size]
        pos = start + size + 2


def _decompress(raw: bytes, coding: str, limit: int) -> bytes:
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}.get(
        coding
    )
    if wbits is None:
        raise _PayloadError(f"unsupported Content-Encoding {coding!r}")
    try:
        decomp = zlib.decompressobj(wbits)
        out = decomp.decompress(raw, limit + 1)
    except zlib.error as exc:
        if coding != "deflate":
            raise _PayloadError(f"bad {coding} payload: {exc}") from exc
        try:  # raw deflate without zlib header, as some servers send
            decomp = zlib.decompressobj(-zlib.MAX_WBITS)
            out = decomp.decompress(raw, limit + 1)
        except zlib.error as exc2:
            raise _PayloadError(f"bad deflate payload: {exc2}") from exc2
    if len(out) > limit:
        raise _PayloadError(f"payload larger than {limit} bytes after decompression")
    return out


def _decode_payload(record: WarcRecord, raw: bytes, limit: int) -> bytes:
    headers = record.http_headers
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        raw = _dechunk(raw)
    coding = (headers.get("Content-Encoding") or "identity").strip().lower()
    if coding not in ("", "identity"):
        raw = _decompress(raw, coding, limit)
    return raw


def _skip_reason(record: WarcRecord, limit: int) -> str | None:
    if not record.is_http:
        return "warc record: not an HTTP response"
    status = record.http_headers.status_code
    if status != 200:
        return f"warc record: HTTP {status}"
    content_type = (record.http_content_type or "").split(";", 1)[0].strip().lower()
    if content_type not in HTML_TYPES:
        return f"warc record: not HTML ({content_type or 'no Content-Type'})"
    if record.content_length > limit:
        return f"warc record: payload of {record.content_length} bytes is larger than max_document_bytes ({limit})"
    return None


def _record_date(record: WarcRecord) -> datetime | None:
    try:
        value = record.record_date
    except (ValueError, OSError):
        return None
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_Row = RawDocument | DocumentStatus


def _records(stream: BinaryIO, origin: str, limit: int) -> Iterator[tuple[int, str, _Row | None]]:
    """(offset, record id, row or None for non-document records); a cut record ends with a failed row."""
    for record in ArchiveIterator(stream, parse_http=True, auto_decode="none", stream_detect=False):
        rid = record.record_id or f"offset-{record.stream_pos}"
        where = f"{origin}#{rid}"
        row: _Row | None = None
        if record.record_type != WarcRecordType.response:  # request, metadata, warcinfo…: no row
            got = record.consume()
        elif (reason := _skip_reason(record, limit)) is not None:
            got = record.consume()
            row = DocumentStatus.skipped(content_id(where.encode()), where, reason, STAGE)
        else:
            raw = record.reader.read(record.content_length)
            got = len(raw)
            row = _document(record, raw, where, limit)
        if got < record.content_length:
            yield record.stream_pos, rid, _truncated(where, rid, record, got)
            return
        yield record.stream_pos, rid, row


def read_warc(
    stream: BinaryIO, origin: str, settings: Settings, gunzip: GunzipReader | None = None
) -> Iterator[RawDocument | DocumentStatus]:
    """Stream the documents of one WARC file (already gunzipped by the caller when compressed).

    Each record's row is held back until the next record parses, because the last record before a
    gzip truncation may itself be damaged: it is reported as failed when it starts after the end of
    the last complete gzip member.
    """
    held: tuple[int, str, _Row | None] | None = None
    problem: str | None = None
    try:
        for current in _records(stream, origin, settings.max_document_bytes):
            if held is not None and held[2] is not None:
                yield held[2]
            held = current
    except BaseException as exc:  # fastwarc raises OSError/ValueError on damaged files, or panics
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # KeyboardInterrupt, SystemExit, GeneratorExit
        problem = f"truncated or corrupt WARC: {type(exc).__name__}: {exc}"
    if gunzip is not None and gunzip.error:
        problem = gunzip.error
    yield from _finish(origin, held, problem, gunzip)


def _finish(
    origin: str, held: tuple[int, str, _Row | None] | None, problem: str | None, gunzip: GunzipReader | None
) -> Iterator[_Row]:
    if held is None:
        if problem is not None:
            yield DocumentStatus.failed(
                content_id(origin.encode()), origin, f"{problem}; no record read", STAGE
            )
        return
    offset, rid, row = held
    if problem is None or (isinstance(row, DocumentStatus) and row.status is Status.FAILED):
        if row is not None:
            yield row
        return
    where = f"record {rid} at offset {offset}"
    if gunzip is not None and offset >= gunzip.complete_until:
        reason = f"{problem}; {where} is incomplete"
        yield DocumentStatus.failed(content_id(f"{origin}#{rid}".encode()), f"{origin}#{rid}", reason, STAGE)
        return
    if row is not None:
        yield row
    yield DocumentStatus.failed(
        content_id(f"{origin}@{offset}".encode()), origin, f"{problem}; read up to {where}", STAGE
    )


def _truncated(where: str, rid: str, record: WarcRecord, got: int) -> DocumentStatus:
    reason = (
        f"truncated WARC: record {rid} at offset {record.stream_pos} has "
        f"{got} of {record.content_length} payload bytes"
    )
    return DocumentStatus.failed(content_id(where.encode()), where, reason, STAGE)


def _document(record: WarcRecord, raw: bytes, where: str, limit: int) -> RawDocument | DocumentStatus:
    url = record.headers.get("WARC-Target-URI")
    try:
        body = _decode_payload(record, raw, limit)
    except _PayloadError as exc:
        return DocumentStatus.failed(content_id(raw), where, f"warc record: {exc}", STAGE)
    if not body.strip():
        return DocumentStatus.skipped(content_id(where.encode()), where, "warc record: empty payload", STAGE)
    key = (url or "").encode() + b"\n" + body
    return RawDocument(
        id=content_id(key),
        origin=where,
        content=body,
        declared_type=DocType.HTML,
        url=url,
        fetched_at=_record_date(record),
        encoding=normalise_charset(record.http_charset),
    )
