"""Build eventwire's sample corpus (``samples/``) from Voice of America stories.

Usage::

    .venv/bin/python scripts/build_samples.py [--voa PATH] [--out DIR]

Reads the VOA benchmark stories (``../shared/eval/corpora/voa_benchmark/.../voa_stories.jsonl`` beside the
checkout; only this script reads ``../shared``, the samples it writes stand alone) and renders a selection
of them into the formats a user meets:

- HTML pages in three page templates of our own with the usual furniture (navigation, share bar, related
  links, newsletter box, cookie banner, footer), one of them encoded in windows-1252 and one gzipped;
- a gzipped WARC of a small crawl (request and response records), with a 404 page and a GIF image that
  the reader must skip with a reason;
- an RSS 2.0 feed (``content:encoded``, ``dc:creator``, ``pubDate``);
- JSON lines (``text`` or ``html``), one line syndicating another with edits, one line broken on purpose;
- two already-scraped text pages, one in the layout of the seed page and one in a second site's layout.

**Selection.** Stories of 300 to 900 words (long enough to hold events, short enough for a quick first run),
drawn at random with seed 18 within each VOA desk, so many per desk (:data:`QUOTAS`): every desk of the
corpus is represented, the large ones more, and the draw spans 2019 to 2025. The chosen stories are then
dealt to the formats in a shuffled order (same seed).

**Licence and credit.** VOA's own stories are US-government works in the public domain; VOA asks reusers to
credit "Voice of America (voanews.com)". Every file keeps each story's URL (canonical link, WARC target,
feed link, JSON ``url``) and carries that credit; ``samples/README.md`` lists every story with its URL.
Only the page templates are ours. The VOA text is split into paragraphs here (the corpus joins them) and
otherwise left as published; the syndicated JSON line drops the story's last two sentences.

Everything is deterministic: running the script twice writes byte-identical files.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import html
import io
import json
import random
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
VOA = (
    REPO.parent
    / "shared/eval/corpora/voa_benchmark/ahalterman+NGEC-2025/data/voa_benchmark/voa_stories.jsonl"
)
SEED = 18
MIN_WORDS, MAX_WORDS = 300, 900
# stories per VOA desk (the desk's share of the 89 stories, at least one each): 30 in all
QUOTAS = {
    "Africa": 8,
    "East Asia": 5,
    "Europe": 4,
    "South & Central Asia": 4,
    "Middle East": 2,
    "Ukraine": 2,
    "Americas": 1,
    "China News": 1,
    "Iran": 1,
    "Immigration": 1,
    "Press Freedom": 1,
}
# how many of the shuffled stories go to each format, in this order
FORMATS = (("html", 12), ("warc", 6), ("rss", 6), ("jsonl", 4), ("text", 2))
CREDIT = "Voice of America (voanews.com)"
SITE = "Voice of America"
ID_NAMESPACE = uuid.UUID("6f1d7c2e-3b7a-4f59-9a51-2a8f0e4c9b10")
USER_AGENT = "eventwire-sample-crawler/0.2 (+https://eventwire.example/bot)"
PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
SYNDICATOR = "worldwire-digest.example"
KEPT = ("README.md", "colombia_eln_alto_el_fuego_2023.html")  # written by us: the README, the Spanish page

# ---------------------------------------------------------------- stories


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    url: str
    section: str
    title: str
    author: str
    published: datetime
    keywords: str
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def slug(self) -> str:
        stop = {
            "a",
            "an",
            "the",
            "of",
            "in",
            "on",
            "to",
            "for",
            "and",
            "as",
            "at",
            "by",
            "with",
            "after",
            "is",
        }
        words = [
            w for w in re.findall(r"[a-z0-9]+", re.sub(r"['’]s\b", "", self.title.lower())) if w not in stop
        ]
        return "_".join(words[:5])

    @property
    def name(self) -> str:
        return f"voa_{self.slug}_{self.published.year}"

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.text)


def read_stories(path: Path) -> list[Story]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        published = datetime.strptime(row["published"], "%Y-%m-%d %H:%M:%SZ").replace(tzinfo=UTC)
        out.append(
            Story(
                row["id"],
                row["url"],
                row["section"],
                row["title"].strip(),
                row["author"].strip(),
                published,
                row["keywords"],
                row["text"].strip(),
            )  # fmt: skip
        )
    return out


def select(stories: Sequence[Story]) -> list[Story]:
    """:data:`QUOTAS` stories per desk among those of MIN_WORDS..MAX_WORDS words, seed :data:`SEED`."""
    rng = random.Random(SEED)
    chosen: list[Story] = []
    for section, quota in QUOTAS.items():
        pool = sorted((s for s in stories if s.section == section and MIN_WORDS <= s.words <= MAX_WORDS),
                      key=lambda s: s.id)  # fmt: skip
        if len(pool) < quota:
            raise SystemExit(f"only {len(pool)} stories of {MIN_WORDS}-{MAX_WORDS} words in {section!r}")
        chosen.extend(rng.sample(pool, quota))
    return chosen


# Full stops that do not end a sentence: titles and common abbreviations before a capitalised word.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "sen",
        "rep",
        "gov",
        "pres",
        "st",
        "mt",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "inc",
        "co",
        "corp",
        "jr",
        "sr",
        "prof",
        "rev",
    ]
)
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"”’']?)\s+(?=[\"“‘']?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """The story's sentences: a break after ``.``/``!``/``?`` (and a closing quote) before a capital,
    except after an initial or an abbreviation (``U.S.``, ``Gen.``, ``Jan.``)."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        last = before.split()[-1] if before.split() else ""
        word = last.rstrip(".!?\"”’'").lower()
        initials = bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?", last.rstrip("\"”’'")))
        if word in _ABBREVIATIONS or initials or len(word) == 1:
            continue
        out.append(text[start : match.end(1)].strip())
        start = match.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def paragraphs(text: str) -> list[str]:
    """Sentences grouped into paragraphs of about 60 words (a quote or a long sentence stands alone)."""
    out: list[str] = []
    current: list[str] = []
    for sentence in sentences(text):
        current.append(sentence)
        if sum(len(s.split()) for s in current) >= 45 or len(current) == 3:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def e(text: str) -> str:
    return html.escape(text, quote=True)


