"""Read endpoints of the HTTP API: events, one event, articles, actors, unresolved actor names, dyad
timeline, top dyads, locations and stats. All go through the store's read API (or ``_queries``) on a read-only connection."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, get_args

from fastapi import APIRouter, Depends, Query, Request

from eventwire.server import _convert
from eventwire.server import _models as m
from eventwire.server._errors import ApiError
from eventwire.server._queries import (
    SORTS,
    EventFilter,
    article_text,
    event_locations,
    mention_spans,
    search_actors,
    search_events,
)
from eventwire.server._state import ServerState
from eventwire.store.query import CodingPath

router = APIRouter()
_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": m.ErrorBody, "description": "Not found"},
    408: {"model": m.ErrorBody, "description": "Query took too long"},
    422: {"model": m.ErrorBody, "description": "Invalid parameter"},
}


def state(request: Request) -> ServerState:
    found: ServerState = request.app.state.eventwire
    return found


State = Annotated[ServerState, Depends(state)]
Limit = Annotated[int, Query(ge=1, description="Rows per page (at most the max_page_size setting).")]
# Bounded so a huge value is a 422, not an integer overflow in the database.
Offset = Annotated[int, Query(ge=0, le=2**53, description="Rows to skip.")]
Actor = Annotated[str | None, Query(description="CAMEO actor code prefix, e.g. RUS or RUSGOV.")]
# Checked by EventFilter.problems (one message for the CLI and the API, NaN included), not by Query(ge=, le=);
# the range is only declared in the OpenAPI schema.
MinConfidence = Annotated[
    float | None,
    Query(
        description="Only events whose calibrated confidence (the probability that an analyst judges type, "
        "source and target right) is at least this, 0 to 1; events without one (imported GDELT rows) are "
        "left out.",
        json_schema_extra={"minimum": 0, "maximum": 1},
    ),
]


def _page(st: ServerState, limit: int) -> int:
    if limit > st.settings.max_page_size:
        raise ApiError(422, f"limit: {limit} is over the largest page of {st.settings.max_page_size} rows")
    return limit


def _dyad(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip().upper() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise ApiError(422, f"dyad: {value!r} must be two actor codes separated by a comma, e.g. RUS,JPN")
    return parts[0], parts[1]


def event_filter(
    source: Actor = None,
    target: Actor = None,
    actor: Annotated[str | None, Query(description="Actor code prefix on either side.")] = None,
    dyad: Annotated[str | None, Query(description="Two actor codes, either direction: RUS,JPN")] = None,
    code: Annotated[str | None, Query(description="CAMEO event code prefix, e.g. 03 or 036.")] = None,
    root: Annotated[str | None, Query(description="CAMEO root code (01-20).")] = None,
    quad: Annotated[int | None, Query(description="Quad class: 1 verbal coop … 4 material conflict.")] = None,
    since: Annotated[date | None, Query(description="First event date (inclusive).")] = None,
    until: Annotated[date | None, Query(description="Last event date (inclusive).")] = None,
    country: Annotated[str | None, Query(description="ISO3 code of the event's location.")] = None,
    text: Annotated[str | None, Query(max_length=200, description="Text in the evidence sentence.")] = None,
    path: Annotated[
        CodingPath | None,
        Query(description="Which coder found the event: pattern, model or both (the two agreeing)."),
    ] = None,
    historical: Annotated[
        bool | None,
        Query(
            description="true: only background events recalled from an earlier time; false: only current ones."
        ),
    ] = None,
    min_confidence: MinConfidence = None,
) -> EventFilter:
    flt = EventFilter(
        source=source.upper() if source else None,
        target=target.upper() if target else None,
        actor=actor.upper() if actor else None,
        dyad=_dyad(dyad),
        code=code or None,
        root=root or None,
        quad=quad,
        since=since,
        until=until,
        country=country.upper() if country else None,
        text=text or None,
        path=path,
        historical=historical,
        min_confidence=min_confidence,
    )
    problems = flt.problems()
    if problems:
        raise ApiError(422, "; ".join(problems))
    return flt


Filter = Annotated[EventFilter, Depends(event_filter)]
Sort = Literal["-date", "date", "-goldstein", "goldstein", "-mentions", "mentions", "code", "-code"]
assert set(get_args(Sort)) == set(SORTS)


@router.get("/events", response_model=m.EventPageOut, responses=_ERRORS, tags=["events"])
def list_events(
    st: State, flt: Filter, sort: Sort = "-date", limit: Limit = 50, offset: Offset = 0
) -> m.EventPageOut:
    """Events matching every filter given, one page at a time, with highlighted evidence."""
    page = search_events(st.connect, flt, sort=sort, limit=_page(st, limit), offset=offset)
    return m.EventPageOut(
        total=page.total,
        limit=limit,
        offset=offset,
        sort=sort,
        items=[_convert.event_item(item, st.codes, st.countries) for item in page.items],
    )


@router.get("/events/{event_id}", response_model=m.EventDetailOut, responses=_ERRORS, tags=["events"])
def get_event(st: State, event_id: str) -> m.EventDetailOut:
    """One event with every mention: the evidence sentences with source, target and trigger marked."""
    detail = st.query().event(event_id)
    if detail is None:
        raise ApiError(404, f"no event with id {event_id!r}")
    spans = mention_spans(st.connect, [row.mention_id for row in detail.mentions])
    return _convert.event_detail(detail, spans, st.codes, st.countries)


@router.get("/articles", response_model=m.ArticlePageOut, responses=_ERRORS, tags=["articles"])
def list_articles(
    st: State,
    source: Annotated[str | None, Query(description="Source domain, e.g. example.com.")] = None,
    story: Annotated[str | None, Query(description="Story id (near-duplicate group).")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> m.ArticlePageOut:
    """Articles, newest first, with their number of event mentions."""
    rows = st.query().articles(source=source, story_id=story, limit=_page(st, limit), offset=offset)
    items = [
        m.ArticleOut(
            id=r.doc_id,
            url=r.url,
            source=r.source,
            title=r.title,
            published=r.published,
            language=r.language,
            story_id=r.story_id,
            tone=r.tone_average,
            mentions=r.n_mentions,
        )
        for r in rows
    ]
    return m.ArticlePageOut(limit=limit, offset=offset, items=items)


@router.get("/articles/{doc_id}", response_model=m.ArticleTextOut, responses=_ERRORS, tags=["articles"])
def get_article(st: State, doc_id: str) -> m.ArticleTextOut:
    """One article with its full text, as extracted (the context of every evidence sentence)."""
    found = article_text(st.connect, doc_id)
    if found is None:
        raise ApiError(404, f"no article with id {doc_id!r}")
    return m.ArticleTextOut(
        id=found.doc_id,
        origin=found.origin,
        url=found.url,
        source=found.source,
        title=found.title,
        published=found.published,
        language=found.language,
        story_id=found.story_id,
        text=found.text,
    )


@router.get("/actors", response_model=m.ActorListOut, responses=_ERRORS, tags=["actors"])
def list_actors(
    st: State,
    q: Annotated[
        str | None, Query(max_length=100, description="Type-ahead: code prefix or part of a name.")
    ] = None,
    country: Annotated[str | None, Query(description="ISO3 country code.")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> m.ActorListOut:
    """Actors seen in events: busiest first, or those matching ``q`` (code prefix or name)."""
    limit = _page(st, limit)
    if q and q.strip():
        found = search_actors(st.connect, q, countries=st.countries.matching(q), limit=limit)
        items = [
            m.ActorMatchOut(
                code=a.code,
                name=_convert.actor_label(a.code, a.name, a.country, st.countries),
                country=a.country,
                kind=a.kind,
                mentions=a.n_mentions,
            )
            for a in found
        ]
    else:
        rows = st.query().actors(country=country.upper() if country else None, limit=limit, offset=offset)
        items = [
            m.ActorMatchOut(
                code=r.actor_code,
                name=_convert.actor_label(r.actor_code, r.name, r.country, st.countries),
                country=r.country,
                mentions=r.n_mentions,
            )
            for r in rows
        ]
    return m.ActorListOut(items=items)


@router.get("/actors/unresolved", response_model=m.UnresolvedListOut, responses=_ERRORS, tags=["actors"])
def unresolved_names(
    st: State,
    label: Annotated[
        Literal["PERSON", "ORG", "NORP"] | None, Query(description="Only names with this entity label.")
    ] = None,
    limit: Limit = 30,
    offset: Offset = 0,
) -> m.UnresolvedListOut:
    """Actor-like names (PERSON/ORG/NORP subjects and objects) the coding left unresolved, most frequent
    first, with example sentences: what to add to an actor file (docs/actors.md)."""
    query = st.query()
    totals = query.unresolved_totals(label=label)
    rows = query.unresolved_names(label=label, limit=_page(st, limit), offset=offset)
    return m.UnresolvedListOut(
        sightings=totals.sightings,
        names=totals.names,
        articles=totals.articles,
        limit=limit,
        offset=offset,
        items=[
            m.UnresolvedNameOut(
                name=r.name, label=r.label, count=r.count, articles=r.articles, examples=list(r.examples)
            )
            for r in rows
        ],
    )


@router.get("/dyads/timeline", response_model=m.TimelineOut, responses=_ERRORS, tags=["dyads"])
def dyad_timeline(
    st: State,
    a: Annotated[str, Query(description="First actor code prefix, e.g. RUS.")],
    b: Annotated[str, Query(description="Second actor code prefix, e.g. JPN.")],
    interval: Literal["day", "week", "month"] = "month",
    since: date | None = None,
    until: date | None = None,
    directed: Annotated[bool, Query(description="Only events from a to b.")] = False,
    min_confidence: MinConfidence = None,
) -> m.TimelineOut:
    """Per day, week or month: events between a and b per quad class, mean Goldstein and top codes."""
    flt = EventFilter(dyad=(a.upper(), b.upper()), since=since, until=until, min_confidence=min_confidence)
    problems = flt.problems()
    if problems:
        raise ApiError(422, "; ".join(problems).replace("dyad:", "a/b:"))
    points = st.query().timeline(
        a.upper(),
        b.upper(),
        interval=interval,
        since=since,
        until=until,
        both_directions=not directed,
        min_confidence=min_confidence,
    )
    return m.TimelineOut(
        a=a.upper(),
        b=b.upper(),
        interval=interval,
        points=[_convert.timeline_point(p, st.codes) for p in points],
    )


def _confidence(value: float | None) -> float | None:
    problem = EventFilter(min_confidence=value).problems()
    if problem:
        raise ApiError(422, "; ".join(problem))
    return value


@router.get("/dyads/top", response_model=m.DyadListOut, responses=_ERRORS, tags=["dyads"])
def top_dyads(
    st: State,
    since: date | None = None,
    until: date | None = None,
    limit: Limit = 10,
    min_confidence: MinConfidence = None,
) -> m.DyadListOut:
    """The (source, target) pairs with the most events."""
    rows = st.query().top_dyads(
        since=since, until=until, min_confidence=_confidence(min_confidence), limit=_page(st, limit)
    )
    return m.DyadListOut(
        items=[
            m.DyadOut(
                source=r.actor1_code,
                target=r.actor2_code,
                source_name=_convert.actor_label(r.actor1_code, None, r.actor1_code[:3], st.countries),
                target_name=_convert.actor_label(r.actor2_code, None, r.actor2_code[:3], st.countries),
                events=r.events,
                mentions=r.mentions,
                mean_goldstein=r.mean_goldstein,
            )
            for r in rows
        ]
    )


@router.get("/locations", response_model=m.LocationListOut, responses=_ERRORS, tags=["events"])
def locations(st: State, flt: Filter, limit: Limit = 500) -> m.LocationListOut:
    """Events per location for the map, with the same filters as ``/events``."""
    rows = event_locations(st.connect, flt, limit=_page(st, limit))
    return m.LocationListOut(
        items=[
            m.LocationCountOut(
                name=r.name,
                country=r.country,
                lat=r.lat,
                lon=r.lon,
                events=r.events,
                cooperation=r.cooperation,
                conflict=r.conflict,
                mean_goldstein=r.mean_goldstein,
            )
            for r in rows
        ]
    )


@router.get("/stats", response_model=m.StatsOut, responses=_ERRORS, tags=["stats"])
def stats(st: State, min_confidence: MinConfidence = None) -> m.StatsOut:
    """Counts of documents (by status), articles, stories, events, mentions and actors; date range.
    With ``min_confidence`` the event counts and the date range are of the events that pass it."""
    s = st.query().stats(min_confidence=_confidence(min_confidence))
    return m.StatsOut(
        documents=s.documents,
        ok=s.ok,
        skipped=s.skipped,
        failed=s.failed,
        articles=s.articles,
        stories=s.stories,
        events=s.events,
        gdelt_events=s.gdelt_events,
        mentions=s.mentions,
        actors=s.actors,
        first_event=s.first_event,
        last_event=s.last_event,
    )
