"""The scraped-text cleaner: turns an already-scraped news page (one text file) into title, date and body.

Scraped pages keep the site's furniture as lines of text. Each line is classified on its own, with
general rules rather than per-site ones:

* **UI rows** — icon strips (``cameraicon shareicon …``), menus (``Home | World | Business``), lines made
  mostly of interface words (``Menu Search Sign in``) and single-word controls (``Advertisement``);
* **boilerplate** — share prompts, cookie banners, newsletter sign-ups, copyright and "Follow us" lines,
  image credits, tag lists, comment widgets (the patterns in :mod:`eventwire.extract._textrules`);
* **related links** — ``Also on rt.com <headline>``, ``Read more: <headline>``, ``Related: …``, ``See also …``,
  and the short headline lists under headers such as ``Related stories`` or ``More from …``; their
  headlines are kept as :class:`RelatedLink`\\ s, the site in "Also on <site>" gives the source domain;
* **datelines and bylines** (:mod:`eventwire.extract._datelines`);
* **text** — everything else.

The title is the headline-like text line that the page repeats near its top, or else the first
headline-like line before the first prose paragraph; short lines above it are navigation. The body is
the text after the title without any repeat of it, trailing non-prose lines trimmed, with paragraphs
separated by blank lines (hard-wrapped lines of one paragraph are joined).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from eventwire.extract._datelines import parse_byline, parse_dateline
from eventwire.extract._textrules import (
    Kind,
    LineInfo,
    classify_line,
    is_headline_like,
    is_prose,
    is_sentence,
)
from eventwire.records import RelatedLink

_TITLE_SEARCH_LINES = 15
_TERMINAL = (".", "!", "?", "…", '"', "”", "’", "'", ")", ":")


@dataclass(frozen=True, slots=True)
class CleanedText:
    """What the cleaner found in one scraped page."""

    body: str
    title: str | None = None
    published: datetime | None = None
    author: str | None = None
    source: str | None = None
    related_links: tuple[RelatedLink, ...] = ()


def decode_scraped(content: bytes) -> str:
    """Bytes of a scraped page as text (the ingest decoder when available, else UTF-8 with replacement)."""
    try:
        from eventwire.ingest import decode_text
    except ImportError:
        return content.decode("utf-8", errors="replace").lstrip("\ufeff")
    return decode_text(content)


def clean_scraped_text(text: str) -> CleanedText:
    """Title, date, author, source, body and related links of an already-scraped news page."""
    lines = _lines(text)
    infos = [classify_line(line, block) for line, block in lines]
    infos = _mark_link_lists(infos)
    title_at = _find_title(infos)
    title = infos[title_at].text if title_at is not None else None
    body_infos = _body_lines(infos, title_at, title)
    return CleanedText(
        body=_assemble(body_infos, titled=title is not None),
        title=title,
        published=_published(infos),
        author=_author(infos),
        source=next((i.site for i in infos if i.site), None),
        related_links=_related(infos),
    )


def _lines(text: str) -> list[tuple[str, int]]:
    """Non-empty, whitespace-normalised lines with the index of the blank-line-separated block of each."""
    out: list[tuple[str, int]] = []
    block = 0
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.replace("\u00a0", " ").replace("\ufeff", "").split())
        if not line:
            block += 1
            continue
        out.append((line, block))
    return out


def _mark_link_lists(infos: list[LineInfo]) -> list[LineInfo]:
    """Short lines under a list header become related links ("Related stories", "More from X") or are
    dropped (topic and tag lists: the header's ``headline`` is set to ``"drop"``)."""
    out: list[LineInfo] = []
    in_list = keep = False
    for info in infos:
        if info.kind is Kind.LIST_HEADER:
            in_list, keep = True, info.headline is None
        elif in_list and info.kind is Kind.TEXT and not is_prose(info.text):
            kind = Kind.RELATED if keep else Kind.BOILERPLATE
            info = LineInfo(info.text, info.block, kind, headline=info.text if keep else None)
        elif info.kind is Kind.TEXT:
            in_list = False
        out.append(info)
    return out


def _find_title(infos: list[LineInfo]) -> int | None:
    """Index of the title line: a repeated headline-like line near the top, else the first one."""
    text_at = [i for i, info in enumerate(infos) if info.kind is Kind.TEXT]
    first_prose = next((i for i in text_at if is_prose(infos[i].text)), len(infos))
    head = [i for i in text_at[:_TITLE_SEARCH_LINES] if is_headline_like(infos[i].text)]
    seen: dict[str, int] = {}
    for i in head:
        key = infos[i].text.casefold()
        if key in seen:
            return seen[key]
        seen[key] = i
    before_prose = [i for i in head if i < first_prose]
    # Very short lines (menu words: "World", "Europe") above a longer one are navigation.
    return next((i for i in before_prose if len(infos[i].text.split()) > 3), next(iter(before_prose), None))


def _body_lines(infos: list[LineInfo], title_at: int | None, title: str | None) -> list[LineInfo]:
    start = title_at + 1 if title_at is not None else 0
    key = title.casefold() if title else None
    return [
        info
        for info in infos[start:]
        if info.kind is Kind.TEXT and (key is None or info.text.casefold() != key)
    ]


def _assemble(infos: list[LineInfo], titled: bool) -> str:
    """Paragraphs separated by blank lines, with the furniture around the text trimmed.

    Lines of one hard-wrapped paragraph are joined with a space. Then, without a title, navigation
    above the first prose paragraph goes; with one, non-sentence lines between it and the first
    sentence (bureau lines, kickers); after the last sentence, whatever is not one (credits,
    "Source: …", tag words).
    """
    paragraphs: list[str] = []
    previous: LineInfo | None = None
    for info in infos:
        if previous is not None and _continues(previous, info):
            paragraphs[-1] = f"{paragraphs[-1]} {info.text}"
        else:
            paragraphs.append(info.text)
        previous = info
    lead = is_sentence if titled else is_prose
    first = next((n for n, text in enumerate(paragraphs) if lead(text)), len(paragraphs))
    paragraphs = paragraphs[first:]
    # Trailing furniture is short; a long paragraph cut off mid-sentence is still text.
    while paragraphs and not (is_sentence(paragraphs[-1]) or is_prose(paragraphs[-1])):
        paragraphs.pop()
    return "\n\n".join(paragraphs)


def _continues(previous: LineInfo, current: LineInfo) -> bool:
    if previous.block != current.block or previous.text.endswith(_TERMINAL):
        return False
    first = current.text[0]
    return first.islower() or (len(previous.text) >= 50 and previous.text[-1].isalnum())


def _published(infos: list[LineInfo]) -> datetime | None:
    datelines = [d for d in (parse_dateline(i.text) for i in infos if i.kind is Kind.DATELINE) if d]
    published = [d for d in datelines if not d.updated]
    chosen = published or datelines
    return chosen[0].when if chosen else None


def _author(infos: list[LineInfo]) -> str | None:
    for info in infos:
        if info.kind is Kind.BYLINE:
            return parse_byline(info.text)
        if info.kind is Kind.DATELINE:
            dateline = parse_dateline(info.text)
            if dateline is not None and dateline.author:
                return dateline.author
    return None


def _related(infos: list[LineInfo]) -> tuple[RelatedLink, ...]:
    seen: set[str] = set()
    links: list[RelatedLink] = []
    for info in infos:
        if info.kind is Kind.RELATED and info.headline and info.headline.casefold() not in seen:
            seen.add(info.headline.casefold())
            links.append(RelatedLink(title=info.headline))
    return tuple(links)