# ---------------------------------------------------------------- HTML pages


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _long_date(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year} {moment:%H:%M} UTC"


def _related(story: Story, others: Sequence[Story], count: int = 3) -> list[Story]:
    """Other sample stories to link from a page (the same ones every run)."""
    pool = [o for o in others if o.id != story.id]
    start = int(story.id) % len(pool)
    return [pool[(start + k * 7) % len(pool)] for k in range(count)]


def _body(story: Story, related: Story | None, related_after: int = 3) -> str:
    parts = []
    for number, paragraph in enumerate(story.paragraphs, 1):
        parts.append(f"<p>{e(paragraph)}</p>")
        if related is not None and number == related_after:
            parts.append(
                f'<div class="related-box"><h4>Related</h4><ul><li><a href="{e(related.url)}">'
                f"{e(related.title)}</a></li></ul></div>"
            )
    return "\n".join(parts)


def _credit(story: Story) -> str:
    return (
        f'<p class="credit">Story: {e(CREDIT)}, <a href="{e(story.url)}">{e(story.url)}</a>. '
        "A US-government work in the public domain; page template by eventwire.</p>"
    )


def page_standard(story: Story, others: Sequence[Story], charset: str = "utf-8") -> str:
    """Header and navigation, article with byline and share bar, an inline related link, a sidebar, a
    newsletter box and a footer."""
    related = _related(story, others)
    sidebar = "\n".join(f'<li><a href="{e(o.url)}">{e(o.title)}</a></li>' for o in related[1:])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(story.title)} | {SITE}</title>
