"""``POST /code`` (code a pasted text, store nothing) and ``POST /documents`` (ingest; off without a token)."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header

from eventwire.records import DocType, RawDocument, content_id
from eventwire.server import _convert
from eventwire.server import _models as m
from eventwire.server._errors import ApiError
from eventwire.server.routes_read import State

router = APIRouter()
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": m.ErrorBody, "description": "Missing or wrong bearer token"},
    403: {"model": m.ErrorBody, "description": "Ingestion over HTTP is off (no api_token set)"},
    413: {"model": m.ErrorBody, "description": "Body larger than max_body_bytes"},
    422: {"model": m.ErrorBody, "description": "Invalid body"},
}


@router.post("/code", response_model=m.CodeResponse, responses=_ERRORS, tags=["coding"])
def code(st: State, body: m.CodeRequest) -> m.CodeResponse:
    """Code a pasted article or sentence and return its events. Nothing is stored."""
    if len(body.text) > st.settings.max_text_chars:
        raise ApiError(
            413, f"text is longer than max_text_chars ({st.settings.max_text_chars})", "text_too_long"
        )
    events = st.code_text(body.text, body.date)
    return m.CodeResponse(events=[_convert.coded_event(e, st.codes, st.countries) for e in events])


def _check_token(expected: str | None, authorization: str | None) -> None:
    if not expected:
        raise ApiError(403, "ingestion over HTTP is off: set the api_token setting (EVENTWIRE_API_TOKEN)")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ApiError(401, "a valid 'Authorization: Bearer <token>' header is required")


@router.post("/documents", response_model=m.DocumentOut, responses=_ERRORS, tags=["coding"])
def ingest(
    st: State, body: m.DocumentIn, authorization: Annotated[str | None, Header()] = None
) -> m.DocumentOut:
    """Ingest one page (HTML or text) into the store, as ``eventwire run`` would. Needs the bearer token."""
    _check_token(st.settings.api_token, authorization)
    payload = body.content.encode("utf-8")
    doc = RawDocument(
        id=content_id(payload + (body.url or "").encode("utf-8")),
        origin=body.url or "http-api",
        content=payload,
        declared_type=DocType.HTML if body.type == "html" else DocType.TEXT,
        url=body.url,
        fetched_at=datetime.now(UTC),
        title=body.title,
        published=body.published,
        encoding="utf-8",
    )
    result = st.ingest(doc)
    status = result.status
    return m.DocumentOut(
        doc_id=status.doc_id, status=status.status.value, reason=status.reason, events=len(result.events)
    )
