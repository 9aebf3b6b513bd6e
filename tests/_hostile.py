"""Hostile inputs for the reliability and fuzz tests: builders of nasty documents and hypothesis strategies.

Shared by ``tests/test_fuzz_*.py``, ``tests/test_reliability_*.py``, ``benchmarks/fuzz_long.py`` and the
atheris harnesses in ``fuzz/``. Everything is generated; nothing is copied from elsewhere.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable

from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.records import DocumentStatus, RawDocument
from eventwire.settings import Settings

GOOD_TEXT = (
    "Moscow, March 3 (Eastwire) - Russia's foreign minister met his Japanese counterpart in Tokyo on "
    "Monday to discuss a peace treaty, officials said.\n\n"
    "Japan and Russia agreed to resume talks on the disputed islands next month, according to a "
    "statement released after the meeting in the Japanese capital.\n"
)
GOOD_HTML = (
    "<html><head><title>Egypt and Sudan reopen border</title></head><body><article>"
    "<h1>Egypt and Sudan reopen border</h1>"
    "<p>Egypt and Sudan agreed on Tuesday to reopen the Argeen border crossing, the two governments "
    "said in a joint statement issued in Cairo after a day of talks between their ministers.</p>"
    "<p>The crossing had been closed for three months, and traders on both sides of the frontier had "
    "complained about the losses the closure caused to their business.</p>"
    "</article></body></html>"
)
ZERO_WIDTH_AND_BIDI = (
    "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
)
WORDS = ("minister", "talks", "border", "Russia", "Japan", "treaty", "said", "on", "the", "troops", "aid")


def nested_html(depth: int = 10_000) -> bytes:
    """A page whose only text sits inside ``depth`` nested ``<div>`` elements."""
    return b"<html><body>" + b"<div>" * depth + GOOD_HTML.encode() + b"</div>" * depth + b"</body></html>"


def one_line(n_bytes: int = 20_000_000) -> bytes:
    """A single line of ``n_bytes`` bytes with no newline (words, so every reader takes it as text)."""
    unit = b"minister talks border "
    return (unit * (n_bytes // len(unit) + 1))[:n_bytes]


def words_article(n_words: int) -> bytes:
    """A plain-text article of exactly ``n_words`` words, in sentences of twelve."""
    words = [WORDS[i % len(WORDS)] for i in range(n_words)]
    lines = [" ".join(words[i : i + 12]) + "." for i in range(0, n_words, 12)]
    return "\n".join(lines).encode()


def with_nuls(payload: bytes) -> bytes:
    return payload.replace(b" ", b" \x00", 7) + b"\x00" * 16


def with_invisibles(text: str) -> bytes:
    """``text`` with zero-width and bidi controls between its words."""
    return ZERO_WIDTH_AND_BIDI.join(text.split(" ")).encode()


def mixed_encodings() -> bytes:
    """UTF-8, Latin-1, CP1251 and Shift-JIS bytes in one file."""
    return (
        GOOD_TEXT.encode()
        + "Le ministre a déclaré « non ».\n".encode("latin-1")
        + "Министр заявил, что переговоры продолжатся.\n".encode("cp1251")
        + "外相は会談した。\n".encode("shift_jis")
    )


def truncated_gzip(payload: bytes = GOOD_TEXT.encode() * 50, keep: float = 0.5) -> bytes:
    packed = gzip.compress(payload)
    return packed[: max(1, int(len(packed) * keep))]


def warc(pages: Iterable[tuple[str, bytes]], compress: bool = False) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for url, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
        writer.write_record(record)
    return buffer.getvalue()


def truncated_warc(compress: bool = True, cut: int = 60) -> bytes:
    whole = warc([(f"https://cut.example/{n}", GOOD_HTML.encode()) for n in range(3)], compress)
    return whole[: len(whole) - cut]


def jsonl_wrong_types() -> bytes:
    """JSONL lines whose fields have the wrong types, plus one good line."""
    lines: list[object] = [
        {"url": 5, "text": GOOD_TEXT},
        {"url": "https://x.example/a", "text": ["not", "a", "string"]},
        {"url": "https://x.example/b", "html": {"nested": True}},
        {"url": "https://x.example/c", "text": None},
        {"url": "https://x.example/d", "text": GOOD_TEXT, "published": 12345},
        {"url": "https://x.example/e", "text": GOOD_TEXT, "title": False},
        [1, 2, 3],
        "just a string",
        None,
        {"url": "https://x.example/good", "text": GOOD_TEXT},
    ]
    return b"\n".join(json.dumps(line).encode() for line in lines) + b"\n"


def jsonl_dates(years: Iterable[str] = ("0000", "0001", "9999", "10000", "-0001")) -> bytes:
    lines = [
        {"url": f"https://x.example/{n}", "text": GOOD_TEXT, "published": f"{year}-01-01T00:00:00Z"}
        for n, year in enumerate(years)
    ]
    return b"\n".join(json.dumps(line).encode() for line in lines) + b"\n"


def feed_missing_fields() -> bytes:
    """An RSS feed whose items lack links, titles, descriptions and dates in turn, with odd dates."""
    items = [
        "<item><title>No link</title><description>Some words about the talks.</description></item>",
        "<item><link>https://f.example/1</link></item>",
        "<item></item>",
        "<item><link>https://f.example/2</link><pubDate>Mon, 01 Jan 0000 00:00:00 GMT</pubDate>"
        "<description>Year zero.</description></item>",
        "<item><link>https://f.example/3</link><pubDate>Fri, 31 Dec 9999 23:59:59 +1400</pubDate>"
        "<description>Year 9999 at the far end of the last day.</description></item>",
        "<item><link>https://f.example/4</link><pubDate>not a date</pubDate><title>t</title></item>",
    ]
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def html_dated(year: str) -> bytes:
    """A good page whose metadata claims an impossible or extreme date."""
    meta = f'<meta property="article:published_time" content="{year}-12-31T23:59:59Z">'
    return GOOD_HTML.replace("<head>", f"<head>{meta}").encode()


NAMED_CASES: dict[str, bytes] = {
    "nested.html": nested_html(),
    "nuls.txt": with_nuls(GOOD_TEXT.encode()),
    "invisible.txt": with_invisibles(GOOD_TEXT),
    "mixed.txt": mixed_encodings(),
    "cut.txt.gz": truncated_gzip(),
    "cut.warc.gz": truncated_warc(),
    "types.jsonl": jsonl_wrong_types(),
    "dates.jsonl": jsonl_dates(),
    "missing.rss": feed_missing_fields(),
    "year0.html": html_dated("0000"),
    "year9999.html": html_dated("9999"),
    "one_word.txt": b"Breaking",
    "random.bin": bytes(range(256)) * 3,
}
"""Small hostile files (name → bytes); the 20 MB line and the 500,000-word article are built on demand."""


def _mutate(data: bytes, cuts: list[int], flips: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for position, value in flips:
        if out:
            out[position % len(out)] = value
    for cut in cuts:
        if out:
            del out[cut % len(out) :]
    return bytes(out)


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[str, bytes]:
    """A named hostile case or a good document, with bytes flipped and the tail cut off."""
    names = sorted(NAMED_CASES) + ["good.html", "good.txt", "good.warc", "good.html.gz"]
    name = draw(st.sampled_from(names))
    base = {
        "good.html": GOOD_HTML.encode(),
        "good.txt": GOOD_TEXT.encode(),
        "good.warc": warc([("https://g.example/1", GOOD_HTML.encode())]),
        "good.html.gz": gzip.compress(GOOD_HTML.encode()),
    }.get(name) or NAMED_CASES[name]
    flips = draw(st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=8))
    cuts = draw(st.lists(st.integers(0, 1 << 20), max_size=1))
    return name, _mutate(base, cuts, flips)


def hostile_text() -> st.SearchStrategy[str]:
    """Unicode text heavy in controls, invisibles, bidi marks, surrogates-free odd code points and lines."""
    pieces = st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list(ZERO_WIDTH_AND_BIDI + "\x00\r\n\t\x0b\x0c\u2028\u2029\u00a0·•|>»")),
        st.sampled_from([w + " " for w in WORDS] + [".\n", "\n\n"]),
    )
    return st.lists(pieces, max_size=600).map("".join)


def check_read(items: list[RawDocument | DocumentStatus], settings: Settings) -> None:
    """What every reader output must satisfy: records only, with reasons, within the size limit."""
    for item in items:
        assert isinstance(item, RawDocument | DocumentStatus), type(item)
        if isinstance(item, DocumentStatus):
            assert item.reason.strip() and item.stage == "ingest", item
        else:
            assert len(item.content) <= settings.max_document_bytes
            assert item.id and item.origin