<meta name="description" content="{e(story.paragraphs[0][:180])}">
<meta name="author" content="{e(story.author)}">
<meta name="keywords" content="{e(story.keywords)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{SITE}">
<meta property="og:title" content="{e(story.title)}">
<meta property="og:url" content="{e(story.url)}">
<meta property="article:published_time" content="{_iso(story.published)}">
<meta property="article:section" content="{e(story.section)}">
<link rel="canonical" href="{e(story.url)}">
<link rel="stylesheet" href="/static/css/site.css">
</head>
<body class="article-page">
<header class="site-header">
  <a class="logo" href="https://www.voanews.com/">{SITE}</a>
  <nav class="main-nav" aria-label="Sections"><ul>
    <li><a href="/world">World</a></li><li><a href="/africa">Africa</a></li><li><a href="/asia">Asia</a></li>
    <li><a href="/europe">Europe</a></li><li><a href="/middle-east">Middle East</a></li>
    <li><a href="/americas">Americas</a></li><li><a href="/podcasts">Podcasts</a></li></ul></nav>
  <form class="search" action="/search"><input name="q" placeholder="Search"><button>Search</button></form>
</header>
<main>
<nav class="breadcrumb"><a href="/">Home</a> › <a href="/world">World</a> › {e(story.section)}</nav>
<article class="story">
  <h1 class="headline">{e(story.title)}</h1>
  <p class="byline">By <span class="author">{e(story.author)}</span> · <time datetime="{_iso(story.published)}">{_long_date(story.published)}</time></p>
  <div class="share"><a href="#">Share</a> <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a> <a href="#">Print</a></div>
  <div class="story-body">
{_body(story, related[0])}
  </div>
</article>
<aside class="sidebar"><h2>Most read</h2><ol>
{sidebar}
</ol></aside>
<section class="newsletter"><h2>Get the world briefing</h2><p>The day's top stories in your inbox every morning.</p>
<form action="/newsletter"><input type="email" placeholder="Email address"><button>Sign up</button></form></section>
</main>
<footer class="site-footer"><a href="/about">About</a> | <a href="/privacy">Privacy</a> | <a href="/terms">Terms of use</a>
{_credit(story)}</footer>
</body>
</html>
"""


def page_banner(story: Story, others: Sequence[Story]) -> str:
    """A cookie banner, JSON-LD ``NewsArticle``, a figure, a "keep reading" box and a compact footer."""
    related = _related(story, others)
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.title,
            "datePublished": _iso(story.published),
            "author": {"@type": "Person", "name": story.author},
            "publisher": {"@type": "Organization", "name": SITE},
            "mainEntityOfPage": story.url,
            "articleSection": story.section,
        },  # fmt: skip
        ensure_ascii=False,
    )
    more = " ".join(f'<li><a href="{e(o.url)}">{e(o.title)}</a></li>' for o in related)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(story.title)} - {SITE}</title>
<meta property="og:site_name" content="{SITE}">
<meta property="og:title" content="{e(story.title)}">
<link rel="canonical" href="{e(story.url)}">
<script type="application/ld+json">{ld}</script>
</head>
<body>
<div id="cookie-banner" role="dialog"><p>We use cookies to understand how our site is used. By continuing to browse you agree to our cookie policy.</p>
<button>Accept all cookies</button> <button>Manage settings</button></div>
<div class="top"><a href="/">{SITE}</a> <a href="/live">Live</a> <a href="/video">Video</a> <a href="/newsletters">Newsletters</a> <a href="/login">Sign in</a></div>
<div class="wrap">
<article>
<div class="kicker">{e(story.section)}</div>
<h1>{e(story.title)}</h1>
<div class="meta"><span class="author">{e(story.author)}</span> <span class="date">{story.published:%d %B %Y}</span></div>
<figure><img src="/img/{story.id}.jpg" alt=""><figcaption>File photo.</figcaption></figure>
{_body(story, None)}
</article>
<section class="keep-reading"><h3>Keep reading</h3><ul>{more}</ul></section>
</div>
<footer>{_credit(story)}
<a href="/privacy">Privacy</a> <a href="/cookies">Cookie settings</a> <a href="/contact">Contact</a></footer>
</body></html>
"""


