"""RSS 2.0 / RSS 1.0 (RDF) / Atom reader: each item or entry becomes one document.

link → url, title → title, pubDate / published / updated / dc:date → published (tz-aware),
content:encoded / content / description / summary → content (HTML when it holds markup, else text).
Parsed with a safe lxml parser: no network, no entity expansion, no huge trees.

:func:`parse_feed` gives the items as :class:`FeedItem` records (with a stable key and a digest that
changes when the item is edited) for a reader that follows a feed over time (``eventwire watch``);
:func:`read_feed` gives the documents of one feed file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from eventwire.ingest._dates import parse_datetime
from eventwire.records import DocType, DocumentStatus, RawDocument, Status, content_id

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


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item or entry of a feed.

    ``key`` identifies the item across fetches of the feed: its guid / Atom id, else its link, else
    the digest. ``digest`` changes when the item's link, title, date or content change (an edit).
    """

    key: str
    link: str | None
    title: str | None
    published: datetime | None
    body: str | None
    digest: str

    def document(self, origin: str) -> RawDocument | DocumentStatus:
        """The item as a document (its own content, not the page it links to)."""
        if self.body is None:
            return DocumentStatus.skipped(
                content_id(origin.encode()), origin, "feed item without content", STAGE
            )
        content = self.body.encode("utf-8")
        return RawDocument(
            id=content_id((self.link or "").encode() + b"\n" + content),
            origin=origin,
            content=content,
            declared_type=DocType.HTML if _MARKUP.search(self.body) else DocType.TEXT,
            url=self.link,
            title=self.title,
            published=self.published,
            encoding="utf-8",
        )


class FeedProblem(ValueError):
    """The bytes are not a feed with items; ``status`` says whether that is a failure or a skip."""

    def __init__(self, message: str, status: Status) -> None:
        super().__init__(message)
        self.status = status


def _item(item: etree._Element) -> FeedItem:
    children = _children(item)
    url = _link(children)
    body = _first(children, _CONTENT_ORDER)
    title = _first(children, ("title",))
    date_text = _first(children, _DATE_ORDER)
    digest = hashlib.sha256(
        "\x1f".join(v or "" for v in (url, title, date_text, body)).encode("utf-8", "surrogatepass")
    ).hexdigest()[:32]
    guid = next((text for name in ("guid", "id") for g in children.get(name, []) if (text := _text(g))), None)
    return FeedItem(
        key=guid or url or digest,
        link=url,
        title=title,
        published=parse_datetime(date_text) if date_text else None,
        body=body,
        digest=digest,
    )


def parse_feed(content: bytes) -> list[FeedItem]:
    """The items of an RSS 2.0, RSS 1.0 or Atom feed, in document order; FeedProblem when there are none."""
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        raise FeedProblem(f"feed is not well-formed XML: {exc}", Status.FAILED) from exc
    if root is None or _local(root) not in ("rss", "feed", "RDF"):
        name = _local(root) if root is not None else "nothing"
        raise FeedProblem(f"XML file is not an RSS/Atom feed (root <{name}>)", Status.SKIPPED)
    items = [_item(element) for element in root.iter() if _local(element) in _ITEMS]
    if not items:
        raise FeedProblem("feed without items", Status.SKIPPED)
    return items


def read_feed(content: bytes, origin: str) -> Iterator[RawDocument | DocumentStatus]:
    """The documents of one feed file (the caller has bounded its size)."""
    try:
        items = parse_feed(content)
    except FeedProblem as exc:
        row = DocumentStatus.failed if exc.status is Status.FAILED else DocumentStatus.skipped
        yield row(content_id(content), origin, str(exc), STAGE)
        return
    for count, item in enumerate(items, 1):
        yield item.document(f"{origin}#item{count}")
