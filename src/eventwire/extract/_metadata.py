"""A page's metadata from its parsed tree: title, author, URL, site, and the publication time.

What trafilatura's ``extract_metadata`` finds, from the same tree the body is extracted from, without
the parts nothing here reads (categories, tags, licence) and without htmldate's search when the page
states an exact timestamp (:func:`stated_time`).

The author is trafilatura's ``extract_author`` (prune comments, dates and figures from a copy, then the
first byline found by three XPath expressions, normalised), with trafilatura 2.3.1's expressions
(``trafilatura.xpaths.AUTHOR_XPATHS`` and ``AUTHOR_DISCARD_XPATHS``) written with ``contains()`` and
``starts-with()`` instead of EXSLT ``re:test`` over literal alternatives: the same elements match, in
about half the time (lxml calls back into Python for every ``re:test``). ``tests/test_extract_html.py``
checks the result against trafilatura's own function.

Imported when the first HTML page is extracted: it loads lxml, htmldate and trafilatura.
"""

from __future__ import annotations

import contextlib
import re
from copy import deepcopy
from datetime import datetime
from typing import Any, Final

from courlan import extract_domain
from htmldate import find_date
from lxml.etree import XPath
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_metainfo,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document, set_date_params

DATE_FORMAT: Final = "%Y-%m-%dT%H:%M:%S%z"


def _contains(attribute: str, *words: str) -> str:
    return "(" + " or ".join(f"contains(@{attribute}, '{w}')" for w in words) + ")"


def _starts(attribute: str, *words: str) -> str:
    return "(" + " or ".join(f"starts-with(@{attribute}, '{w}')" for w in words) + ")"


_AUTHOR_XPATHS: Final = (
    XPath(  # specific and almost specific
        "//*[self::a or self::address or self::div or self::link or self::p or self::span or self::strong]["
        "@rel='author' or @id='author' or @class='author' or @itemprop='author name' or rel='me' or"
        " @data-testid='AuthorCard' or @data-testid='AuthorURL' or "
        + _contains("class", "authorname", "author-name", "AuthorName", "authorName")
        + "]|//author"
    ),
    XPath(  # almost generic and generic
        "//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span]["
        "@class='byline' or @class='username' or @class='byl' or @class='BBL' or contains(@itemprop, 'author') or "
        + _contains("id", "author", "zuozhe", "bianji", "xiaobian")
        + " or "
        + _contains(
            "class",
            "author",
            "channel-name",
            "zuozhe",
            "bianji",
            "xiaobian",
            "submitted-by",
            "posted-by",
            "journalist-name",
        )  # fmt: skip
        + "]"
    ),
    XPath(  # last resort: any element
        "//*[contains(@data-component, 'Byline') or contains(@itemprop, 'author') or "
        + _contains("id", "Author", "author")
        + " or "
        + _contains("class", "Author", "author", "screenname", "writer", "Byline", "byline")
        + "]"
    ),
)
_AUTHOR_DISCARD_XPATHS: Final = (
    XPath(
        ".//*[self::a or self::div or self::section or self::span]["
        "@id='comments' or @class='comments' or @class='title' or @class='date' or "
        + _starts("id", "comments")
        + " or "
        + _contains("id", "commentlist", "comment-list", "ProductReviews")
        + " or "
        + _starts("class", "Comments", "comments")
        + " or "
        + _contains(
            "class",
            "commentlist",
            "comments-list",
            "sidebar",
            "is-hidden",
            "quote",
            "embedly-instagram",
            "article-share",
            "article-support",
            "print",
            "category",
            "meta-date",
            "meta-reviewer",
        )  # fmt: skip
        + " or contains(@data-component, 'Figure')]"
    ),
    XPath("//time|//figure"),
)

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


def extract_author(tree: Any) -> str | None:
    """trafilatura's ``extract_author``, with the faster equivalent expressions above."""
    subtree = prune_unwanted_nodes(deepcopy(tree), list(_AUTHOR_DISCARD_XPATHS))
    author = extract_metainfo(subtree, list(_AUTHOR_XPATHS), len_limit=120)
    return normalize_authors(None, author) if author else author


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
