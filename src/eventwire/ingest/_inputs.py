"""Ingest: the readers. Inputs in, :class:`RawDocument` s (or ledger rows) out, lazily.

``read_inputs`` accepts files, directories (recursive, sorted), globs and ``-`` (stdin, binary). Each
file may be gzip-compressed (``.gz`` or the gzip magic bytes). The format comes from the file name
(``.html .htm .xhtml .txt .warc .jsonl .ndjson .rss .atom``, with ``.gz`` stripped) or, for other
names and for ``.xml``, is sniffed from the first bytes:

- HTML / text: one document per file (size checked before reading, against ``max_document_bytes``);
- WARC: one document per HTTP 200 HTML response record (:mod:`eventwire.ingest._warc`);
- JSONL: one document per line (:mod:`eventwire.ingest._jsonl`);
- RSS / Atom: one document per item (:mod:`eventwire.ingest._feed`).

Anything that cannot become a document yields exactly one :class:`DocumentStatus` (stage ``ingest``)
with a reason: a missing path, an empty or binary file, a file over the size limit, a truncated
gzip, a truncated WARC (after its good records), a broken JSONL line. Nothing raises out of the
generator. Decoding bytes to text is :func:`decode_html` / :func:`decode_text`, used by extract.
"""

from __future__ import annotations

import glob
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import BinaryIO

from eventwire.ingest._feed import read_feed
from eventwire.ingest._jsonl import read_jsonl
from eventwire.ingest._stream import (
    SNIFF_BYTES,
    Format,
    GunzipReader,
    binary_kind,
    head,
    open_decompressed,
    sniff_format,
    strip_gz,
    suffix_format,
)
from eventwire.ingest._warc import read_warc
from eventwire.records import DocType, DocumentStatus, RawDocument, content_id
from eventwire.settings import Settings

__all__ = ["read_bytes", "read_inputs"]

STAGE = "ingest"
STDIN = "-"
STDIN_ORIGIN = "<stdin>"
_GLOB_CHARS = frozenset("*?[")
_CONTAINERS = frozenset({Format.WARC, Format.JSONL})

Item = RawDocument | DocumentStatus


def _status_id(origin: str) -> str:
    return content_id(origin.encode())


def _failed(origin: str, reason: str) -> DocumentStatus:
    return DocumentStatus.failed(_status_id(origin), origin, reason, STAGE)


def _skipped(origin: str, reason: str) -> DocumentStatus:
    return DocumentStatus.skipped(_status_id(origin), origin, reason, STAGE)


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for name in sorted(files):
            yield Path(root) / name


def _expand(spec: str) -> Iterator[Path | DocumentStatus]:
    """The files one input names, in a deterministic order, or a failed status."""
    path = Path(spec)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists():
        yield path
    elif _GLOB_CHARS & set(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield _failed(spec, "no file matches this pattern")
        for match in matches:
            yield from _expand(match) if Path(match).is_dir() else iter([Path(match)])
    else:
        yield _failed(spec, "no such file or directory")


def read_inputs(inputs: Sequence[str], settings: Settings) -> Iterator[RawDocument | DocumentStatus]:
    """Lazily yield one RawDocument per document found, or one DocumentStatus per input that is not one."""
    for spec in inputs:
        if spec == STDIN:
            yield from _guarded(
                STDIN_ORIGIN, partial(_read_stream, sys.stdin.buffer, STDIN_ORIGIN, "", settings)
            )
            continue
        for found in _expand(spec):
            if isinstance(found, DocumentStatus):
                yield found
            else:
                yield from _guarded(str(found), partial(_read_file, found, settings))


def _guarded(origin: str, make: Callable[[], Iterator[Item]]) -> Iterator[Item]:
    """Run one file's reader; an unexpected error becomes a failed row instead of ending the run."""
    try:
        yield from make()
    except (OSError, ValueError, LookupError, RuntimeError, EOFError, MemoryError) as exc:
        yield _failed(origin, f"unreadable: {type(exc).__name__}: {exc}")


def _read_file(path: Path, settings: Settings) -> Iterator[Item]:
    origin = str(path)
    size = path.stat().st_size
    if size == 0:
        yield _skipped(origin, "empty file")
        return
    promised = suffix_format(path.name)
    if promised in (Format.HTML, Format.TEXT, Format.FEED) and size > settings.max_document_bytes:
        yield _skipped(origin, _too_big(size, settings))
        return
    with path.open("rb") as raw:
        yield from _read_stream(raw, origin, path.name, settings, size)


def _too_big(size: int, settings: Settings) -> str:
    return f"file of {size} bytes is larger than max_document_bytes ({settings.max_document_bytes})"


def _read_stream(
    raw: BinaryIO, origin: str, name: str, settings: Settings, size: int | None = None
) -> Iterator[Item]:
    stream, gunzip = open_decompressed(raw)
    sample = head(stream)
    if not sample.strip() and len(sample) < SNIFF_BYTES:  # the whole file is in the sample
        detail = "" if not sample else " (only whitespace)"
        suffix = " after decompression" if gunzip is not None and not gunzip.error else ""
        if gunzip is not None and gunzip.error:
            yield _failed(origin, gunzip.error)
        else:
            yield _skipped(origin, f"empty file{suffix}{detail}")
        return
    fmt = suffix_format(name) or sniff_format(sample)
    kind = None if fmt is Format.WARC else binary_kind(sample)
    if kind is not None:
        yield _skipped(origin, f"binary file ({kind})")
        return
    if fmt is Format.UNSUPPORTED:
        yield _skipped(origin, f"unsupported file type ({Path(strip_gz(name)).suffix}): not a news page")
        return
    if fmt is Format.ARC:
        yield _skipped(origin, "ARC file (the pre-WARC format) is not supported; convert it to WARC")
        return
    if fmt in _CONTAINERS:
        reader = read_warc if fmt is Format.WARC else read_jsonl
        yield from reader(stream, origin, settings, gunzip)
        return
    if size is not None and gunzip is None and size > settings.max_document_bytes:
        yield _skipped(origin, _too_big(size, settings))
        return
    content = stream.read(settings.max_document_bytes + 1)
    yield from _single(content, fmt, origin, settings, gunzip)


def _single(
    content: bytes, fmt: Format, origin: str, settings: Settings, gunzip: GunzipReader | None
) -> Iterator[Item]:
    if len(content) > settings.max_document_bytes:
        after = " after decompression" if gunzip is not None else ""
        limit = settings.max_document_bytes
        yield _skipped(origin, f"more than {limit} bytes{after}, larger than max_document_bytes ({limit})")
        return
    if gunzip is not None and gunzip.error:
        yield _failed(origin, f"{gunzip.error}; the document is incomplete")
        return
    if fmt is Format.FEED:
        yield from read_feed(content, origin)
        return
    if fmt is Format.XML:
        yield _skipped(origin, "XML file that is not an RSS/Atom feed")
        return
    doc_type = DocType.HTML if fmt is Format.HTML else DocType.TEXT
    yield RawDocument(id=content_id(content), origin=origin, content=content, declared_type=doc_type)


def read_bytes(content: bytes, origin: str, settings: Settings) -> Iterator[RawDocument | DocumentStatus]:
    """Read documents from bytes already in memory (an upload, a test) exactly as from a file."""
    yield from _guarded(origin, partial(_read_stream, io.BytesIO(content), origin, origin, settings))
