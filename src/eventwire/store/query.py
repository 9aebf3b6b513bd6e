"""The store's read API, used by the CLI and the HTTP API: parameterised SQL only, typed rows out.

Filters are optional keyword arguments; actor filters match a CAMEO code prefix (``RUS`` matches
``RUSGOV``) on either side unless a side is given; ``path`` is the coding path ('pattern', 'model' or
'both'), ``historical`` keeps only background events (True) or only current ones (False),
``min_confidence`` (0 to 1) keeps the events whose calibrated confidence is at least that (events without
one, imported GDELT rows, are left out). Every call opens its own short-lived connection
(see :mod:`eventwire.store` on concurrency).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final, Literal, get_args

import duckdb

Connect = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]
Interval = Literal["day", "week", "month"]
CodingPath = Literal["pattern", "model", "both"]
CODING_PATHS: Final = get_args(CodingPath)


@dataclass(frozen=True, slots=True)
class EventRow:
    event_id: str
    global_event_id: int
    origin: str
    event_date: date | None
    actor1_code: str | None
    actor1_name: str | None
    actor2_code: str | None
    actor2_name: str | None
    event_code: str | None
    plover: str | None
    quad_class: int | None
    goldstein_scale: float | None
    num_mentions: int | None
    num_sources: int | None
    num_articles: int | None
    avg_tone: float | None
    action_geo_fullname: str | None
    action_geo_lat: float | None
    action_geo_long: float | None
    source_url: str | None
    evidence_sentence_text: str | None
    coding_path: str | None  # pattern | model | both (None: not recorded, or an imported GDELT event)
    historical: bool
    confidence: float | None  # its best mention's (None: an imported GDELT event)


@dataclass(frozen=True, slots=True)
class MentionRow:
    mention_id: str
    event_id: str
    article_id: str
    story_id: str
    sentence: int
    sentence_text: str
    trigger_start: int | None
    trigger_end: int | None
    actor1_start: int | None
    actor1_end: int | None
    actor2_start: int | None
    actor2_end: int | None
    confidence: float | None
    negated: bool
    hypothetical: bool
    pattern: str | None
    coder_version: str | None
    url: str | None
    source: str | None
    coding_path: str | None
    historical: bool


@dataclass(frozen=True, slots=True)
class EventDetail:
    event: EventRow
    mentions: tuple[MentionRow, ...]


@dataclass(frozen=True, slots=True)
class ArticleRow:
    doc_id: str
    url: str | None
    source: str | None
    title: str | None
    published: datetime | None
    language: str | None
    story_id: str
    tone_average: float | None
    n_mentions: int


@dataclass(frozen=True, slots=True)
class ActorRow:
    actor_code: str
    name: str
    country: str | None
    sector: str | None
    first_seen: date | None
    last_seen: date | None
    n_mentions: int


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    period: date
    events: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    mean_goldstein: float | None
    top_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DyadCount:
    actor1_code: str
    actor2_code: str
    events: int
    mentions: int
    mean_goldstein: float | None


@dataclass(frozen=True, slots=True)
class UnresolvedNameRow:
    """One actor-like name the coding left unresolved: how often, in how many articles, example sentences."""

    name: str
    label: str
    count: int
    articles: int
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UnresolvedTotals:
    """All the unresolved sightings of a store: how many, of how many names, in how many articles."""

    sightings: int
    names: int
    articles: int


@dataclass(frozen=True, slots=True)
class StoreStats:
    documents: int
    ok: int
    skipped: int
    failed: int
    articles: int
    stories: int
    events: int
    gdelt_events: int
    mentions: int
    actors: int
    first_event: date | None
    last_event: date | None


def _columns(cls: type[Any]) -> str:
    return ", ".join(f.name for f in dataclasses.fields(cls))


_EVENT_COLS: Final = _columns(EventRow)
_MENTION_COLS: Final = ", ".join(
    f"a.{f.name}" if f.name in ("url", "source") else f"m.{f.name}" for f in dataclasses.fields(MentionRow)
)
_ARTICLE_COLS: Final = ", ".join(
    f"a.{f.name}" for f in dataclasses.fields(ArticleRow) if f.name != "n_mentions"
)
_ACTOR_COLS: Final = _columns(ActorRow)


def confidence_problem(value: float | None) -> str | None:
    """What is wrong with a ``min_confidence`` value, as a message naming it; None when it is fine."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1):
        return None
    return f"min_confidence: {value!r} is not a number from 0 to 1 (a calibrated probability)"


