"""JSONL reader: one object per line with ``url`` and ``html`` or ``text``.

Optional fields: ``published`` (ISO date/datetime or RFC 822; naive → UTC), ``source``, ``title``,
``fetched_at``. Every non-blank line ends as a document or a ledger row naming the line
(origin ``path:LINE``). Decisions:

- ``html`` wins over ``text`` when a line has both; ``url`` may be missing or null.
- A ``published`` / ``fetched_at`` value that is not a date keeps the document but drops the date,
  with a logged warning: the text is still worth coding, and extraction may find the date in the page.
- Blank lines are not documents and leave no row.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

from eventwire.ingest._dates import parse_datetime
from eventwire.ingest._stream import GunzipReader
from eventwire.records import DocType, DocumentStatus, RawDocument, content_id
from eventwire.settings import Settings

STAGE = "ingest"
_STRING_FIELDS = ("url", "html", "text", "source", "title", "published", "fetched_at")
log = logging.getLogger(__name__)


class _LineError(ValueError):
    """A JSONL line cannot become a document (the message says why)."""


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, line bytes, too long?) — lines over ``limit`` bytes are drained, not kept."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line, False
            continue
        while line and not line.endswith(b"\n"):
            line = stream.readline(1 << 20)
        yield number, b"", True


def _object(line: bytes) -> dict[str, Any]:
    try:
        value = json.loads(line.rstrip(b"\r\n").decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _LineError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise _LineError(f"invalid JSON: {exc.msg.removesuffix(' at')} (column {exc.colno})") from exc
    if not isinstance(value, dict):
        raise _LineError(f"not a JSON object but {type(value).__name__}")
    for name in _STRING_FIELDS:
        if name in value and not isinstance(value[name], str | None):
            raise _LineError(f"field {name!r} must be a string, not {type(value[name]).__name__}")
    return value


def _date(value: dict[str, Any], name: str, where: str) -> datetime | None:
    raw = value.get(name)
    if raw is None:
        return None
    parsed = parse_datetime(raw)
    if parsed is None:
        log.warning("%s: %s %r is not a date; the document is kept without it", where, name, raw[:60])
    return parsed


def _document(value: dict[str, Any], where: str) -> RawDocument:
    html, text = value.get("html"), value.get("text")
    if html is None and text is None:
        raise _LineError("has neither 'html' nor 'text'")
    doc_type = DocType.HTML if html is not None else DocType.TEXT
    body = str(html if html is not None else text)
    if not body.strip():
        raise _LineError(f"empty '{doc_type.value}'")
    content = body.encode("utf-8", errors="replace")
    url = value.get("url")
    return RawDocument(
        id=content_id((url or "").encode() + b"\n" + content),
        origin=where,
        content=content,
        declared_type=doc_type,
        url=url,
        fetched_at=_date(value, "fetched_at", where),
        title=value.get("title"),
        published=_date(value, "published", where),
        source=value.get("source"),
        encoding="utf-8",
    )


def read_jsonl(
    stream: BinaryIO, origin: str, settings: Settings, gunzip: GunzipReader | None = None
) -> Iterator[RawDocument | DocumentStatus]:
    """Stream the documents of one JSONL file, a line at a time."""
    limit = settings.max_document_bytes
    last = 0
    ended_cleanly = True
    for number, line, too_long in _lines(stream, limit):
        last = number
        where = f"{origin}:{number}"
        ended_cleanly = line.endswith(b"\n")
        if too_long:
            reason = f"line {number}: longer than max_document_bytes ({limit})"
            yield DocumentStatus.skipped(content_id(where.encode()), where, reason, STAGE)
            continue
        if not ended_cleanly and gunzip is not None and gunzip.error:
            reason = f"line {number}: cut off by a {gunzip.error}"
            yield DocumentStatus.failed(content_id(line), where, reason, STAGE)
            return
        if not line.strip():
            continue
        try:
            yield _document(_object(line), where)
        except _LineError as exc:
            yield DocumentStatus.failed(content_id(line), where, f"line {number}: {exc}", STAGE)
    if gunzip is not None and gunzip.error and ended_cleanly:
        reason = f"{gunzip.error}; read up to line {last}"
        yield DocumentStatus.failed(content_id(f"{origin}@{last}".encode()), origin, reason, STAGE)
