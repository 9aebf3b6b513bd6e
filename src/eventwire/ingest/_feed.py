"""RSS 2.0 / RSS 1.0 (RDF) / Atom reader: each item or entry becomes one document.

link → url, title → title, pubDate / published / updated / dc:date → published (tz-aware),
content:encoded / content / description / summary → content (HTML when it holds markup, else text).
Parsed with a safe lxml parser: no network, no entity expansion, no huge trees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from eventwire.ingest._dates import parse_datetime
from eventwire.records import DocType, DocumentStatus, RawDocument, content_id

STAGE = "ingest"
_ITEMS = frozenset({"item", "entry"})
_CONTENT_ORDER = ("encoded", "content", "description", "summary")
_DATE_ORDER = ("pubDate", "published", "date", "updated", "issued", "modified")
_MARKUP = re.compile(r"<[a-zA-Z][^>]*>")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_pis=True
    )


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(item: etree._Element) -> dict[str, list[etree._Element]]:
    found: dict[str, list[etree._Element]] = {}
    for child in item:
        found.setdefault(_local(child), []).append(child)
    return found


def _text(element: etree._Element) -> str:
    """An element's content: text for plain/escaped content, serialised children for inline XHTML."""
    if len(element):
        inner = [element.text or ""]
        for child in element:
            inner.append(etree.tostring(child, encoding="unicode", with_tail=True))
        return "".join(inner).strip()
    return (element.text or "").strip()


def _link(children: dict[str, list[etree._Element]]) -> str | None:
    for link in children.get("link", []):
        href: str | None = link.get("href")
        if href and link.get("rel", "alternate") == "alternate":
            return href.strip()
        if not href and (link.text or "").strip():
            return (link.text or "").strip()
    guids = [g for g in children.get("guid", []) if g.get("isPermaLink", "true") == "true"]
    if guids and (guids[0].text or "").strip().startswith("http"):
        return (guids[0].text or "").strip()
    return None


def _first(children: dict[str, list[etree._Element]], names: tuple[str, ...]) -> str | None:
    for name in names:
        for element in children.get(name, []):
            value = _text(element)
            if value:
                return value
    return None


def _item(item: etree._Element, where: str) -> RawDocument | DocumentStatus:
    children = _children(item)
    url = _link(children)
    body = _first(children, _CONTENT_ORDER)
    if body is None:
        return DocumentStatus.skipped(content_id(where.encode()), where, "feed item without content", STAGE)
    date_text = _first(children, _DATE_ORDER)
    content = body.encode("utf-8")
    return RawDocument(
        id=content_id((url or "").encode() + b"\n" + content),
        origin=where,
        content=content,
        declared_type=DocType.HTML if _MARKUP.search(body) else DocType.TEXT,
        url=url,
        title=_first(children, ("title",)),
        published=parse_datetime(date_text) if date_text else None,
        encoding="utf-8",
    )


def read_feed(content: bytes, origin: str) -> Iterator[RawDocument | DocumentStatus]:
    """The documents of one feed file (the caller has bounded its size)."""
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        yield DocumentStatus.failed(content_id(content), origin, f"feed is not well-formed XML: {exc}", STAGE)
        return
    if root is None or _local(root) not in ("rss", "feed", "RDF"):
        name = _local(root) if root is not None else "nothing"
        yield DocumentStatus.skipped(
            content_id(content), origin, f"XML file is not an RSS/Atom feed (root <{name}>)", STAGE
        )
        return
    count = 0
    for element in root.iter():
        if _local(element) in _ITEMS:
            count += 1
            yield _item(element, f"{origin}#item{count}")
    if count == 0:
        yield DocumentStatus.skipped(content_id(content), origin, "feed without items", STAGE)
