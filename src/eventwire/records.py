"""The typed records that flow between eventwire's stages.

Every stage takes and returns these records; no dicts cross a stage boundary::

    ingest ──RawDocument──▶ extract ──Article──▶ nlp/actors ──ActorMention──▶ events ──Event──▶ store
                                                     └──UnresolvedMention──────────────────────▶ store
       └──────────────────────── DocumentStatus (the ledger) ◀──────────────────────────────┘

All records are frozen, slotted dataclasses with an ``as_dict()`` that gives JSON-ready values.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


class DocType(enum.StrEnum):
    """What a reader believes a document's payload is."""

    HTML = "html"
    TEXT = "text"


class Status(enum.StrEnum):
    """The three ends a document can come to: every input ends with exactly one."""

    OK = "ok"
    SKIPPED = "skipped"
    FAILED = "failed"


class DatePrecision(enum.StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


def content_id(payload: bytes) -> str:
    """Stable document id: the first 16 bytes of the SHA-256 of the payload, as hex."""
    return hashlib.sha256(payload).hexdigest()[:32]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return None
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


class _Record:
    """Mixin: ``as_dict()`` for every record (bytes are left out, datetimes become ISO strings)."""

    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = _jsonable(self)
        return {k: v for k, v in out.items() if not isinstance(getattr(self, k), bytes)}


@dataclass(frozen=True, slots=True)
class RawDocument(_Record):
    """One input document as a reader found it, before any extraction.

    ``id`` is the content hash of ``content`` (plus the URL for container records), so that reading the
    same input twice yields the same ids. The optional hints come from the container (WARC headers,
    JSONL fields, feed items) and take precedence over what extraction guesses.
    """

    id: str
    origin: str
    content: bytes
    declared_type: DocType
    url: str | None = None
    fetched_at: datetime | None = None
    title: str | None = None
    published: datetime | None = None
    source: str | None = None
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class RelatedLink(_Record):
    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Article(_Record):
    """The article found in a document: clean body text plus metadata."""

    doc_id: str
    origin: str
    text: str
    method: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: datetime | None = None
    language: str | None = None
    author: str | None = None
    site_name: str | None = None
    related_links: tuple[RelatedLink, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentStatus(_Record):
    """The ledger row: how one input document ended."""

    doc_id: str
    origin: str
    status: Status
    reason: str = ""
    stage: str = ""
    n_events: int = 0

    @classmethod
    def ok(cls, doc_id: str, origin: str, n_events: int = 0) -> DocumentStatus:
        return cls(doc_id, origin, Status.OK, "", "done", n_events)

    @classmethod
    def skipped(cls, doc_id: str, origin: str, reason: str, stage: str) -> DocumentStatus:
        return cls(doc_id, origin, Status.SKIPPED, reason, stage)

    @classmethod
    def failed(cls, doc_id: str, origin: str, reason: str, stage: str) -> DocumentStatus:
        return cls(doc_id, origin, Status.FAILED, reason, stage)


@dataclass(frozen=True, slots=True)
class Span(_Record):
    """Character offsets into an article's ``text`` (end exclusive) and the covered text."""

    start: int
    end: int
    text: str


# CAMEO's international actor codes (IGO, militarized group, NGO, movement, multinational): actors without a
# country.
TRANSNATIONAL = ("IGO", "IMG", "NGO", "NGM", "MNC")


@dataclass(frozen=True, slots=True)
class Actor(_Record):
    """A resolved actor: who a mention refers to.

    ``code`` is the CAMEO actor code (country + sector, e.g. ``RUSGOV``; ``IGOUNO`` for IGOs);
    ``sector`` the CAMEO type code (``GOV``, ``MIL``…), ``plover_sector`` the POLECAT-style sector.
    """

    code: str
    country: str | None = None
    sector: str | None = None
    plover_sector: str | None = None
    name: str | None = None
    role: str | None = None
    wiki: str | None = None
    kind: str = "country"  # country | person | organisation | igo | group

    @property
    def transnational(self) -> bool:
        """An international or transnational actor (:data:`TRANSNATIONAL`): it stands for itself without a country."""
        return self.code.startswith(TRANSNATIONAL)


@dataclass(frozen=True, slots=True)
class ActorMention(_Record):
    """A place in the text that names or refers to an actor, with how it was resolved."""

    sentence: int
    span: Span
    actor: Actor
    entry: str
    why: str
    date_used: date | None = None


@dataclass(frozen=True, slots=True)
class Location(_Record):
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str = "country"  # country | admin1 | city


@dataclass(frozen=True, slots=True)
class Event(_Record):
    """One coded event with its evidence."""

    id: str
    article_id: str
    sentence: int
    sentence_text: str
    trigger: Span
    source: ActorMention | None
    target: ActorMention | None
    cameo: str
    plover: str
    quad_class: int
    goldstein: float
    event_date: date | None
    date_precision: DatePrecision = DatePrecision.DAY
    plover_mode: str | None = None
    location: Location | None = None
    negated: bool = False
    hypothetical: bool = False
    confidence: float = 1.0
    pattern: str = ""
    path: str = "pattern"  # pattern | model | both: which coder found the event
    historical: bool = False  # background: an earlier action recalled, not news of the article's day
    coder_version: str = ""
    published: datetime | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class UnresolvedMention(_Record):
    """An actor-like name (a PERSON, ORG or NORP entity as subject or object) that resolved to no actor:
    what a user may want to add to their actor file. ``span`` is in article offsets."""

    sentence: int
    sentence_text: str
    span: Span
    label: str  # PERSON | ORG | NORP

    @property
    def name(self) -> str:
        """The name as listed and counted: its text with runs of whitespace made one space."""
        return " ".join(self.span.text.split())


@dataclass(frozen=True, slots=True)
class Tone(_Record):
    """Article tone in GDELT's sense (percentages of words; average = positive - negative)."""

    average: float
    positive: float
    negative: float
    polarity: float
    word_count: int


@dataclass(frozen=True, slots=True)
class DocumentResult(_Record):
    """Everything one input document produced: its ledger row, its article and events (if any), and the
    actor-like names its coding left unresolved."""

    status: DocumentStatus
    article: Article | None = None
    events: tuple[Event, ...] = ()
    tone: Tone | None = None
    unresolved: tuple[UnresolvedMention, ...] = ()
