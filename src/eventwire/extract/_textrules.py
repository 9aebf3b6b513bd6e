"""Line rules of the scraped-text cleaner: what kind of line is this (UI row, boilerplate, link, text…)?

The rules are general patterns of news-site furniture, each written for a family of sites rather than
one page; the tests in ``tests/test_textclean_*.py`` exercise them on pages in several sites' styles.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from eventwire.extract._datelines import parse_byline, parse_dateline

_I = re.IGNORECASE


class Kind(enum.Enum):
    UI = "ui"
    BOILERPLATE = "boilerplate"
    RELATED = "related"
    LIST_HEADER = "list-header"
    DATELINE = "dateline"
    BYLINE = "byline"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class LineInfo:
    text: str
    block: int
    kind: Kind
    headline: str | None = None
    site: str | None = None


_DOMAIN = r"(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}"
# "Also on rt.com <headline>", "Read more: <headline>", "Related: <headline>", "See also <headline>".
_RELATED = (
    re.compile(rf"^also on (?P<site>{_DOMAIN})\b\s*[:\-–—|]?\s*(?P<headline>.*)$", _I),
    re.compile(
        r"^(?:read more|read also|also read|related|see also|more on this(?: story)?|"
        r"related (?:story|stories|article|articles|coverage)|recommended|watch|listen)"
        r"\s*(?:[:|»›>–—]|\s-\s)\s*(?P<headline>\S.*)$",
        _I,
    ),
    re.compile(r"^see also\s+(?P<headline>\S.*)$", _I),
)
# Headers of headline lists; the short lines that follow them are related links, not body.
_LIST_HEADERS = (
    re.compile(
        r"^(?:read more|related|see also|related (?:stories|articles|topics|content|coverage|links)|"
        r"more on this (?:story|topic)|more stories|more news|latest news|top stories|trending(?: now)?|"
        r"you (?:may|might) also (?:like|be interested in)|recommended(?: for you)?|"
        r"most (?:read|popular|viewed|watched)|editor'?s picks|what to read next)\s*:?$",
        _I,
    ),
    re.compile(r"^more (?:from|on) (?P<site>\S.{0,60})$", _I),
)
# Headers of topic/tag lists: the short lines that follow them are dropped.
_DROP_HEADERS = re.compile(r"^(?:related )?(?:topics|tags|categories|filed under|explore more)\s*:?$", _I)
_BOILERPLATE = tuple(
    re.compile(pattern, _I)
    for pattern in (
        # share prompts
        r"^(?:share|tweet|email|e-mail|print|copy link|save)(?: (?:this|on|via|article|story|page|link)\b.*)?$",
        r"\bshare (?:it|this|the story|the article|this story|this article) with (?:a|your) friends?\b",
        r"^(?:if you|did you) (?:like|liked|enjoy|enjoyed|found)\b.{0,30}\b(?:story|article|piece|post)\b",
        # advertising and reading furniture
        r"^(?:advertisement|advert|ad|sponsored(?: content)?|promoted|paid content|"
        r"story continues below(?: advertisement)?|continue reading(?: below| the main story)?|"
        r"scroll (?:down )?to continue(?: reading)?|skip (?:to )?(?:main )?content|skip advertisement|"
        r"listen to this article|print this (?:page|article))\W*$",
        # cookies and consent
        r"\b(?:we|this (?:site|website)|our (?:site|website)) uses? cookies\b",
        r"\bcookie (?:policy|settings|preferences|consent|notice)\b",
        r"^(?:accept|reject|manage) (?:all )?cookies\b",
        # newsletters and apps
        r"\b(?:sign up|subscribe)\b.{0,80}\b(?:newsletter|briefing|inbox|email updates|alerts)\b",
        r"^(?:get|receive) (?:our|the)\b.{0,40}\bnewsletter\b",
        r"^(?:sign up|subscribe)\b.{0,40}$",
        r"^(?:\w+ )?newsletters?\W*$",
        r"^download (?:our|the) app\b",
        # copyright, credits and social
        r"^(?:©|\(c\)|copyright\b)",
        r"^(?:source|credit|courtesy)\s*:\s*\S",  # "Source: Voice of America (voanews.com), https://…"
        r"\ball rights reserved\b",
        r"^follow (?:us|\S+) on\b",
        r"^(?:join|find) us on\b",
        r"^follow (?:us|@\w+)\W*$",
        r"^follow\b.{0,40}:$",
        r"^our (?:standards|editorial (?:standards|guidelines|policies))\b",
        # captions, tags, comment widgets
        r"^(?:image|photo|picture|video)(?: (?:source|caption|copyright|credit))?\s*[:,]",
        r"^(?:tags|topics|filed under|categories)\s*:",
        r"^(?:\d+\s+)?comments?\W*$",
        r"^(?:leave|post|add|view|show) (?:a )?comments?\b",
    )
)
_BOILERPLATE_MAX_WORDS = 45
_UI_WORDS = frozenset(
    [
        "menu",
        "search",
        "home",
        "homepage",
        "login",
        "log",
        "sign",
        "signin",
        "signup",
        "register",
        "account",
        "profile",
        "subscribe",
        "subscription",
        "share",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "telegram",
        "vk",
        "instagram",
        "youtube",
        "linkedin",
        "reddit",
        "email",
        "e-mail",
        "print",
        "close",
        "open",
        "skip",
        "to",
        "content",
        "main",
        "navigation",
        "nav",
        "more",
        "next",
        "previous",
        "prev",
        "back",
        "top",
        "up",
        "down",
        "in",
        "out",
        "follow",
        "us",
        "newsletter",
        "newsletters",
        "rss",
        "live",
        "video",
        "videos",
        "audio",
        "podcast",
        "podcasts",
        "watch",
        "listen",
        "tv",
        "radio",
        "news",
        "world",
        "business",
        "sport",
        "sports",
        "politics",
        "opinion",
        "op-ed",
        "tech",
        "technology",
        "science",
        "health",
        "culture",
        "entertainment",
        "lifestyle",
        "travel",
        "weather",
        "markets",
        "economy",
        "africa",
        "asia",
        "europe",
        "americas",
        "middle",
        "east",
        "uk",
        "us",
        "usa",
        "the",
        "and",
        "of",
        "en",
        "ru",
        "fr",
        "de",
        "es",
        "ar",
        "edition",
        "editions",
        "language",
        "app",
        "apps",
        "settings",
        "notifications",
        "bookmark",
        "bookmarks",
        "saved",
        "save",
        "comments",
        "comment",
        "trending",
        "latest",
        "breaking",
        "topics",
        "sections",
        "section",
        "about",
        "contact",
        "help",
        "privacy",
        "terms",
        "shop",
        "games",
        "puzzles",
        "archive",
        "archives",
        "blog",
    ]
)
_UI_GLUE = frozenset(["in", "up", "out", "on", "to", "of", "the", "and", "&", "our", "us", "with", "for"])
_MENU_SEPARATORS = re.compile(r"\s*[|•·»›]\s*|\s+/\s+")
_TOKEN_STRIP = "\"'“”‘’.,:;!?()[]{}<>«»*#"
_TERMINAL = (".", "!", "?", "…", '"', "”", "’", "'", ")")


def classify_line(line: str, block: int) -> LineInfo:
    """The kind of one non-empty, whitespace-normalised line of a scraped page."""
    if parse_dateline(line) is not None:
        return LineInfo(line, block, Kind.DATELINE)
    if parse_byline(line) is not None:
        return LineInfo(line, block, Kind.BYLINE)
    for pattern in _RELATED:
        match = pattern.match(line)
        if match is not None:
            site = _site(match.groupdict().get("site"))
            headline = match.group("headline").strip() or None
            return LineInfo(line, block, Kind.RELATED, headline=headline, site=site)
    if _DROP_HEADERS.match(line):
        return LineInfo(line, block, Kind.LIST_HEADER, headline="drop")
    if len(line.split()) <= 8:
        for pattern in _LIST_HEADERS:
            match = pattern.match(line)
            if match is not None:
                return LineInfo(line, block, Kind.LIST_HEADER, site=_site(match.groupdict().get("site")))
    if len(line.split()) <= _BOILERPLATE_MAX_WORDS and any(p.search(line) for p in _BOILERPLATE):
        return LineInfo(line, block, Kind.BOILERPLATE)
    if is_ui_row(line):
        return LineInfo(line, block, Kind.UI)
    return LineInfo(line, block, Kind.TEXT)


def is_ui_row(line: str) -> bool:
    """Icon strips, separator menus and lines made only of interface words."""
    tokens = line.split()
    if sum("icon" in token.lower() for token in tokens) >= 3:
        return True
    if line.endswith(_TERMINAL):
        return False
    segments = [s for s in _MENU_SEPARATORS.split(line) if s]
    if len(segments) >= 3 and all(len(s.split()) <= 3 for s in segments):
        return True
    # Function words ("sign in", "log out", "terms of use") say nothing either way.
    words = [w for w in (t.strip(_TOKEN_STRIP + "|•·»›/").lower() for t in tokens) if w and w not in _UI_GLUE]
    if not words or len(words) > 30:
        return False
    return sum(w in _UI_WORDS for w in words) / len(words) >= 0.9


def is_prose(text: str) -> bool:
    """A line that reads like a paragraph of running text."""
    words = len(text.split())
    return (words >= 10 and text.endswith(_TERMINAL)) or words >= 25


def is_sentence(text: str) -> bool:
    """A line that ends like a sentence (used to trim furniture after the last paragraph)."""
    return len(text.split()) >= 3 and text.endswith(_TERMINAL)


def is_headline_like(text: str) -> bool:
    """A line that could be a headline: 2–30 words, not ending like a sentence or a label."""
    words = len(text.split())
    return 2 <= words <= 30 and len(text) <= 250 and not text.endswith((".", ":", ";", ","))


def _site(value: str | None) -> str | None:
    if not value:
        return None
    candidate = value.strip().lower().removeprefix("www.")
    return candidate if re.fullmatch(_DOMAIN, candidate) else None
