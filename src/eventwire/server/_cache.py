"""A small LRU cache of whole read responses, keyed by (store version, path, query string).

Only ``GET`` answers with status 200 from the read endpoints are kept, and only up to ``max_bytes``
each. The store version (:meth:`eventwire.server._reader.SharedReader.version`) changes whenever the
data may have changed (another process wrote between two opens, or ``POST /documents`` wrote), so an
entry is never served for data newer than it. A hit answers with the stored status, headers and body
and the header ``x-eventwire-cache: hit`` (``miss`` otherwise). Requests for a key that is being
answered wait for that answer instead of running the same query again (no stampede on a cold or
just-invalidated cache). ``entries <= 0`` turns it off.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHED_PREFIXES: Final = ("/events", "/articles", "/actors", "/dyads/", "/locations", "/stats")
_HEADER: Final = b"x-eventwire-cache"


@dataclass(frozen=True, slots=True)
class _Entry:
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


class ResponseCache:
    """Pure ASGI middleware; lives on the event loop's thread, so its dict needs no lock."""

    def __init__(
        self, app: ASGIApp, version: Callable[[], int], entries: int, max_bytes: int = 1_000_000
    ) -> None:
        self.app = app
        self.version = version
        self.entries = entries
        self.max_bytes = max_bytes
        self._store: OrderedDict[tuple[int, str, bytes], _Entry] = OrderedDict()
        self._version = -1
        self._pending: dict[tuple[int, str, bytes], asyncio.Event] = {}

    def _cacheable(self, scope: Scope) -> bool:
        if self.entries <= 0 or scope["type"] != "http" or scope["method"] != "GET":
            return False
        path: str = scope["path"]
        return path.startswith(CACHED_PREFIXES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        version = self.version()
        if version != self._version:  # the data changed: every entry is stale
            self._store.clear()
            self._version = version
        key = (version, scope["path"], bytes(scope.get("query_string", b"")))
        found = self._store.get(key)
        if found is None and key in self._pending:  # the same request is being answered: wait for it
            await self._pending[key].wait()
            found = self._store.get(key)
        if found is not None:
            self._store.move_to_end(key)
            await send(
                {"type": "http.response.start", "status": 200, "headers": [*found.headers, (_HEADER, b"hit")]}
            )
            await send({"type": "http.response.body", "body": found.body})
            return
        status = 0
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        size = 0

        async def capture(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
                headers.extend(message.get("headers", []))
                message = {**message, "headers": [*headers, (_HEADER, b"miss")]}
            elif message["type"] == "http.response.body" and status == 200 and size <= self.max_bytes:
                chunk = bytes(message.get("body", b""))
                chunks.append(chunk)
                size += len(chunk)
                if not message.get("more_body", False) and size <= self.max_bytes:
                    self._put(key, _Entry(tuple(headers), b"".join(chunks)))
            await send(message)

        leader = key not in self._pending
        if leader:
            self._pending[key] = asyncio.Event()
        try:
            await self.app(scope, receive, capture)
        finally:
            if leader:
                self._pending.pop(key).set()

    def _put(self, key: tuple[int, str, bytes], entry: _Entry) -> None:
        self._store[key] = entry
        self._store.move_to_end(key)
        while len(self._store) > self.entries:
            self._store.popitem(last=False)
