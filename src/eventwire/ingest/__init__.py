"""Ingest stage: inputs (files, directories, globs, stdin) in, :class:`RawDocument` s or ledger rows out.

Its public face is :func:`read_inputs` (and :func:`read_bytes` for one in-memory input); the readers
behind it are private: ``_inputs`` (paths, sniffing, one document per file), ``_warc``, ``_jsonl``,
``_feed`` (RSS / Atom), ``_stream`` (gunzip, format sniffing), ``_dates`` (container dates). Decoding
page bytes to text (``_charset``: :func:`decode_html`, :func:`decode_text`) lives here too; extract
and fetch use it. :func:`parse_feed` gives a feed's items (:class:`FeedItem`) to readers that follow a
feed over time (``eventwire watch``).
"""

from eventwire.ingest._charset import decode_html, decode_text, normalise_charset
from eventwire.ingest._feed import FeedItem, FeedProblem, parse_feed
from eventwire.ingest._inputs import read_bytes, read_inputs

__all__ = [
    "FeedItem",
    "FeedProblem",
    "decode_html",
    "decode_text",
    "normalise_charset",
    "parse_feed",
    "read_bytes",
    "read_inputs",
]
