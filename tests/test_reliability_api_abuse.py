"""Abuse of the HTTP API: hostile query values, path traversal, oversized bodies, ingestion without a token.

Every request gets a clean answer (never a 5xx; a 4xx in the API's one JSON error shape), an injection
string behaves exactly like any other string that matches nothing, and the database is unchanged
(checksum of every table before and after). Path traversal is tried over a real socket against uvicorn
on 127.0.0.1, because HTTP clients normalise ``..`` away before sending.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import uvicorn
from fastapi.testclient import TestClient

from _rel_store import checksum
from _server_corpus import build_store
from eventwire.server import create_app
from eventwire.settings import Settings

TOKEN = "s3cret-token"
INJECTIONS = [
    "' OR 1=1 --",
    "1; DROP TABLE events; --",
    "') OR ('1'='1",
    "' UNION SELECT doc_id, origin FROM documents --",
    "%",
    "_",
    "\\",
    "*",
]
ODD = [
    "9" * 400,
    "-1",
    "1e309",
    "NaN",
    "null",
    "[]",
    "2020-02-30",
    "0000-01-01",
    "99999-12-31",
    "😀\u202e\u200b",
    "\x00",
    "x" * 5000,
]
NEUTRAL = "zzqqzz"
BASELINE = {"/dyads/timeline": {"a": "RUS", "b": "JPN"}}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("abuse") / "e.duckdb")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    settings = Settings().replace(api_token=TOKEN, max_body_bytes=100_000)
    with TestClient(create_app(db, settings), raise_server_exceptions=False) as c:
        yield c


def _query_params(client: TestClient) -> list[tuple[str, str, str]]:
    """(path, parameter, kind) for every GET parameter the API documents."""
    out = []
    for path, operations in client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        for parameter in operations.get("get", {}).get("parameters", []):
            schema = parameter.get("schema", {})
            kinds = [schema.get("type")] + [s.get("type") for s in schema.get("anyOf", [])]
            out.append((path, parameter["name"], parameter["in"] if "string" in kinds else "typed"))
    return out


def _get(client: TestClient, path: str, name: str, where: str, value: str) -> Any:
    params = dict(BASELINE.get(path, {}))
    if where == "path":
        return client.get(path.replace("{" + name + "}", quote(value, safe="")))
    params[name] = value
    return client.get(path, params=params)


def _problem(response: Any) -> str | None:
    """Why a response is not a clean answer, or None when it is."""
    if response.status_code >= 500:
        return f"{response.status_code} for {response.request.url}"
    body = response.json()
    if response.status_code >= 400 and not (
        body["error"]["status"] == response.status_code and body["error"]["message"]
    ):
        return f"bad error shape for {response.request.url}: {body}"
    return None


def _clean(response: Any) -> None:
    problem = _problem(response)
    assert problem is None, problem


def test_reliability_api_every_parameter_survives_hostile_values(client: TestClient, db: Path) -> None:
    before = checksum(db)
    cases = _query_params(client)
    assert len(cases) >= 30  # the spec was read, not an empty list
    problems = [
        problem
        for path, name, where in cases
        for value in INJECTIONS + ODD
        if (problem := _problem(_get(client, path, name, where if where == "path" else "query", value)))
    ]
    assert problems == []
    assert checksum(db) == before


def test_reliability_api_huge_offset_is_a_4xx(client: TestClient) -> None:
    for path in ("/events", "/articles", "/actors"):
        _clean(client.get(path, params={"offset": "9" * 400}))


def test_reliability_api_injection_strings_are_refused_or_match_nothing(client: TestClient) -> None:
    for path, name, where in _query_params(client):
        if where == "typed":
            continue
        neutral = _get(client, path, name, where, NEUTRAL)
        for value in INJECTIONS[:4]:
            hostile = _get(client, path, name, where, value)
            _clean(hostile)
            if hostile.status_code == 200:  # accepted as a value: it must find exactly what nonsense finds
                assert neutral.status_code == 200 and hostile.json() == neutral.json(), (path, name, value)


def test_reliability_api_wrong_types_are_422(client: TestClient) -> None:
    for path, params in [
        ("/events", {"limit": "ten"}),
        ("/events", {"quad": "1 OR 1=1"}),
        ("/events", {"since": "yesterday"}),
        ("/events", {"offset": "-5"}),
        ("/dyads/timeline", {"a": "RUS", "b": "JPN", "directed": "maybe"}),
    ]:
        response = client.get(path, params=params)
        _clean(response)
        assert response.status_code == 422, (path, params)


def test_reliability_api_oversized_code_body_is_413(client: TestClient, db: Path) -> None:
    before = checksum(db)
    big = {"text": "Russia condemned Japan. " * 10_000}
    assert client.post("/code", json=big).status_code == 413
    chunks = (b'{"text": "' + b"a" * 50_000 for _ in range(5))
    response = client.post("/code", content=chunks, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["status"] == 413
    for body in ([1, 2], {"text": 5}, {"text": None}, {}, "not json"):
        _clean(client.post("/code", json=body))
    assert (
        client.post("/code", content=b"{\x00", headers={"content-type": "application/json"}).status_code
        == 422
    )
    assert checksum(db) == before


def test_reliability_api_ingest_without_or_with_wrong_token_is_refused(client: TestClient, db: Path) -> None:
    before = checksum(db)
    page = {"content": "Russia condemned Japan on Monday over the islands, officials said.", "type": "text"}
    for headers in (
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": TOKEN},
        {"Authorization": "Basic x"},
    ):
        response = client.post("/documents", json=page, headers=headers)
        _clean(response)
        assert response.status_code == 401, headers
    assert checksum(db) == before


def test_reliability_api_ingest_is_off_without_a_configured_token(db: Path) -> None:
    before = checksum(db)
    with TestClient(create_app(db, Settings()), raise_server_exceptions=False) as c:
        response = c.post(
            "/documents", json={"content": "x", "type": "text"}, headers={"Authorization": "Bearer "}
        )
    assert response.status_code == 403 and response.json()["error"]["status"] == 403
    assert checksum(db) == before


@pytest.fixture(scope="module")
def live(db: Path) -> Iterator[int]:
    """uvicorn serving the API on 127.0.0.1 in a thread; yields the port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = uvicorn.Config(create_app(db, Settings()), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def _raw_get(port: int, target: str) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), data


@pytest.mark.parametrize(
    "target",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%252e%252e/%252e%252e/etc/passwd",
        "/static/....//....//etc/passwd",
        "/static/..\\..\\..\\etc\\passwd",
        "/static//etc/passwd",
        "/static/%00../../etc/passwd",
        "/static/../server/app.py",
        "/static/../../pyproject.toml",
    ],
)
def test_reliability_api_static_path_traversal_is_refused(live: int, target: str) -> None:
    status, raw = _raw_get(live, target)
    assert 400 <= status < 500, (target, raw[:200])
    assert b"root:" not in raw and b"create_app" not in raw and b"[project]" not in raw


def test_reliability_api_static_files_still_served(live: int) -> None:
    status, raw = _raw_get(live, "/static/app.css")
    assert status == 200 and len(raw) > 200
