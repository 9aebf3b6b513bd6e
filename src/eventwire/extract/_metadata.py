"""A page's metadata from its parsed tree: title, author, URL, site, and the publication time.

What trafilatura's ``extract_metadata`` finds, from the same tree the body is extracted from, without
the parts nothing here reads (categories, tags, licence) and without htmldate's search when the page
states an exact timestamp (:func:`stated_time`).

The author is trafilatura's ``extract_author`` (on a copy of the page without comment sections, dates and
figures, the first byline three XPath expressions find, normalised), with trafilatura 2.3.1's expressions
(``trafilatura.xpaths.AUTHOR_XPATHS`` and ``AUTHOR_DISCARD_XPATHS``) written as Python tests on the
elements of a few tags: the same elements, in the same order, in less than half the time (the
expressions scan every element and call back into Python for each EXSLT ``re:test``).
``tests/test_extract_html.py`` checks the result against trafilatura's own function.

Imported when the first HTML page is extracted: it loads lxml, htmldate and trafilatura.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from copy import deepcopy
from datetime import datetime
from typing import Any, Final

from courlan import extract_domain
from htmldate import find_date
from lxml.etree import XPath
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document, Extractor, set_date_params
from trafilatura.utils import trim
from trafilatura.xml import delete_element

DATE_FORMAT: Final = "%Y-%m-%dT%H:%M:%S%z"


# trafilatura 2.3.1's author expressions (``trafilatura.xpaths.AUTHOR_XPATHS``), as tests on one element:
# tag names, then attribute equalities and substrings (``re:test`` over literal alternatives is a
# substring test). The same elements match, in the same order.
_BYLINE_TAGS: Final = ("a", "address", "div", "link", "p", "span", "strong")  # expression 1
_BYLINE_CLASSES: Final = ("authorname", "author-name", "AuthorName", "authorName")
_GENERIC_TAGS: Final = ("a", "div", "h3", "h4", "p", "span")  # expression 2
_GENERIC_CLASS_IS: Final = frozenset({"byline", "username", "byl", "BBL"})
_GENERIC_IDS: Final = ("author", "zuozhe", "bianji", "xiaobian")
_GENERIC_CLASSES: Final = (
    "author", "channel-name", "zuozhe", "bianji", "xiaobian", "submitted-by", "posted-by", "journalist-name",
)  # fmt: skip
_ANY_IDS: Final = ("Author", "author")  # expression 3: any element
_ANY_CLASSES: Final = ("Author", "author", "screenname", "writer", "Byline", "byline")
# ... and ``AUTHOR_DISCARD_XPATHS``: comment sections, titles, dates, sidebars… (then every time and figure)
_DISCARD_TAGS: Final = ("a", "div", "section", "span")
_DISCARD_IS: Final = frozenset({"comments", "title", "date"})
_DISCARD_IDS: Final = ("commentlist", "comment-list", "ProductReviews")
_DISCARD_CLASSES: Final = (
    "commentlist", "comments-list", "sidebar", "is-hidden", "quote", "embedly-instagram", "article-share",
    "article-support", "print", "category", "meta-date", "meta-reviewer",
)  # fmt: skip


def _has(value: str | None, words: tuple[str, ...]) -> bool:
    return value is not None and any(word in value for word in words)


def _byline(element: Any) -> bool:
    if element.tag == "author":
        return True
    css = element.get("class")
    return (
        element.get("rel") == "author" or element.get("id") == "author" or css == "author"
        or element.get("itemprop") == "author name"
        or element.get("data-testid") in ("AuthorCard", "AuthorURL")
        or _has(css, _BYLINE_CLASSES)
        or any(child.tag == "rel" and child.text_content() == "me" for child in element)
    )  # fmt: skip


def _generic(element: Any) -> bool:
    css, itemprop = element.get("class"), element.get("itemprop")
    return (
        css in _GENERIC_CLASS_IS or (itemprop is not None and "author" in itemprop)
        or _has(element.get("id"), _GENERIC_IDS) or _has(css, _GENERIC_CLASSES)
    )  # fmt: skip


def _any(element: Any) -> bool:
    component, itemprop = element.get("data-component"), element.get("itemprop")
    return (
        (component is not None and "Byline" in component) or (itemprop is not None and "author" in itemprop)
        or _has(element.get("id"), _ANY_IDS) or _has(element.get("class"), _ANY_CLASSES)
    )  # fmt: skip


def _discarded(element: Any) -> bool:
    ident, css, component = element.get("id"), element.get("class"), element.get("data-component")
    return (
        (ident is not None and (ident == "comments" or ident.startswith("comments") or _has(ident, _DISCARD_IDS)))
        or (css is not None and (css in _DISCARD_IS or css.startswith(("Comments", "comments"))
                                 or _has(css, _DISCARD_CLASSES)))
        or (component is not None and "Figure" in component)
    )  # fmt: skip


def _author_candidates(tree: Any) -> Iterator[Any]:
    """Elements that may hold the byline, in trafilatura's order: each expression in turn, page order."""
    yield from (e for e in tree.iter(*_BYLINE_TAGS, "author") if _byline(e))
    yield from (e for e in tree.iter(*_GENERIC_TAGS) if _generic(e))
    yield from (e for e in tree.iter() if isinstance(e.tag, str) and _any(e))


