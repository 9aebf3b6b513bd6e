"""The HTTP API and the dashboard: ``create_app(db, settings)`` builds the FastAPI application.

Routes (OpenAPI at ``/docs`` and ``/openapi.json``)::

    GET  /                      the dashboard (static files from the package's web/ folder, under /static)
    GET  /events                events with filters, sorting and pagination
    GET  /events/{id}           one event with its mentions and highlighted evidence
    GET  /articles              articles
    GET  /actors                actors; ?q= for type-ahead
    GET  /dyads/timeline        per day/week/month: counts per quad class, mean Goldstein, top codes
    GET  /dyads/top             the busiest dyads
    GET  /locations             events per location (the map)
    GET  /stats                 counts and date range
    GET  /status                the store's size and last change, and a watcher's state (the live dashboard)
    POST /code                  code a pasted text, store nothing
    POST /documents             ingest one page (only with the api_token setting; Bearer token)

Speed: one read-only connection per process, a cursor per request (``_reader``), and an LRU cache of
read responses keyed by the store's version (``_cache``, ``api_cache_entries``).

Safety: reads use a read-only connection with DuckDB interrupted after ``sql_time_limit_ms``; SQL is
parameterised; page size is capped at ``max_page_size``; bodies over ``max_body_bytes`` are refused
before they are read; every error has one JSON shape (see ``_errors``); files are served only from the
package's web folder.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire import __version__
from eventwire.server import routes_live, routes_read, routes_write
from eventwire.server._cache import ResponseCache
from eventwire.server._errors import install_error_handlers
from eventwire.server._limits import BodyLimit
from eventwire.server._live import LiveStatus
from eventwire.server._state import ServerState
from eventwire.settings import Settings

_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; frame-ancestors 'none'"
)


def web_dir() -> Path:
    """The package's folder of static dashboard files."""
    return Path(str(resources.files("eventwire") / "web"))


SERVE_DB_ENV = "EVENTWIRE_SERVE_DB"


def app_from_env() -> FastAPI:
    """The app over the store named by ``$EVENTWIRE_SERVE_DB`` (uvicorn's factory for ``--workers N``)."""
    return create_app(Path(os.environ[SERVE_DB_ENV]), Settings.from_env())


def create_app(db: Path, settings: Settings) -> FastAPI:
    """The API + dashboard over the store at ``db`` (opened read-only; raises StoreError if unusable)."""
    state = ServerState(db, settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="Who did what to whom, when and where: events coded in CAMEO/PLOVER from news pages, "
        'each traceable to its sentence. Errors: `{"error": {"status", "code", "message"}}`.',
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.eventwire = state
    app.state.eventwire_live = LiveStatus(state)
    install_error_handlers(app)
    app.include_router(routes_read.router)
    app.include_router(routes_write.router)
    app.include_router(routes_live.router)
    _add_pages(app, web_dir())
    # Outermost last: a cache hit skips everything else (its stored headers already carry nosniff).
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(NoSniff)
    app.add_middleware(ResponseCache, version=state.version, entries=settings.api_cache_entries)
    return app


class NoSniff:
    """Adds ``X-Content-Type-Options: nosniff`` to every response (pure ASGI: no per-request task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"x-content-type-options" for name, _ in headers):
                    headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_header)


def _add_pages(app: FastAPI, web: Path) -> None:
    app.mount("/static", StaticFiles(directory=web), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(web / "index.html", headers={"Content-Security-Policy": _CSP})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="eventwire API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},
        )
