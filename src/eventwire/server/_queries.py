"""Read queries the front ends need beyond :class:`eventwire.store.EventQuery` (to merge into the store).

- :func:`search_events`: events with every filter of the CLI/API (undirected dyad, root code, location
  country, evidence text), whitelisted sorting, a total count and the evidence mention's spans;
- :func:`search_actors`: type-ahead over actor codes and names;
- :func:`event_locations`: events per location for the map.

Parameterised SQL only: user values are always bound parameters; the only text put into SQL comes from
the fixed tables below (sort orders, column lists).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, Final

import duckdb

from eventwire.store.query import CODING_PATHS, confidence_problem

Connect = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]

SORTS: Final = {
    "-date": "event_date DESC NULLS LAST, event_id",
    "date": "event_date ASC NULLS LAST, event_id",
    "-goldstein": "goldstein_scale DESC NULLS LAST, event_id",
    "goldstein": "goldstein_scale ASC NULLS LAST, event_id",
    "-mentions": "num_mentions DESC NULLS LAST, event_date DESC NULLS LAST, event_id",
    "mentions": "num_mentions ASC NULLS LAST, event_date DESC NULLS LAST, event_id",
    "code": "event_code ASC NULLS LAST, event_date DESC NULLS LAST, event_id",
    "-code": "event_code DESC NULLS LAST, event_date DESC NULLS LAST, event_id",
}
_ACTOR_RE: Final = re.compile(r"^[A-Z0-9]{1,15}$")
_CODE_RE: Final = re.compile(r"^[0-9]{2,4}$")
_ISO3_RE: Final = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Every filter of ``eventwire events`` and ``GET /events``; None means "any".

    Actor values are CAMEO code prefixes (``RUS`` matches ``RUSGOV``); ``dyad`` matches both directions;
    ``code`` is a CAMEO code prefix, ``root`` an exact root code; ``country`` the ISO3 code of the
    event's location; ``text`` a case-insensitive substring of the evidence sentence; ``path`` which coder
    found the event (pattern, model, both); ``historical`` True for background events only, False for
    current ones only; ``min_confidence`` (0 to 1) the lowest calibrated confidence kept (events without
    one, imported GDELT rows, are left out).
    """

    source: str | None = None
    target: str | None = None
    actor: str | None = None
    dyad: tuple[str, str] | None = None
    code: str | None = None
    root: str | None = None
    quad: int | None = None
    since: date | None = None
    until: date | None = None
    country: str | None = None
    text: str | None = None
    path: str | None = None
    historical: bool | None = None
    min_confidence: float | None = None

    def problems(self) -> list[str]:
        """What is wrong with the values, as messages naming the filter (empty when all is fine)."""
        out: list[str] = []
        actors = [("source", self.source), ("target", self.target), ("actor", self.actor)]
        if self.dyad is not None:
            actors += [("dyad", self.dyad[0]), ("dyad", self.dyad[1])]
        for name, value in actors:
            if value is not None and not _ACTOR_RE.match(value):
                out.append(f"{name}: {value!r} is not a CAMEO actor code (letters and digits, e.g. RUS)")
        for name, value in (("code", self.code), ("root", self.root)):
            if value is not None and not _CODE_RE.match(value):
                out.append(f"{name}: {value!r} is not a CAMEO event code (2 to 4 digits, e.g. 03)")
        if self.root is not None and len(self.root) != 2:
            out.append(f"root: {self.root!r} must be a 2-digit root code (01-20)")
        if self.quad is not None and self.quad not in (1, 2, 3, 4):
            out.append(f"quad: {self.quad} must be 1, 2, 3 or 4")
        if self.country is not None and not _ISO3_RE.match(self.country):
            out.append(f"country: {self.country!r} is not an ISO3 country code (e.g. JPN)")
        if self.since and self.until and self.since > self.until:
            out.append(f"since: {self.since} is after until: {self.until}")
        if self.path is not None and self.path not in CODING_PATHS:
            out.append(f"path: {self.path!r} is not one of {', '.join(CODING_PATHS)}")
        confidence = confidence_problem(self.min_confidence)
        if confidence:
            out.append(confidence)
        return out

    def where(self) -> tuple[str, list[Any]]:
        """The SQL WHERE clause (with placeholders) over the ``events`` table, and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.source:
            clauses.append("starts_with(actor1_code, ?)")
            params.append(self.source)
        if self.target:
            clauses.append("starts_with(actor2_code, ?)")
            params.append(self.target)
        if self.actor:
            clauses.append("(starts_with(actor1_code, ?) OR starts_with(actor2_code, ?))")
            params += [self.actor, self.actor]
        if self.dyad:
            a, b = self.dyad
            clauses.append(
                "((starts_with(actor1_code, ?) AND starts_with(actor2_code, ?)) OR "
                "(starts_with(actor1_code, ?) AND starts_with(actor2_code, ?)))"
            )
            params += [a, b, b, a]
        if self.code:
            clauses.append("starts_with(event_code, ?)")
            params.append(self.code)
        if self.root:
            clauses.append("event_root_code = ?")
            params.append(self.root)
        if self.quad is not None:
            clauses.append("quad_class = ?")
            params.append(self.quad)
        if self.since is not None:
            clauses.append("event_date >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append("event_date <= ?")
            params.append(self.until)
        if self.country:
            clauses.append("action_geo_iso3 = ?")
            params.append(self.country)
        if self.text:
            clauses.append("strpos(lower(evidence_sentence_text), lower(?)) > 0")
            params.append(self.text)
        if self.path:
            clauses.append("coding_path = ?")
            params.append(self.path)
        if self.historical is not None:
            clauses.append("historical = ?")
            params.append(self.historical)
        if self.min_confidence is not None:
            clauses.append("confidence >= ?")  # NULL (no confidence) never passes
            params.append(self.min_confidence)
        return ((" WHERE " + " AND ".join(clauses)) if clauses else ""), params


@dataclass(frozen=True, slots=True)
class EventItem:
    """One row of an event listing, with the evidence mention's spans for highlighting."""

    event_id: str
    event_date: date | None
    actor1_code: str | None
    actor1_name: str | None
    actor1_country_code: str | None
    actor2_code: str | None
    actor2_name: str | None
    actor2_country_code: str | None
    event_code: str | None
    event_root_code: str | None
    plover: str | None
    plover_mode: str | None
    quad_class: int | None
    goldstein_scale: float | None
    num_mentions: int | None
    num_sources: int | None
    num_articles: int | None
    avg_tone: float | None
    action_geo_fullname: str | None
    action_geo_iso3: str | None
    action_geo_lat: float | None
    action_geo_long: float | None
    source_url: str | None
    negated: bool
    hypothetical: bool
    historical: bool
    coding_path: str | None
    confidence: float | None
    evidence_article_id: str | None
    evidence_sentence_text: str | None
    article_title: str | None
    article_source: str | None
    trigger_start: int | None
    trigger_end: int | None
    trigger_text: str | None
    src_start: int | None
    src_end: int | None
    src_text: str | None
    tgt_start: int | None
    tgt_end: int | None
    tgt_text: str | None


