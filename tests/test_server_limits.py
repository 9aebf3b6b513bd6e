"""Safety limits: body size (before reading the body), query time, and one JSON error shape."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from eventwire.server import create_app
from eventwire.server._errors import ApiError
from eventwire.server._limits import time_limit
from eventwire.settings import Settings

SLOW_SQL = "SELECT count(*) FROM range(100000000000) a"


def _small_app_client(db: Path, **settings: object) -> TestClient:
    return TestClient(create_app(db, Settings().replace(**settings)))


def test_server_body_limit_refuses_declared_length(corpus_db: Path) -> None:
    with _small_app_client(corpus_db, max_body_bytes=100) as c:
        response = c.post("/code", json={"text": "x" * 500})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_server_body_limit_stops_chunked_body(corpus_db: Path) -> None:
    sent = []

    def chunks() -> Iterator[bytes]:
        for _ in range(50):
            sent.append(1)
            yield b"x" * 64

    with _small_app_client(corpus_db, max_body_bytes=256) as c:
        response = c.post("/code", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["status"] == 413


def test_server_time_limit_interrupts_slow_query() -> None:
    con = duckdb.connect(":memory:")
    started = time.monotonic()
    with pytest.raises(ApiError) as caught, time_limit(con, 100):
        con.execute(SLOW_SQL).fetchall()
    assert caught.value.status == 408 and caught.value.code == "query_timeout"
    assert time.monotonic() - started < 5
    assert con.execute("SELECT 42").fetchone() == (42,)  # the connection is usable afterwards


def test_server_time_limit_answers_408_in_error_shape(corpus_db: Path) -> None:
    app = create_app(corpus_db, Settings().replace(sql_time_limit_ms=100))

    @app.get("/slow-test-route")
    def slow() -> dict[str, int]:
        with app.state.eventwire.connect() as con:
            con.execute(SLOW_SQL).fetchall()
        return {}

    with TestClient(app) as c:
        response = c.get("/slow-test-route")
    assert response.status_code == 408
    assert "sql_time_limit_ms" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/no/such/path", 404, "not_found"),
        ("delete", "/events", 405, "method_not_allowed"),
        ("get", "/events?limit=0", 422, "invalid_parameter"),
        ("get", "/dyads/timeline", 422, "invalid_parameter"),
        ("post", "/documents", 422, "invalid_parameter"),
    ],
)
def test_server_errors_share_one_json_shape(
    client: TestClient, method: str, path: str, status: int, code: str
) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert body["error"]["message"]


def test_server_unexpected_and_store_errors_keep_the_shape(corpus_db: Path) -> None:
    from eventwire.errors import StoreError

    app = create_app(corpus_db, Settings())

    @app.get("/boom-test-route")
    def boom() -> None:
        raise KeyError("secret detail")

    @app.get("/locked-test-route")
    def locked() -> None:
        raise StoreError("events.duckdb: cannot open the event store: lock held")

    with TestClient(app, raise_server_exceptions=False) as c:
        boom_body = c.get("/boom-test-route").json()
        locked_response = c.get("/locked-test-route")
    assert boom_body["error"]["status"] == 500 and "secret" not in boom_body["error"]["message"]
    assert locked_response.status_code == 503
    assert locked_response.json()["error"]["code"] == "store_unavailable"
