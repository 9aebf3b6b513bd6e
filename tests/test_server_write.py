"""POST /code (code a pasted text, store nothing) and POST /documents (ingest; needs the token)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from _server_corpus import build_store, open_client
from eventwire.server import create_app
from eventwire.settings import Settings

PAGE = (
    "<html><head><title>Talks in Tokyo</title></head><body><article><h1>Talks in Tokyo</h1>"
    "<p>Russian Foreign Minister Sergei Lavrov met Japanese Foreign Minister Taro Kono in Tokyo on Monday. "
    "Japan protested against Russian military drills near the Kuril islands.</p></article></body></html>"
)


def test_server_documents_is_off_without_a_token(client: TestClient) -> None:
    response = client.post("/documents", json={"content": PAGE})
    assert response.status_code == 403
    assert "api_token" in response.json()["error"]["message"]


def test_server_documents_needs_the_right_bearer_token(corpus_db: Path) -> None:
    app = create_app(corpus_db, Settings().replace(api_token="s3cret"))
    with TestClient(app) as c:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret"}):
            response = c.post("/documents", json={"content": PAGE}, headers=headers)
            assert response.status_code == 401, headers
            assert response.headers["www-authenticate"] == "Bearer"


def test_server_code_validates_its_body(client: TestClient) -> None:
    for body in ({}, {"text": ""}, {"text": "Hello.", "date": "not a date"}):
        response = client.post("/code", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["code"] == "invalid_parameter"


@pytest.mark.slow
def test_server_code_returns_events_and_stores_nothing(client: TestClient) -> None:
    before = client.get("/stats").json()
    text = "Japan protested against Russian military drills near the Kuril islands on Tuesday."
    response = client.post("/code", json={"text": text, "date": "2018-03-02"})
    assert response.status_code == 200, response.text
    events = response.json()["events"]
    assert events, "the coder found no event in a plain protest sentence"
    first = events[0]
    assert first["source"]["code"].startswith("JPN") and first["target"]["code"].startswith("RUS")
    assert "".join(s["text"] for s in first["evidence"]["segments"]) == first["evidence"]["sentence"]
    assert {s["role"] for s in first["evidence"]["segments"]} >= {"source", "target", "trigger"}
    assert client.get("/stats").json() == before


@pytest.mark.slow
def test_server_documents_ingests_with_token(tmp_path: Path) -> None:
    db = build_store(tmp_path / "ingest.duckdb")
    app = create_app(db, Settings().replace(api_token="s3cret"))
    with TestClient(app) as c:
        before = c.get("/stats").json()
        response = c.post(
            "/documents",
            json={
                "content": PAGE,
                "url": "https://example.org/tokyo-talks",
                "published": "2018-11-05T08:00:00Z",
            },
            headers={"Authorization": "Bearer s3cret"},
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "ok"
        after = c.get("/stats").json()
    assert after["documents"] == before["documents"] + 1
    assert after["articles"] == before["articles"] + 1


def test_server_code_loads_the_coder_once_on_first_use(
    corpus_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import eventwire.events

    made: list[object] = []

    class CountingCoder:
        def __init__(self, settings: Settings) -> None:
            made.append(self)

        def code_text(self, text: str, when: object) -> list[object]:
            return []

    monkeypatch.setattr(eventwire.events, "EventCoder", CountingCoder)
    with open_client(corpus_db) as c:
        assert c.get("/events").status_code == 200
        assert made == []  # reads never load the coder
        for _ in range(3):
            response = c.post("/code", json={"text": "Japan protested."})
            assert response.status_code == 200 and response.json() == {"events": []}
    assert len(made) == 1


def test_server_code_refuses_text_over_max_text_chars(corpus_db: Path) -> None:
    with open_client(corpus_db, max_text_chars=50) as c:
        response = c.post("/code", json={"text": "Japan protested. " * 10})
    assert response.status_code == 413
    assert "max_text_chars" in response.json()["error"]["message"]


def test_server_documents_keeps_its_story_index_between_ingests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first ingest loads the stored signatures into the story index; later ones add only what is
    new, instead of rebuilding the index per request (seconds on a large store)."""
    from eventwire.store.dedup import StoryIndex

    db = build_store(tmp_path / "ingest.duckdb")
    loaded: list[int] = []
    real_load = StoryIndex.load

    def counting_load(self: StoryIndex, *args: object, **kwargs: object) -> None:
        loaded.append(1)
        real_load(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(StoryIndex, "load", counting_load)
    app = create_app(db, Settings().replace(api_token="s3cret"))
    with TestClient(app) as c:
        for n in range(3):
            page = PAGE.replace("on Monday", f"on Monday ({n})")
            response = c.post(
                "/documents",
                json={"content": page, "url": f"https://example.org/t{n}"},
                headers={"Authorization": "Bearer s3cret"},
            )
            assert response.status_code == 200, response.text
            if n == 0:
                first = len(loaded)
        assert c.get("/stats").json()["articles"] >= 3
    assert first > 0  # the stored articles' signatures
    assert len(loaded) == first  # nothing reloaded for the second and third ingest
