"""Ingest stage: inputs (files, directories, globs, stdin) in, :class:`RawDocument` s or ledger rows out.

Its public face is :func:`read_inputs` (and :func:`read_bytes` for one in-memory input); the readers
behind it are private: ``_inputs`` (paths, sniffing, one document per file), ``_warc``, ``_jsonl``,
``_feed`` (RSS / Atom), ``_stream`` (gunzip, format sniffing), ``_dates`` (container dates). Decoding
page bytes to text (``_charset``: :func:`decode_html`, :func:`decode_text`) lives here too; extract
and fetch use it.
"""

from eventwire.ingest._charset import decode_html, decode_text, normalise_charset
from eventwire.ingest._inputs import read_bytes, read_inputs

__all__ = ["decode_html", "decode_text", "normalise_charset", "read_bytes", "read_inputs"]
