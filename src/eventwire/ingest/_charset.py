"""Charset detection for pages and scraped text; re-exported by :mod:`eventwire.ingest`.

The cascade for HTML (:func:`decode_html`):

1. a byte-order mark (UTF-8, UTF-16, UTF-32) wins outright;
2. the declared charset (HTTP header), then the ``<meta charset>`` / ``http-equiv`` in the first
   bytes of the page: a declaration is used when the bytes decode strictly with it *and* the result
   does not look like mojibake (charset-normalizer's mess ratio); ISO-8859-1 and ASCII labels are read
   as windows-1252, as browsers do;
3. strict UTF-8;
4. charset-normalizer's best guess;
5. UTF-8 with replacement characters (never raises).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_HEAD_BYTES = 4096
# Labels that browsers decode as windows-1252 (WHATWG encoding standard).
_AS_WINDOWS_1252 = frozenset({"latin_1", "iso8859_1", "ascii", "cp1252"})
# A strictly-decodable declaration whose text is messier than this is treated as wrong.
_MAX_MESS = 0.2
# Mess ratio is measured on at most this many characters (it is linear in the text).
_MESS_SAMPLE = 20_000
# charset-normalizer looks at most at this many bytes.
_DETECT_SAMPLE = 200_000


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for a charset label (``"Windows-1251"`` → ``"cp1251"``), or None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    key = name.replace("-", "_")
    return "cp1252" if key in _AS_WINDOWS_1252 else name


def _strip_bom(content: bytes) -> tuple[bytes, str] | None:
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :], encoding
    return None


def _meta_charset(content: bytes) -> str | None:
    match = _META_CHARSET.search(content[:_HEAD_BYTES])
    return normalise_charset(match.group(1).decode("ascii")) if match else None


def _plausible(content: bytes, encoding: str) -> str | None:
    """The text if ``content`` decodes strictly with ``encoding`` and does not look like mojibake."""
    try:
        text = content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if encoding in ("utf-8", "ascii") or content.isascii():
        return text
    return text if mess_ratio(text[:_MESS_SAMPLE]) <= _MAX_MESS else None


def _detected(content: bytes) -> tuple[str, str] | None:
    best = from_bytes(content[:_DETECT_SAMPLE]).best()
    if best is None or best.encoding is None:
        return None
    encoding = normalise_charset(best.encoding) or best.encoding
    try:
        return content.decode(encoding, errors="replace"), encoding
    except LookupError:
        return None


def _mostly_utf8(content: bytes) -> str | None:
    """UTF-8 with a few broken sequences: keep UTF-8 (replacing the bad bytes) rather than guess."""
    text = content.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return text if good > 0 and bad * 10 <= good else None


def decode_html(content: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page's bytes to (text, encoding used); never raises on undecodable bytes."""
    bom = _strip_bom(content)
    if bom is not None:
        body, encoding = bom
        return body.decode(encoding, errors="replace"), encoding
    for candidate in (normalise_charset(declared), _meta_charset(content)):
        if candidate is None:
            continue
        text = _plausible(content, candidate)
        if text is not None:
            return text, candidate
        if candidate == "cp1252":  # undefined cp1252 bytes: Latin-1 still decodes them
            text = _plausible(content, "latin-1")
            if text is not None:
                return text, "latin-1"
    return _undeclared(content)


def _undeclared(content: bytes) -> tuple[str, str]:
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(content)
    if mostly is not None:
        return mostly, "utf-8"
    detected = _detected(content)
    if detected is not None:
        return detected
    return content.decode("utf-8", errors="replace"), "utf-8"


def decode_text(content: bytes) -> str:
    """Decode scraped text: BOM, then UTF-8, then detection; never raises."""
    bom = _strip_bom(content)
    if bom is not None:
        body, encoding = bom
        return body.decode(encoding, errors="replace")
    return _undeclared(content)[0]