# Publication timestamps that pages state exactly (Open Graph, schema.org, Dublin Core). htmldate drops
# their time of day in some layouts, so an exact stated timestamp wins over its guess (and spares its search).
_STATED_KEYS: Final = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "dc.date.issued",
    }
)
_STATED_XPATH: Final = XPath("//*[@content and (@property or @name or @itemprop)]")
_STATED_WITH_JSON_XPATH: Final = XPath(
    "//*[@content and (@property or @name or @itemprop)]"
    " | //script[contains(., 'atePublished') or contains(., 'atepublished') or contains(., 'ATEPUBLISHED')]"
)
_JSON_PUBLISHED: Final = re.compile(r'"datePublished"\s*:\s*"([^"]{16,40})"', re.IGNORECASE)


# ``max_date`` of htmldate's parameters: bare_extraction builds them for every call (a clock and time-zone
# lookup) though they serve only the metadata, which the body extraction does not read.
_BODY_DATE_PARAMS: Final[dict[str, Any]] = {
    "original_date": True,
    "extensive_search": True,
    "max_date": "9999-12-31",
}


def extraction_options(
    url: str | None,
    *,
    include_comments: bool = True,
    include_tables: bool = True,
    favor_precision: bool = False,
    favor_recall: bool = False,
    fast: bool = False,
) -> Extractor:
    """The ``Extractor`` ``trafilatura.bare_extraction(tree, url=url, **options)`` builds for these
    options (python output, no metadata), without deriving htmldate's parameters it then ignores."""
    return Extractor(
        output_format="python", fast=fast, precision=favor_precision, recall=favor_recall,
        comments=include_comments, tables=include_tables, url=url, date_params=_BODY_DATE_PARAMS,
    )  # fmt: skip


def extract_author(tree: Any) -> str | None:
    """trafilatura's ``extract_author``: on a copy of the page without comment sections, sidebars, dates
    and figures, the first candidate (:func:`_author_candidates`) holding 3 to 119 characters, normalised."""
    page = deepcopy(tree)
    for element in [e for e in page.iter(*_DISCARD_TAGS) if _discarded(e)]:
        delete_element(element)  # its tail text stays, as in trafilatura's prune
    for element in list(page.iter("time", "figure")):
        delete_element(element)
    for element in _author_candidates(page):
        content = trim(" ".join(element.itertext()))
        if content and 2 < len(content) < 120:
            return normalize_authors(None, content)
    return None


def page_metadata(tree: Any, url: str | None, with_date: bool) -> Any:
    """A trafilatura ``Document`` with the page's title, author, url, hostname, sitename and (``with_date``)
    date, found as ``trafilatura.metadata.extract_metadata`` finds them."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    with contextlib.suppress(Exception):  # trafilatura's JSON-LD reader has bugs; the rest counts
        meta = extract_meta_json(tree, meta)
    meta.title = meta.title or extract_title(tree)
    meta.author = meta.author or extract_author(tree)
    meta.url = meta.url or extract_url(tree, url)
    if meta.url:
        meta.hostname = extract_domain(meta.url, fast=True)
    if with_date:
        meta.date = find_date(tree, **{**set_date_params(True), "outputformat": DATE_FORMAT, "url": meta.url})
    if not meta.sitename:
        meta.sitename = extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (found := META_URL.match(meta.url)):
        meta.sitename = found[1]
    meta.clean_and_trim()
    return meta


def empty_metadata() -> Any:
    return Document()


def stated_time(tree: Any, html: str | bytes, parse: Any) -> datetime | None:
    """The first exact publication timestamp (with a time of day) the page states, in page order: an
    element's ``content`` named ``article:published_time``, ``datePublished``… (``<meta>``, microdata),
    or a ``"datePublished"`` in a script's JSON. ``parse`` reads a timestamp (None if it cannot)."""
    spellings = ("atePublished", "atepublished", "ATEPUBLISHED")  # read scripts only when JSON may state it
    with_json = (
        any(s in html for s in spellings)
        if isinstance(html, str)
        else any(s.encode() in html for s in spellings)
    )
    for element in (_STATED_WITH_JSON_XPATH if with_json else _STATED_XPATH)(tree):
        if element.tag == "script":
            for match in _JSON_PUBLISHED.finditer(element.text or ""):
                if (stamp := _exact(match.group(1), parse)) is not None:
                    return stamp
            continue
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if key.lower() in _STATED_KEYS and (stamp := _exact(element.get("content") or "", parse)) is not None:
            return stamp
    return None


def _exact(value: str, parse: Any) -> datetime | None:
    value = value.strip()
    if not 16 <= len(value) <= 40 or "T" not in value or '"' in value or "'" in value:
        return None
    stamp: datetime | None = parse(value)
    return stamp
