"""`GET /status`: the store's counts and last change (kept per store version) and the watcher's own word."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _server_corpus import open_client
from eventwire.watch import status_path


def _copy(corpus_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "live.duckdb"
    shutil.copy(corpus_db, db)
    return db


def test_server_live_status_without_a_watcher(corpus_db: Path, tmp_path: Path) -> None:
    db = _copy(corpus_db, tmp_path)
    with open_client(db) as client:
        body = client.get("/status").json()
        stats = client.get("/stats").json()
    assert body["watch"] is None and body["last_update"] is None
    assert (body["events"], body["articles"], body["documents"]) == (
        stats["events"], stats["articles"], stats["documents"],
    )  # fmt: skip
    assert body["changed_at"] is not None


def test_server_live_status_reports_the_watcher_and_notices_a_stale_one(
    corpus_db: Path, tmp_path: Path
) -> None:
    db = _copy(corpus_db, tmp_path)
    soon = (datetime.now(UTC) + timedelta(seconds=30)).isoformat()
    status = {
        "state": "running", "updated_at": datetime.now(UTC).isoformat(), "next_cycle_at": soon, "every_s": 60,
        "cycles": 3, "sources": 4, "failing": [{"source": "http://x/feed", "error": "HTTP 500"}],
        "last_cycle": {"documents": 2},
    }  # fmt: skip
    status_path(db).write_text(json.dumps(status), encoding="utf-8")
    with open_client(db) as client:
        watch = client.get("/status").json()["watch"]
        assert (watch["state"], watch["every_s"], watch["sources"], watch["failing"]) == ("running", 60, 4, 1)
        status["next_cycle_at"] = (datetime.now(UTC) - timedelta(minutes=10)).isoformat()  # it died
        status_path(db).write_text(json.dumps(status), encoding="utf-8")
        assert client.get("/status").json()["watch"]["state"] == "stale"
        status_path(db).write_text("{not json", encoding="utf-8")
        assert client.get("/status").json()["watch"] is None
