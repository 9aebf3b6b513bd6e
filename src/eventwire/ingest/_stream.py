"""Byte streams for the readers: transparent, truncation-tolerant gunzip and format sniffing."""

from __future__ import annotations

import enum
import io
import json
import re
import zlib
from typing import Any, BinaryIO, cast

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 64 * 1024
SNIFF_BYTES = 8192

# Magic numbers of common binary formats that end up in crawl folders.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"RIFF", "RIFF (WebP/WAV/AVI)"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"PAR1", "Parquet"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_ANYWHERE = re.compile(rb"<(html|head|body|div|p|article|title|meta)\b[^>]*>", re.I)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.I)
_XML_DECL = re.compile(rb"^\s*<\?xml\b", re.I)
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}


class Format(enum.StrEnum):
    HTML = "html"
    TEXT = "text"
    WARC = "warc"
    JSONL = "jsonl"
    FEED = "feed"
    XML = "xml"  # XML that is not a feed
    ARC = "arc"  # the Internet Archive's pre-WARC format (not supported)
    UNSUPPORTED = "unsupported"  # a file type that is never a news page (docs, code, data, office files)


_BY_SUFFIX: dict[str, Format] = {
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".warc": Format.WARC,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".rss": Format.FEED,
    ".atom": Format.FEED,
    **dict.fromkeys(
        (
            ".md",
            ".rst",
            ".py",
            ".json",
            ".csv",
            ".tsv",
            ".yaml",
            ".yml",
            ".toml",
            ".ini",
            ".cfg",
            ".js",
            ".css",
            ".sql",
            ".pdf",
            ".doc",
            ".docx",
            ".xls",
            ".xlsx",
            ".ppt",
            ".pptx",
            ".parquet",
            ".duckdb",
        ),
        Format.UNSUPPORTED,
    ),
}


class GunzipReader(io.RawIOBase):
    """Streaming gunzip over a binary stream, multi-member aware, that does not raise on truncation.

    A truncated or corrupt stream ends early (EOF) with ``error`` set, so that whatever was decoded
    before the damage can still be used; callers check ``error`` when they reach the end, and
    ``complete_until`` to know which decompressed bytes came from complete members.
    """

    def __init__(self, inner: BinaryIO) -> None:
        super().__init__()
        self._inner = inner
        self._decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""
        self._eof = False
        self.error: str | None = None
        self.compressed_read = 0
        self.position = 0
        self._produced = 0
        self._in_member = False
        # Decompressed offset where the last complete gzip member ends: data before it is intact.
        self.complete_until = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        """Decompressed bytes handed out so far (fastwarc asks for the start position)."""
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR and offset == 0:
            return self.position
        raise io.UnsupportedOperation("a gzip stream can only be read forwards")

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._eof:
            self._fill()
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        self.position += n
        return n

    def _fill(self) -> None:
        data = self._inner.read(_CHUNK)
        self.compressed_read += len(data)
        if not data:
            self._eof = True
            if self._in_member:
                self.error = f"truncated gzip stream (ended after {self.compressed_read} compressed bytes)"
            return
        try:
            self._pending = self._decompress(data)
        except zlib.error as exc:
            self._eof = True
            self.error = f"corrupt gzip stream after {self.compressed_read} compressed bytes: {exc}"

    def _decompress(self, data: bytes) -> bytes:
        out: list[bytes] = []
        while data:
            if not self._in_member:
                data = data.lstrip(b"\x00")  # zero padding between or after members
                if not data:
                    break
                self._decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._in_member = True
            chunk = self._decomp.decompress(data)
            self._produced += len(chunk)
            out.append(chunk)
            data = b""
            if self._decomp.eof:
                self._in_member = False
                self.complete_until = self._produced
                data = self._decomp.unused_data
        return b"".join(out)


def open_decompressed(raw: BinaryIO) -> tuple[io.BufferedReader[Any], GunzipReader | None]:
    """A peekable stream over ``raw``, gunzipped when it starts with the gzip magic bytes."""
    buffered: io.BufferedReader[Any] = (
        raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(cast(Any, raw), _CHUNK)
    )
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        gunzip = GunzipReader(buffered)
        return io.BufferedReader(gunzip, _CHUNK), gunzip
    return buffered, None


def head(stream: io.BufferedReader[Any], size: int = SNIFF_BYTES) -> bytes:
    """Up to ``size`` first bytes of ``stream`` without consuming them."""
    return stream.peek(size)[:size]


def binary_kind(sample: bytes) -> str | None:
    """Why ``sample`` (a file's first bytes) is binary ("looks like PNG"), or None when it looks like text."""
    for magic, name in _BINARY_MAGIC:
        if sample.startswith(magic):
            return f"looks like {name}"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text (NUL bytes are expected): decoded later
    if b"\x00" in sample:
        return "contains NUL bytes"
    control = sum(1 for byte in sample if byte in _CONTROL)
    return "many control bytes" if sample and control / len(sample) > 0.05 else None


def strip_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def suffix_format(name: str) -> Format | None:
    """The format a file name promises (``a.warc.gz`` → WARC), or None to sniff the content."""
    base = strip_gz(name).lower()
    dot = base.rfind(".")
    suffix = base[dot:] if dot >= 0 else ""
    if suffix == ".xml":
        return None
    return _BY_SUFFIX.get(suffix)


def sniff_format(sample: bytes) -> Format:
    """Guess the format of (decompressed) content from its first bytes."""
    stripped = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return Format.WARC
    if stripped.startswith(b"filedesc://"):
        return Format.ARC
    if _HTML_START.match(stripped):
        return Format.HTML
    if _XML_DECL.match(stripped) or stripped.startswith(b"<"):
        if _FEED_ROOT.search(stripped[:2048]):
            return Format.FEED
        if _HTML_ANYWHERE.search(stripped):
            return Format.HTML
        return Format.XML if _XML_DECL.match(stripped) else Format.TEXT
    if stripped.startswith(b"{") and _first_line_is_object(stripped):
        return Format.JSONL
    if _HTML_ANYWHERE.search(stripped):
        return Format.HTML
    return Format.TEXT


def _first_line_is_object(sample: bytes) -> bool:
    line = sample.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