def page_live(story: Story, others: Sequence[Story]) -> str:
    """A skip link, a ticker of other headlines, a right rail and tags."""
    related = _related(story, others)
    ticker = " | ".join(f'<a href="{e(o.url)}">{e(o.title)}</a>' for o in related)
    tags = " ".join(f'<a href="/tag/{e(t.strip().lower().replace(" ", "-"))}">{e(t.strip())}</a>'
                    for t in story.keywords.split(",") if t.strip())  # fmt: skip
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(story.title)}</title>
<meta name="author" content="{e(story.author)}">
<meta property="og:site_name" content="{SITE}">
<meta property="article:published_time" content="{_iso(story.published)}">
<link rel="canonical" href="{e(story.url)}">
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<div class="ticker"><strong>Latest:</strong> {ticker}</div>
<div class="layout">
<div class="rail-left"><a href="/">Home</a><br><a href="/world">World</a><br><a href="/{e(story.section.lower().replace(" ", "-"))}">{e(story.section)}</a></div>
<main id="content">
<h1>{e(story.title)}</h1>
<p class="dateline">{_long_date(story.published)} · {e(story.author)}</p>
{_body(story, related[0], related_after=2)}
<div class="tags">Topics: {tags}</div>
</main>
<div class="rail-right"><h4>Follow us</h4><a href="#">Facebook</a> <a href="#">YouTube</a> <a href="#">Instagram</a>
<h4>Podcasts</h4><p>Listen to the daily world news podcast.</p></div>
</div>
<footer>{_credit(story)} <a href="/terms">Terms</a> · <a href="/privacy">Privacy</a></footer>
</body>
</html>
"""


TEMPLATES = (page_standard, page_banner, page_live)


# ---------------------------------------------------------------- scraped text


def text_seed_layout(story: Story, others: Sequence[Story]) -> str:
    """The seed page's layout: a row of icon names, ``13 Mar, 2025 18:05``, the title twice, paragraphs
    with "Also on voanews.com …" lines, the source line, a share prompt, no final newline."""
    related = _related(story, others, 2)
    icons = ("icon menuicon searchicon bellicon bookmarkicon bookmark-bicon chevron lefticon chevron righticon "
             "closeicon fbicon twicon yticon mailicon shareicon printicon sign inicon flag enicon rssicon")  # fmt: skip
    lines = [icons, f"{story.published.day} {story.published:%b}, {story.published.year} {story.published:%H:%M}",
             "", story.title, "", story.title, ""]  # fmt: skip
    body = story.paragraphs
    for number, paragraph in enumerate(body, 1):
        lines += [paragraph, ""]
        if number in (2, 5) and related:
            lines += [f"Also on voanews.com {related.pop(0).title}", ""]
    lines += [f"Source: {CREDIT}, {story.url}", "", "If you like this story, share it with a friend!"]
    return "\n".join(lines)


def text_dispatch_layout(story: Story, others: Sequence[Story]) -> str:
    """A second site's layout: a menu line, sign-in line, breadcrumb, ``By … | 13 March 2025``, "Read more:"
    links, a share row, a cookie line and the source line."""
    related = _related(story, others, 2)
    lines = ["Home | World | Africa | Asia | Europe | Middle East | Americas | Video", "Sign in | Subscribe",
             f"World › {story.section}", "", story.title, "",
             f"By {story.author} | {story.published.day} {story.published:%B} {story.published.year}", ""]  # fmt: skip
    for number, paragraph in enumerate(story.paragraphs, 1):
        lines += [paragraph, ""]
        if number in (3, 6) and related:
            lines += [f"Read more: {related.pop(0).title}", ""]
    lines += ["Share this article: Facebook | X | Email",
              "We use cookies to improve your experience on our site. By continuing to browse, you agree to our use of cookies. Accept | Manage settings",
              f"Source: {CREDIT}, {story.url}", ""]  # fmt: skip
    return "\n".join(lines)


# ---------------------------------------------------------------- feed, JSON lines


def feed(stories: Sequence[Story]) -> str:
    items = []
    for number, story in enumerate(sorted(stories, key=lambda s: s.published, reverse=True)):
        content = "\n".join(f"<p>{e(p)}</p>" for p in story.paragraphs)
        summary = e(story.paragraphs[0].split(". ")[0].rstrip(".") + ".")
        if number == 1:  # one feed puts HTML in the description as well
            summary = e(f"<p><strong>{story.section}:</strong> {story.paragraphs[0]}</p>")
        items.append(f"""  <item>
    <title>{e(story.title)}</title>
    <link>{e(story.url)}</link>
    <guid isPermaLink="true">{e(story.url)}</guid>
    <pubDate>{format_datetime(story.published, usegmt=True)}</pubDate>
    <dc:creator>{e(story.author)}</dc:creator>
    <category>{e(story.section)}</category>
    <source url="https://www.voanews.com/">{e(CREDIT)}</source>
    <description>{summary}</description>
    <content:encoded><![CDATA[
{content}
]]></content:encoded>
  </item>""")
    newest = max(s.published for s in stories)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>{SITE} – world news (eventwire sample feed)</title>
  <link>https://www.voanews.com/</link>
  <description>Voice of America stories ({e(CREDIT)}, public domain) in an RSS feed made by eventwire's scripts/build_samples.py.</description>
  <language>en</language>
  <lastBuildDate>{format_datetime(newest, usegmt=True)}</lastBuildDate>
  <generator>eventwire scripts/build_samples.py</generator>
{chr(10).join(items)}
</channel>
</rss>
"""