_JOINED: Final = {
    "article_title": "a.title",
    "article_source": "a.source",
    "trigger_start": "m.trigger_start",
    "trigger_end": "m.trigger_end",
    "trigger_text": "m.trigger_text",
    "src_start": "m.actor1_start",
    "src_end": "m.actor1_end",
    "src_text": "m.actor1_text",
    "tgt_start": "m.actor2_start",
    "tgt_end": "m.actor2_end",
    "tgt_text": "m.actor2_text",
}
_ITEM_COLS: Final = ", ".join(_JOINED.get(f.name, f"e.{f.name}") for f in fields(EventItem))


@dataclass(frozen=True, slots=True)
class EventPage:
    total: int
    items: tuple[EventItem, ...]


def search_events(
    connect: Connect, flt: EventFilter, *, sort: str = "-date", limit: int = 50, offset: int = 0
) -> EventPage:
    """One page of events matching ``flt`` in the order ``sort`` (a key of :data:`SORTS`), and the total."""
    order = SORTS[sort]
    where, params = flt.where()
    # Late materialisation: sort and cut the page on the filtered rows' ids (a top-N), then fetch the
    # page's ~70 columns by rowid; 3-10x faster than a window over every matching row (docs/reliability.md).
    with connect() as con:
        total_row = con.execute(f"SELECT count(*) FROM events{where}", params).fetchone()
        rows = con.execute(
            f"WITH keys AS (SELECT rid, row_number() OVER (ORDER BY {order}) AS page_rank FROM "
            f"(SELECT rowid AS rid, * FROM events{where} ORDER BY {order} LIMIT ? OFFSET ?)), "
            "page AS (SELECT ev.*, k.page_rank FROM events ev JOIN keys k ON ev.rowid = k.rid) "
            f"SELECT {_ITEM_COLS} FROM page e "
            "LEFT JOIN mentions m ON m.mention_id = e.evidence_mention_id "
            "LEFT JOIN articles a ON a.doc_id = e.evidence_article_id "
            "ORDER BY e.page_rank",
            [*params, limit, offset],
        ).fetchall()
    total = int(total_row[0]) if total_row else 0
    return EventPage(total, tuple(EventItem(*r) for r in rows))


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """One actor code (all names seen with it merged), for type-ahead."""

    code: str
    name: str
    country: str | None
    kind: str | None
    n_mentions: int


