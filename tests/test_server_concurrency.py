"""One held read-only connection per server process, a response cache keyed by the store's version,
and a writer in another process that still gets the file between requests (docs/store.md)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import duckdb
import pytest

from _server_corpus import build_store, open_client

_WRITER = textwrap.dedent(
    """
    import sys
    from eventwire.store import Store
    with Store.open(sys.argv[1], lock_timeout_s=20) as store, store.connection() as con:
        con.execute(
            "INSERT INTO documents VALUES ('extra-doc', 'test', 'skipped', 'test row', 'ingest', 0, now())"
        )
    """
)


@pytest.fixture()
def corpus_db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "corpus.duckdb")


def test_server_reads_share_one_connection(corpus_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Any] = []
    real_connect = duckdb.connect

    def counting_connect(*args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
        opened.append(args)
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(duckdb, "connect", counting_connect)
    with open_client(corpus_db, api_cache_entries=0) as client:
        opened.clear()  # Store.open checks the schema on a connection of its own
        for path in ("/events", "/events?actor=RUS", "/stats", "/dyads/timeline?a=RUS&b=JPN", "/stats"):
            response = client.get(path)
            assert response.status_code == 200, response.text
            assert "x-eventwire-cache" not in response.headers
    assert len(opened) == 1


def test_server_cache_answers_repeats_until_another_process_writes(corpus_db: Path) -> None:
    with open_client(corpus_db) as client:
        first = client.get("/stats")
        again = client.get("/stats")
        assert (first.headers["x-eventwire-cache"], again.headers["x-eventwire-cache"]) == ("miss", "hit")
        assert again.json() == first.json()
        assert again.headers["x-content-type-options"] == "nosniff"
        # The server holds its read-only connection; the writer waits, says so, and gets its turn.
        done = subprocess.run(
            [sys.executable, "-c", _WRITER, str(corpus_db)],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        after = client.get("/stats")
    assert after.headers["x-eventwire-cache"] == "miss"
    assert after.json()["documents"] == first.json()["documents"] + 1
    assert after.json()["skipped"] == first.json()["skipped"] + 1


def test_server_cache_keeps_errors_out(corpus_db: Path) -> None:
    with open_client(corpus_db) as client:
        bad = [client.get("/events?quad=9") for _ in range(2)]
    assert [r.status_code for r in bad] == [422, 422]
    assert [r.headers["x-eventwire-cache"] for r in bad] == ["miss", "miss"]
