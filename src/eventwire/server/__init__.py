"""The HTTP API and dashboard (FastAPI): ``create_app(db, settings)``; ``eventwire serve`` runs it."""

from __future__ import annotations

from eventwire.server.app import create_app

__all__ = ["create_app"]
