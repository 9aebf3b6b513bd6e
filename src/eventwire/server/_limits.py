"""Safety limits of the HTTP API: request body size and query time.

- :class:`BodyLimit` is a pure ASGI middleware. It refuses a request whose ``Content-Length`` is over the
  limit before reading any of the body, and stops a chunked body as soon as the bytes received pass it;
  both answer 413 in the API's JSON error shape.
- :func:`time_limit` interrupts a DuckDB connection from a timer thread when a query runs too long; the
  interrupted query surfaces as an :class:`~eventwire.server._errors.ApiError` (408).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire.server._errors import ApiError, error_response


class _TooLarge(HTTPException):
    """Raised from ``receive``: FastAPI re-raises HTTP exceptions met while reading a body, so the
    API's error handler answers it (413, JSON shape); the middleware answers it when nothing else did."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"request body is larger than the limit of {max_bytes} bytes")


class BodyLimit:
    """Answer 413 to any request body larger than ``max_bytes``, without buffering it first."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _refusal(self) -> Any:
        return error_response(
            413, "body_too_large", f"request body is larger than the limit of {self.max_bytes} bytes"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refusal()(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await self._refusal()(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


@contextmanager
def time_limit(con: duckdb.DuckDBPyConnection, limit_ms: int) -> Iterator[None]:
    """Run the body with ``con.interrupt()`` armed to fire after ``limit_ms`` milliseconds.

    A query cut short raises ``ApiError(408)``; ``limit_ms <= 0`` disables the limit.
    """
    if limit_ms <= 0:
        yield
        return
    timer = threading.Timer(limit_ms / 1000.0, con.interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    except duckdb.InterruptException as exc:
        raise ApiError(
            408, f"query took longer than the limit of {limit_ms} ms (sql_time_limit_ms)", "query_timeout"
        ) from exc
    finally:
        timer.cancel()
