"""read_inputs on each good format: HTML (plain and gzip'd), text, JSONL, RSS, Atom."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from eventwire.ingest import read_inputs
from eventwire.records import DocType, DocumentStatus, RawDocument, Status, content_id
from eventwire.settings import Settings

DATA = Path(__file__).resolve().parent / "data" / "ingest"


def _read(paths: list[Path | str], settings: Settings) -> list[RawDocument | DocumentStatus]:
    return list(read_inputs([str(p) for p in paths], settings))


def _docs(items: list[RawDocument | DocumentStatus]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def test_ingest_html_file_is_one_html_document(settings: Settings) -> None:
    path = DATA / "summit.html"
    [doc] = _read([path], settings)
    assert isinstance(doc, RawDocument)
    assert doc.declared_type is DocType.HTML
    assert doc.content == path.read_bytes()
    assert doc.id == content_id(path.read_bytes())
    assert doc.origin == str(path)


def test_ingest_gzipped_html_by_suffix_and_by_magic(tmp_path: Path, settings: Settings) -> None:
    raw = (DATA / "summit.html").read_bytes()
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(raw))
    (tmp_path / "b.download").write_bytes(gzip.compress(raw))
    docs = _docs(_read([tmp_path / "a.html.gz", tmp_path / "b.download"], settings))
    assert [d.content for d in docs] == [raw, raw]
    assert all(d.declared_type is DocType.HTML for d in docs)


def test_ingest_unknown_extension_is_sniffed(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "page.php").write_bytes((DATA / "summit.html").read_bytes())
    (tmp_path / "notes.dat").write_bytes((DATA / "wire.txt").read_bytes())
    docs = _docs(_read([tmp_path / "page.php", tmp_path / "notes.dat"], settings))
    assert [d.declared_type for d in docs] == [DocType.HTML, DocType.TEXT]


def test_ingest_text_file_is_one_text_document(settings: Settings) -> None:
    [doc] = _read([DATA / "wire.txt"], settings)
    assert isinstance(doc, RawDocument)
    assert doc.declared_type is DocType.TEXT


def test_ingest_seed_text_page(shared_dir: Path, settings: Settings) -> None:
    seed = shared_dir / "seeds" / "000_1cccc1b26a4a26bc.txt"
    [doc] = _read([seed], settings)
    assert isinstance(doc, RawDocument)
    assert doc.declared_type is DocType.TEXT
    assert doc.content == seed.read_bytes()


def test_ingest_jsonl_lines_become_documents_with_hints(settings: Settings) -> None:
    path = DATA / "wires.jsonl"
    first, second = _docs(_read([path], settings))
    assert (first.origin, second.origin) == (f"{path}:1", f"{path}:2")
    assert first.declared_type is DocType.HTML
    assert first.url == "https://example.org/news/1"
    assert first.title == "Brazil recalls ambassador"
    assert first.source == "example.org"
    assert first.published == datetime(2024, 2, 19, 10, tzinfo=timezone(timedelta(hours=1)))
    assert second.declared_type is DocType.TEXT
    assert second.content == b"Japan and South Korea agreed to resume defence talks."
    assert second.published == datetime(2024, 2, 20, tzinfo=UTC)


def test_ingest_jsonl_bad_lines_are_rows_and_the_rest_is_read(tmp_path: Path, settings: Settings) -> None:
    lines = [
        '{"url": "https://a.example/1", "text": "Peru and Bolivia signed a trade accord."}',
        "{not json",
        "[1, 2]",
        '{"url": 7, "text": "wrong url type"}',
        '{"url": "https://a.example/5"}',
        "",
        '{"url": "https://a.example/7", "html": "<p>Ghana hosted talks.</p>", "published": "last week"}',
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read([path], settings)
    by_origin = {item.origin: item for item in items}
    assert set(by_origin) == {f"{path}:{n}" for n in (1, 2, 3, 4, 5, 7)}
    reasons = {o.rsplit(":", 1)[1]: i.reason for o, i in by_origin.items() if isinstance(i, DocumentStatus)}
    assert reasons["2"].startswith("line 2: invalid JSON")
    assert reasons["3"] == "line 3: not a JSON object but list"
    assert reasons["4"] == "line 4: field 'url' must be a string, not int"
    assert reasons["5"] == "line 5: has neither 'html' nor 'text'"
    kept = by_origin[f"{path}:7"]
    assert isinstance(kept, RawDocument)
    assert kept.published is None  # unparseable date: document kept, date dropped


def test_ingest_rss_items_become_documents(settings: Settings) -> None:
    path = DATA / "world.rss"
    first, second, third = _read([path], settings)
    assert isinstance(first, RawDocument)
    assert isinstance(second, RawDocument)
    assert first.url == "https://news.example.net/world/chile-argentina-border"
    assert first.title == "Chile and Argentina open new border crossing"
    assert first.published == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert first.declared_type is DocType.HTML
    assert b"new border crossing in the Andes" in first.content  # content:encoded beats description
    assert second.declared_type is DocType.TEXT
    assert second.published is not None
    assert second.published.utcoffset() == timedelta(hours=3)
    assert isinstance(third, DocumentStatus)
    assert (third.status, third.reason) == (Status.SKIPPED, "feed item without content")
    assert third.origin == f"{path}#item3"


def test_ingest_atom_entry_becomes_document(settings: Settings) -> None:
    [entry] = _read([DATA / "world.atom"], settings)
    assert isinstance(entry, RawDocument)
    assert entry.url == "https://wire.example.com/norway-mediation"
    assert entry.published == datetime(2024, 3, 7, 11, 15, tzinfo=UTC)
    assert entry.declared_type is DocType.HTML
    assert entry.content.startswith(b"<p>Norway offered")


def test_ingest_feed_in_xml_file_is_sniffed(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "feed.xml").write_bytes((DATA / "world.atom").read_bytes())
    (tmp_path / "other.xml").write_bytes(b'<?xml version="1.0"?><config><a>1</a></config>')
    entry, other = _read([tmp_path / "feed.xml", tmp_path / "other.xml"], settings)
    assert isinstance(entry, RawDocument)
    assert isinstance(other, DocumentStatus)
    assert other.reason == "XML file that is not an RSS/Atom feed"


def test_ingest_feed_does_not_expand_entities(tmp_path: Path, settings: Settings) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<rss><channel><item><link>https://x.example/1</link>"
        "<description>before &xxe; after</description></item></channel></rss>"
    )
    (tmp_path / "evil.rss").write_text(feed, encoding="utf-8")
    items = _read([tmp_path / "evil.rss"], settings)
    assert all(b"TOP-SECRET" not in getattr(item, "content", b"") for item in items)