def where_clause(
    *,
    since: date | None = None,
    until: date | None = None,
    actor: str | None = None,
    actor1: str | None = None,
    actor2: str | None = None,
    cameo: str | None = None,
    quad_class: int | None = None,
    origin: str | None = None,
    path: str | None = None,
    historical: bool | None = None,
    min_confidence: float | None = None,
) -> tuple[str, list[Any]]:
    """The WHERE clause (with bound parameters) of an event filter; "" when nothing is filtered.

    Raises ValueError for a ``path`` or ``min_confidence`` out of its range."""
    clauses: list[str] = []
    params: list[Any] = []
    if since is not None:
        clauses.append("event_date >= ?")
        params.append(since)
    if until is not None:
        clauses.append("event_date <= ?")
        params.append(until)
    if actor:
        clauses.append("(starts_with(actor1_code, ?) OR starts_with(actor2_code, ?))")
        params += [actor, actor]
    if actor1:
        clauses.append("starts_with(actor1_code, ?)")
        params.append(actor1)
    if actor2:
        clauses.append("starts_with(actor2_code, ?)")
        params.append(actor2)
    if cameo:
        clauses.append("starts_with(event_code, ?)")
        params.append(cameo)
    if quad_class is not None:
        clauses.append("quad_class = ?")
        params.append(quad_class)
    if origin:
        clauses.append("origin = ?")
        params.append(origin)
    if path:
        if path not in CODING_PATHS:
            raise ValueError(f"path must be one of {', '.join(CODING_PATHS)}, not {path!r}")
        clauses.append("coding_path = ?")
        params.append(path)
    if historical is not None:
        clauses.append("historical = ?")
        params.append(historical)
    if min_confidence is not None:
        problem = confidence_problem(min_confidence)
        if problem:
            raise ValueError(problem)
        clauses.append("confidence >= ?")  # NULL (no confidence) never passes
        params.append(float(min_confidence))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class EventQuery:
    """Read-only queries over one store."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._connect() as con:
            return con.execute(sql, list(params)).fetchall()

    def events(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        actor: str | None = None,
        actor1: str | None = None,
        actor2: str | None = None,
        cameo: str | None = None,
        quad_class: int | None = None,
        origin: str | None = None,
        path: str | None = None,
        historical: bool | None = None,
        min_confidence: float | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[EventRow]:
        """Events matching every given filter, newest first."""
        where, params = where_clause(
            since=since,
            until=until,
            actor=actor,
            actor1=actor1,
            actor2=actor2,
            cameo=cameo,
            quad_class=quad_class,
            origin=origin,
            path=path,
            historical=historical,
            min_confidence=min_confidence,
        )
        rows = self._fetch(
            f"SELECT {_EVENT_COLS} FROM events{where} "
            "ORDER BY event_date DESC NULLS LAST, event_id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [EventRow(*r) for r in rows]

    def count_events(self, **filters: Any) -> int:
        where, params = where_clause(**{k: filters.get(k) for k in _FILTERS})
        rows = self._fetch(f"SELECT count(*) FROM events{where}", params)
        return int(rows[0][0])

    def event(self, event_id: str) -> EventDetail | None:
        """One event with all its mentions (evidence sentences and offsets)."""
        found = self._fetch(f"SELECT {_EVENT_COLS} FROM events WHERE event_id = ?", [event_id])
        if not found:
            return None
        mentions = self._fetch(
            f"SELECT {_MENTION_COLS} FROM mentions m LEFT JOIN articles a ON a.doc_id = m.article_id "
            "WHERE m.event_id = ? ORDER BY a.published NULLS LAST, m.article_id, m.sentence",
            [event_id],
        )
        return EventDetail(EventRow(*found[0]), tuple(MentionRow(*r) for r in mentions))

    def articles(
        self, *, story_id: str | None = None, source: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[ArticleRow]:
        clauses, params = [], []
        if story_id:
            clauses.append("a.story_id = ?")
            params.append(story_id)
        if source:
            clauses.append("a.source = ?")
            params.append(source)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self._fetch(
            f"SELECT {_ARTICLE_COLS}, (SELECT count(*) FROM mentions m WHERE m.article_id = a.doc_id) "
            f"FROM articles a{where} ORDER BY a.published DESC NULLS LAST, a.doc_id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [ArticleRow(*r) for r in rows]

    def actors(self, *, country: str | None = None, limit: int = 100, offset: int = 0) -> list[ActorRow]:
        where, params = ("WHERE country = ?", [country]) if country else ("", [])
        rows = self._fetch(
            f"SELECT {_ACTOR_COLS} FROM actors {where} ORDER BY n_mentions DESC, actor_code, name "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [ActorRow(*r) for r in rows]

    def timeline(
        self,
        actor1: str,
        actor2: str,
        *,
        interval: Interval = "month",
        since: date | None = None,
        until: date | None = None,
        both_directions: bool = True,
        top: int = 3,
        min_confidence: float | None = None,
    ) -> list[TimelinePoint]:
        """Per period: events between the two actors (code prefixes), per quad class, mean Goldstein."""
        if interval not in ("day", "week", "month"):
            raise ValueError(f"interval must be day, week or month, not {interval!r}")
        dyad = "(starts_with(actor1_code, ?) AND starts_with(actor2_code, ?))"
        params: list[Any] = [actor1, actor2]
        if both_directions:
            dyad = f"({dyad} OR {dyad})"
            params += [actor2, actor1]
        where, extra = where_clause(since=since, until=until, min_confidence=min_confidence)
        where = f"{where} AND {dyad}" if where else f" WHERE {dyad}"
        rows = self._fetch(
            f"""
            WITH picked AS (
                SELECT date_trunc('{interval}', event_date)::DATE AS period, quad_class, goldstein_scale,
                       event_code
                FROM events{where} AND event_date IS NOT NULL
            ), codes AS (
                SELECT period, event_code, count(*) AS n FROM picked GROUP BY period, event_code
            )
            SELECT p.period, count(*), count(*) FILTER (quad_class = 1), count(*) FILTER (quad_class = 2),
                   count(*) FILTER (quad_class = 3), count(*) FILTER (quad_class = 4), avg(goldstein_scale),
                   (SELECT list(event_code ORDER BY n DESC, event_code) FROM codes c WHERE c.period = p.period)
            FROM picked p GROUP BY p.period ORDER BY p.period
            """,
            [*extra, *params],
        )
        return [TimelinePoint(r[0], r[1], r[2], r[3], r[4], r[5], r[6], tuple(r[7][:top])) for r in rows]

    def top_dyads(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        min_confidence: float | None = None,
        limit: int = 10,
    ) -> list[DyadCount]:
        where, params = where_clause(since=since, until=until, min_confidence=min_confidence)
        cond = "actor1_code IS NOT NULL AND actor2_code IS NOT NULL"
        where = f"{where} AND {cond}" if where else f" WHERE {cond}"
        rows = self._fetch(
            f"SELECT actor1_code, actor2_code, count(*) AS n, sum(num_mentions), avg(goldstein_scale) "
            f"FROM events{where} GROUP BY actor1_code, actor2_code ORDER BY n DESC, actor1_code, actor2_code "
            "LIMIT ?",
            [*params, limit],
        )
        return [DyadCount(r[0], r[1], int(r[2]), int(r[3] or 0), r[4]) for r in rows]

    def unresolved_names(
        self, *, label: str | None = None, limit: int = 30, offset: int = 0, examples: int = 2
    ) -> list[UnresolvedNameRow]:
        """The most frequent unresolved actor-like names (ties by name), each with up to ``examples``
        different sentences, from the earliest published articles first."""
        where, params = ("WHERE label = ?", [label]) if label else ("", [])
        rows = self._fetch(
            f"""
            WITH top AS (
                SELECT name, label, count(*) AS n, count(DISTINCT article_id) AS n_articles
                FROM unresolved_names {where} GROUP BY name, label
                ORDER BY n DESC, name, label LIMIT ? OFFSET ?
            ), sentences AS (
                SELECT u.name, u.label, u.sentence_text,
                       min(a.published) AS published, min(u.article_id) AS article_id, min(u.sentence) AS sentence
                FROM unresolved_names u JOIN top t ON u.name = t.name AND u.label = t.label
                LEFT JOIN articles a ON a.doc_id = u.article_id
                GROUP BY u.name, u.label, u.sentence_text
            ), ranked AS (
                SELECT *, row_number() OVER (
                    PARTITION BY name, label ORDER BY published NULLS LAST, article_id, sentence, sentence_text
                ) AS k FROM sentences
            )
            SELECT t.name, t.label, t.n, t.n_articles,
                   list(r.sentence_text ORDER BY r.k) FILTER (WHERE r.k <= ?)
            FROM top t JOIN ranked r ON r.name = t.name AND r.label = t.label
            GROUP BY t.name, t.label, t.n, t.n_articles ORDER BY t.n DESC, t.name, t.label
            """,
            [*params, limit, offset, examples],
        )
        return [UnresolvedNameRow(r[0], r[1], int(r[2]), int(r[3]), tuple(r[4] or ())) for r in rows]

    def unresolved_totals(self, *, label: str | None = None) -> UnresolvedTotals:
        where, params = ("WHERE label = ?", [label]) if label else ("", [])
        row = self._fetch(
            "SELECT count(*), count(DISTINCT (name, label)), count(DISTINCT article_id) "
            f"FROM unresolved_names {where}",
            params,
        )[0]
        return UnresolvedTotals(int(row[0]), int(row[1]), int(row[2]))

    def stats(self, *, min_confidence: float | None = None) -> StoreStats:
        """Counts of the store; with ``min_confidence`` the event counts and dates are of the events that
        pass it (documents, articles, mentions and actors stay whole)."""
        where, params = where_clause(min_confidence=min_confidence)
        also = where.replace(" WHERE ", " AND ", 1)
        rows = self._fetch(
            f"""SELECT (SELECT count(*) FROM documents),
                      (SELECT count(*) FROM documents WHERE status = 'ok'),
                      (SELECT count(*) FROM documents WHERE status = 'skipped'),
                      (SELECT count(*) FROM documents WHERE status = 'failed'),
                      (SELECT count(*) FROM articles), (SELECT count(DISTINCT story_id) FROM articles),
                      (SELECT count(*) FROM events WHERE origin <> 'gdelt'{also}),
                      (SELECT count(*) FROM events WHERE origin = 'gdelt'{also}),
                      (SELECT count(*) FROM mentions), (SELECT count(*) FROM actors),
                      (SELECT min(event_date) FROM events{where}), (SELECT max(event_date) FROM events{where})""",
            params * 4,
        )
        return StoreStats(*rows[0])


_FILTERS: Final = (
    "since", "until", "actor", "actor1", "actor2", "cameo", "quad_class", "origin", "path", "historical",
    "min_confidence",
)  # fmt: skip