def search_actors(
    connect: Connect, q: str, *, countries: list[str] | None = None, limit: int = 10
) -> list[ActorMatch]:
    """Actor codes that start with ``q``, or seen with a name containing it, or of one of ``countries``
    (ISO3 codes whose name matched ``q``): country-level codes and busy actors first."""
    needle = q.strip()
    with connect() as con:
        rows = con.execute(
            "SELECT actor_code, arg_max(name, n_mentions) FILTER (name <> ''), any_value(country), "
            "arg_max(kind, n_mentions), sum(n_mentions)::BIGINT AS n FROM actors "
            "WHERE starts_with(upper(actor_code), upper(?)) OR strpos(lower(name), lower(?)) > 0 "
            "OR country IN (SELECT unnest(?::VARCHAR[])) GROUP BY actor_code "
            "ORDER BY (NOT starts_with(upper(actor_code), upper(?))), length(actor_code), n DESC, actor_code "
            "LIMIT ?",
            [needle, needle, countries or [], needle, limit],
        ).fetchall()
    return [ActorMatch(r[0], r[1] or "", r[2], r[3], int(r[4])) for r in rows]


@dataclass(frozen=True, slots=True)
class LocationCount:
    name: str | None
    country: str | None
    lat: float
    lon: float
    events: int
    cooperation: int
    conflict: int
    mean_goldstein: float | None


def event_locations(connect: Connect, flt: EventFilter, *, limit: int = 500) -> list[LocationCount]:
    """Events per location (rounded to 0.01°) matching ``flt``, busiest first."""
    where, params = flt.where()
    cond = "action_geo_lat IS NOT NULL AND action_geo_long IS NOT NULL"
    where = f"{where} AND {cond}" if where else f" WHERE {cond}"
    with connect() as con:
        rows = con.execute(
            "SELECT any_value(action_geo_fullname), any_value(action_geo_iso3), "
            "round(action_geo_lat, 2) AS lat, round(action_geo_long, 2) AS lon, count(*) AS n, "
            "count(*) FILTER (quad_class IN (1, 2)), count(*) FILTER (quad_class IN (3, 4)), "
            f"avg(goldstein_scale) FROM events{where} GROUP BY lat, lon ORDER BY n DESC, lat, lon LIMIT ?",
            [*params, limit],
        ).fetchall()
    return [LocationCount(r[0], r[1], r[2], r[3], int(r[4]), int(r[5]), int(r[6]), r[7]) for r in rows]


@dataclass(frozen=True, slots=True)
class MentionSpans:
    """The text covered by a mention's trigger and actor spans (``MentionRow`` has offsets only)."""

    mention_id: str
    trigger_text: str | None
    actor1_text: str | None
    actor2_text: str | None
    actor1_code: str | None
    actor2_code: str | None
    title: str | None


def mention_spans(connect: Connect, mention_ids: list[str]) -> dict[str, MentionSpans]:
    if not mention_ids:
        return {}
    with connect() as con:
        rows = con.execute(
            "SELECT m.mention_id, m.trigger_text, m.actor1_text, m.actor2_text, m.actor1_code, m.actor2_code, "
            "a.title FROM mentions m LEFT JOIN articles a ON a.doc_id = m.article_id "
            "WHERE m.mention_id IN (SELECT unnest(?::VARCHAR[]))",
            [mention_ids],
        ).fetchall()
    return {r[0]: MentionSpans(*r) for r in rows}


@dataclass(frozen=True, slots=True)
class ArticleText:
    doc_id: str
    origin: str
    url: str | None
    source: str | None
    title: str | None
    published: datetime | None
    language: str | None
    story_id: str
    text: str


def article_text(connect: Connect, doc_id: str) -> ArticleText | None:
    """One article with its body text (the evidence's context when it has no URL of its own)."""
    with connect() as con:
        row = con.execute(
            "SELECT doc_id, origin, url, source, title, published, language, story_id, text "
            "FROM articles WHERE doc_id = ?",
            [doc_id],
        ).fetchone()
    return ArticleText(*row) if row else None
