"""JSON shapes of the HTTP API (pydantic models: they are also the OpenAPI schema at ``/docs``)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class ActorOut(BaseModel):
    code: str
    name: str | None = None
    country: str | None = None


class SegmentOut(BaseModel):
    text: str
    role: str | None = Field(None, description="source, target, trigger, or null for plain text")


class EvidenceOut(BaseModel):
    sentence: str
    segments: list[SegmentOut]
    article_id: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None


class LocationOut(BaseModel):
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class EventOut(BaseModel):
    id: str
    date: dt.date | None
    source: ActorOut | None
    target: ActorOut | None
    code: str | None
    code_name: str | None = None
    root: str | None = None
    plover: str | None = None
    plover_mode: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    mentions: int | None = None
    articles: int | None = None
    sources: int | None = None
    tone: float | None = None
    location: LocationOut | None = None
    negated: bool = False
    hypothetical: bool = False
    historical: bool = Field(
        False, description="A background action recalled from an earlier time, not news of its day."
    )
    path: str | None = Field(
        None, description="Which coder found it: pattern, model or both (null: not recorded)."
    )
    confidence: float | None = None
    evidence: EvidenceOut | None = None


class EventPageOut(BaseModel):
    total: int
    limit: int
    offset: int
    sort: str
    items: list[EventOut]


class MentionOut(BaseModel):
    id: str
    article_id: str
    story_id: str
    sentence: int
    evidence: EvidenceOut
    confidence: float | None = None
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    path: str | None = None
    pattern: str | None = None
    coder_version: str | None = None


class EventDetailOut(BaseModel):
    event: EventOut
    mentions: list[MentionOut]


class ArticleOut(BaseModel):
    id: str
    url: str | None
    source: str | None
    title: str | None
    published: dt.datetime | None
    language: str | None
    story_id: str
    tone: float | None
    mentions: int


class ArticleTextOut(BaseModel):
    id: str
    origin: str
    url: str | None
    source: str | None
    title: str | None
    published: dt.datetime | None
    language: str | None
    story_id: str
    text: str


class ArticlePageOut(BaseModel):
    limit: int
    offset: int
    items: list[ArticleOut]


class ActorMatchOut(BaseModel):
    code: str
    name: str
    country: str | None = None
    kind: str | None = None
    mentions: int


class ActorListOut(BaseModel):
    items: list[ActorMatchOut]


class UnresolvedNameOut(BaseModel):
    name: str
    label: str = Field(..., description="spaCy's entity label: PERSON, ORG or NORP")
    count: int = Field(..., description="sightings as a subject or object")
    articles: int
    examples: list[str] = Field(..., description="up to two sentences that show it, earliest first")


class UnresolvedListOut(BaseModel):
    sightings: int = Field(..., description="all unresolved sightings in the store (with the label filter)")
    names: int
    articles: int
    limit: int
    offset: int
    items: list[UnresolvedNameOut]


class CodeCount(BaseModel):
    code: str
    name: str | None = None


class TimelinePointOut(BaseModel):
    period: dt.date
    events: int
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    mean_goldstein: float | None
    top_codes: list[CodeCount]


class TimelineOut(BaseModel):
    a: str
    b: str
    interval: str
    points: list[TimelinePointOut]


class DyadOut(BaseModel):
    source: str
    target: str
    source_name: str | None = None
    target_name: str | None = None
    events: int
    mentions: int
    mean_goldstein: float | None


class DyadListOut(BaseModel):
    items: list[DyadOut]


class LocationCountOut(BaseModel):
    name: str | None
    country: str | None
    lat: float
    lon: float
    events: int
    cooperation: int
    conflict: int
    mean_goldstein: float | None


class LocationListOut(BaseModel):
    items: list[LocationCountOut]


class StatsOut(BaseModel):
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
    first_event: dt.date | None
    last_event: dt.date | None


class CodeRequest(BaseModel):
    text: str = Field(..., min_length=1, description="An article or a sentence, in English.")
    date: dt.date | None = Field(None, description="When it was published (relative dates resolve from it).")


class CodedEventOut(BaseModel):
    sentence: int
    source: ActorOut | None
    target: ActorOut | None
    code: str
    code_name: str | None = None
    plover: str | None = None
    quad_class: int
    goldstein: float
    date: dt.date | None
    negated: bool
    hypothetical: bool
    historical: bool = False
    path: str | None = None
    confidence: float
    evidence: EvidenceOut
    location: LocationOut | None = None


class CodeResponse(BaseModel):
    events: list[CodedEventOut]


class DocumentIn(BaseModel):
    content: str = Field(..., min_length=1, description="The page: HTML or plain text.")
    type: str = Field("html", pattern="^(html|text)$", description="html or text")
    url: str | None = None
    title: str | None = None
    published: dt.datetime | None = None


class DocumentOut(BaseModel):
    doc_id: str
    status: str
    reason: str
    events: int
