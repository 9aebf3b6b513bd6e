"""``GET /status``: what the dashboard polls to stay live — the store's size and last change, and the state
of an ``eventwire watch`` writing into it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from eventwire.server._live import LiveStatus

router = APIRouter()


class WatchOut(BaseModel):
    state: str = Field(
        description="starting, running, stopped, once (a --once run finished: cron), or stale (late for its next cycle)."
    )
    updated_at: str | None = Field(description="When the watcher last wrote its status (ISO 8601, UTC).")
    next_cycle_at: str | None = Field(description="When its next cycle starts.")
    every_s: float | None = Field(description="Seconds between its cycles.")
    cycles: int = Field(description="Cycles it has run since it started.")
    sources: int = Field(description="Sources it watches.")
    failing: int = Field(description="Sources whose last answer was a failure.")
    last_cycle: dict[str, Any] | None = Field(description="Counts of its last cycle.")


class StatusOut(BaseModel):
    version: int = Field(description="Changes whenever the store may have changed.")
    events: int
    articles: int
    documents: int
    changed_at: datetime | None = Field(description="When the store last took in documents.")
    last_update: str | None = Field(
        description="Stamp (YYYYMMDDHHMMSS) of the last GDELT-style update published."
    )
    watch: WatchOut | None = Field(
        description="The eventwire watch writing into this store, if one ever did."
    )


def live(request: Request) -> LiveStatus:
    found: LiveStatus = request.app.state.eventwire_live
    return found


@router.get("/status", response_model=StatusOut, tags=["stats"])
def status(request: Request) -> StatusOut:
    """The store's size and last change, and the watcher's state: poll it to know when to refresh."""
    source = live(request)
    facts = source.store()
    watching = source.watch()
    return StatusOut(
        version=facts.version,
        events=facts.events,
        articles=facts.articles,
        documents=facts.documents,
        changed_at=facts.changed_at,
        last_update=str(facts.last_update) if facts.last_update is not None else None,
        watch=WatchOut(
            state=watching.state,
            updated_at=watching.updated_at,
            next_cycle_at=watching.next_cycle_at,
            every_s=watching.every_s,
            cycles=watching.cycles,
            sources=watching.sources,
            failing=watching.failing,
            last_cycle=watching.last_cycle,
        )
        if watching is not None
        else None,
    )
