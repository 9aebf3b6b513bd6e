"""Small distinct documents for the engine tests, made from one page in tests/data/engine."""

from __future__ import annotations

from pathlib import Path

from eventwire.records import DocType, DocumentStatus, RawDocument, content_id

PAGE = Path(__file__).resolve().parent / "data" / "engine" / "port_talks.html"


def page_variants(count: int) -> list[RawDocument | DocumentStatus]:
    """``count`` distinct HTML documents (a numbered paragraph added to the page) and one reader failure."""
    html = PAGE.read_bytes()
    docs: list[RawDocument | DocumentStatus] = []
    for n in range(count):
        extra = f"<p>Update {n}: talks are due to resume in Reykjavik after {n + 2} days.</p></article>"
        content = html.replace(b"</article>", extra.encode())
        docs.append(RawDocument(content_id(content), f"{PAGE.name}#{n}", content, DocType.HTML))
    docs.append(DocumentStatus.failed("f" * 32, "broken.warc.gz#9", "truncated record", "ingest"))
    return docs