def syndicated_page(story: Story) -> tuple[str, str, str]:
    """(url, title, html) of another site republishing the story with credit, promo bar and a read-next box;
    its last two sentences are cut."""
    kept = sentences(story.text)[:-2]
    body = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs(" ".join(kept)))
    url = f"https://{SYNDICATOR}/world/{story.published:%Y/%m/%d}/{story.slug.replace('_', '-')}"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(story.title)} - World Wire Digest</title>
<meta property="og:title" content="{e(story.title)}">
<meta property="article:published_time" content="{_iso(story.published + timedelta(hours=2))}">
<link rel="canonical" href="{e(url)}">
</head><body>
<div class="promo">Try World Wire Digest Plus free for 30 days. <a href="/plus">Start your trial</a></div>
<nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/business/">Business</a></nav>
<article>
<h1>{e(story.title)}</h1>
<p class="source">From {e(CREDIT)}, republished under its public-domain terms</p>
{body}
<p class="credit">This story was first published by {e(CREDIT)} at {e(story.url)}.</p>
</article>
<aside><h3>Read next</h3><a href="/world/briefing">The world briefing</a></aside>
<footer>World Wire Digest &middot; <a href="/privacy">Privacy</a> &middot; &copy; {story.published.year}</footer>
</body></html>
"""
    return url, story.title, page


def json_lines(stories: Sequence[Story]) -> str:
    """Line 1 a story as text, line 2 another site's copy of it as HTML, line 3 cut off in the middle of its
    text (broken on purpose), then the other stories (as text, the last as HTML)."""
    first, *rest = stories
    rows: list[str] = []

    def row(story: Story, **fields: str) -> dict[str, str]:
        return {"url": story.url, "title": story.title, "published": _iso(story.published),
                "source": "voanews.com", "author": story.author, **fields}  # fmt: skip

    rows.append(json.dumps(row(first, text="\n\n".join(first.paragraphs)), ensure_ascii=False))
    url, title, page = syndicated_page(first)
    copy = {"url": url, "title": title, "published": _iso(first.published + timedelta(hours=2)),
            "source": SYNDICATOR, "html": page}  # fmt: skip
    rows.append(json.dumps(copy, ensure_ascii=False))
    broken = json.dumps(row(rest[0], text="\n\n".join(rest[0].paragraphs)), ensure_ascii=False)
    rows.append(broken[: broken.index('"text": "') + 400])  # cut inside the text string
    for number, story in enumerate(rest[1:], 1):
        if number == len(rest) - 1:
            rows.append(json.dumps(row(story, html=page_standard(story, stories)), ensure_ascii=False))
        else:
            rows.append(json.dumps(row(story, text="\n\n".join(story.paragraphs)), ensure_ascii=False))
    return "\n".join(rows) + "\n"


# ---------------------------------------------------------------- WARC


@dataclass(frozen=True, slots=True)
class Capture:
    url: str
    warc_date: str
    status: str
    content_type: str
    body: bytes


def captures(stories: Sequence[Story], others: Sequence[Story]) -> list[Capture]:
    """Each story's page, fetched 40 minutes after publication; a 404 and an image among them."""
    out = []
    for number, story in enumerate(sorted(stories, key=lambda s: s.published)):
        when = _iso(story.published + timedelta(minutes=40))
        template = TEMPLATES[number % len(TEMPLATES)]
        out.append(Capture(story.url, when, "200 OK", "text/html; charset=utf-8",
                           template(story, others).encode("utf-8")))  # fmt: skip
        if number == 1:
            missing = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found</title></head>
<body><h1>404 - Page not found</h1><p>The page you requested has moved or no longer exists.</p>
"""
            out.append(Capture("https://news-mirror.example/world/live-updates-that-moved", when, "404 Not Found",
                               "text/html; charset=utf-8", missing.encode()))  # fmt: skip
        if number == 3:
            out.append(
                Capture("https://news-mirror.example/img/map.gif", when, "200 OK", "image/gif", PIXEL_GIF)
            )
    return out


def _record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(ID_NAMESPACE, '|'.join(parts))}>"


def warc(stories: Sequence[Story], others: Sequence[Story]) -> bytes:
    """A gzipped WARC/1.1: warcinfo, then request + response per capture (ids and dates from the captures)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
    fields = (
        b"software: eventwire scripts/build_samples.py (warcio)\r\n"
        b"format: WARC File Format 1.1\r\n"
        b"description: eventwire sample crawl; stories by Voice of America (voanews.com), public domain\r\n"
        b"isPartOf: eventwire-samples\r\n"
    )
    listed = captures(stories, others)
    info = writer.create_warc_record(
        "", "warcinfo", payload=io.BytesIO(fields), length=len(fields),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Record-ID": _record_id("warcinfo", "crawl.warc.gz"),
                           "WARC-Date": listed[0].warc_date, "WARC-Filename": "crawl.warc.gz"},
    )  # fmt: skip
    writer.write_record(info)
    for capture in listed:
        split = urlsplit(capture.url)
        response_id = _record_id("response", capture.url, capture.warc_date)
        request_headers = StatusAndHeaders(
            f"GET {split.path} HTTP/1.1",
            [("Host", split.netloc), ("User-Agent", USER_AGENT), ("Accept", "*/*")],
            protocol="HTTP/1.1", is_http_request=True,
        )  # fmt: skip
        request = writer.create_warc_record(
            capture.url, "request", payload=io.BytesIO(b""), length=0, http_headers=request_headers,
            warc_headers_dict={"WARC-Record-ID": _record_id("request", capture.url, capture.warc_date),
                               "WARC-Date": capture.warc_date, "WARC-Concurrent-To": response_id},
        )  # fmt: skip
        when = datetime.strptime(capture.warc_date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        response_headers = StatusAndHeaders(
            capture.status,
            [("Content-Type", capture.content_type), ("Content-Length", str(len(capture.body))),
             ("Date", format_datetime(when, usegmt=True))],
            protocol="HTTP/1.1",
        )  # fmt: skip
        response = writer.create_warc_record(
            capture.url, "response", payload=io.BytesIO(capture.body), length=len(capture.body),
            http_headers=response_headers,
            warc_headers_dict={"WARC-Record-ID": response_id, "WARC-Date": capture.warc_date},
        )  # fmt: skip
        writer.write_record(request)
        writer.write_record(response)
    return out.getvalue()


# ---------------------------------------------------------------- the corpus


@dataclass(frozen=True, slots=True)
class Written:
    path: str
    story: Story
    how: str


def dealt(chosen: Sequence[Story]) -> dict[str, list[Story]]:
    order = sorted(chosen, key=lambda s: s.id)
    random.Random(SEED).shuffle(order)
    out: dict[str, list[Story]] = {}
    start = 0
    for fmt, count in FORMATS:
        out[fmt] = order[start : start + count]
        start += count
    return out


def _cp1252_ready(story: Story, others: Sequence[Story]) -> bool:
    try:
        page_standard(story, others, charset="windows-1252").encode("cp1252")
    except UnicodeEncodeError:
        return False
    return any(c in story.text for c in "’“”—é")


def build(stories: Sequence[Story], out: Path) -> list[Written]:
    chosen = select(stories)
    formats = dealt(chosen)
    written: list[Written] = []
    pages = formats["html"]
    cp1252 = next(s for s in pages if _cp1252_ready(s, chosen))
    zipped = next(s for s in pages if s is not cp1252)
    for number, story in enumerate(pages):
        template = TEMPLATES[number % len(TEMPLATES)]
        if story is cp1252:
            data = page_standard(story, chosen, charset="windows-1252").encode("cp1252")
            name, how = f"{story.name}.html", "HTML page, windows-1252"
        elif story is zipped:
            data = gzip.compress(template(story, chosen).encode("utf-8"), mtime=0)
            name, how = f"{story.name}.html.gz", f"HTML page ({template.__name__}), gzipped"
        else:
            data = template(story, chosen).encode("utf-8")
            name, how = f"{story.name}.html", f"HTML page ({template.__name__})"
        (out / name).write_bytes(data)
        written.append(Written(name, story, how))
    (out / "crawl.warc.gz").write_bytes(warc(formats["warc"], chosen))
    written += [Written("crawl.warc.gz", s, "WARC response") for s in formats["warc"]]
    (out / "voa_world.rss").write_text(feed(formats["rss"]), encoding="utf-8")
    written += [Written("voa_world.rss", s, "RSS item") for s in formats["rss"]]
    (out / "wire.jsonl").write_text(json_lines(formats["jsonl"]), encoding="utf-8")
    lines = [
        "line 1 (text; line 2 is another site's copy)",
        "line 3 (broken on purpose)",
        "line 4",
        "line 5 (html)",
    ]
    written += [Written("wire.jsonl", s, f"JSON {lines[i]}") for i, s in enumerate(formats["jsonl"])]
    seed_like, dispatch = formats["text"]
    (out / f"{seed_like.name}.txt").write_text(text_seed_layout(seed_like, chosen), encoding="utf-8")
    (out / f"{dispatch.name}.txt").write_text(text_dispatch_layout(dispatch, chosen), encoding="utf-8")
    written += [Written(f"{seed_like.name}.txt", seed_like, "scraped text, the seed page's layout"),
                Written(f"{dispatch.name}.txt", dispatch, "scraped text, a second site's layout")]  # fmt: skip
    return written


def story_table(written: Sequence[Written]) -> Iterator[str]:
    """Markdown rows for samples/README.md: file, how, date, desk, title with its VOA URL."""
    yield "| file | as | published (UTC) | VOA desk | story (credit: Voice of America, voanews.com) |"
    yield "|---|---|---|---|---|"
    for w in sorted(written, key=lambda w: (w.path, w.story.published)):
        title = w.story.title.replace("|", "\\|")
        yield f"| `{w.path}` | {w.how} | {w.story.published:%Y-%m-%d %H:%M} | {w.story.section} | [{title}]({w.story.url}) |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voa", type=Path, default=VOA, help="voa_stories.jsonl")
    parser.add_argument("--out", type=Path, default=REPO / "samples", help="the samples folder")
    args = parser.parse_args()
    if not args.voa.is_file():
        raise SystemExit(f"VOA stories not found at {args.voa} (../shared beside the checkout)")
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.iterdir():  # everything but what we wrote by hand is rebuilt
        if old.is_file() and old.name not in KEPT:
            old.unlink()
    written = build(read_stories(args.voa), args.out)
    print("\n".join(story_table(written)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
