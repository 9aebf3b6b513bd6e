"""``min_confidence`` on the HTTP API: /events and every endpoint the dashboard counts with (/locations,
/dyads/timeline, /dyads/top, /stats) agree on the events kept; a value outside 0..1 is a 422."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from _server_corpus import open_client
from _store_factory import confidence_store

ENDPOINTS = (
    ("/events", {}),
    ("/locations", {}),
    ("/dyads/timeline", {"a": "RUS", "b": "JPN"}),
    ("/dyads/top", {}),
    ("/stats", {}),
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = confidence_store(tmp_path_factory.mktemp("confidence") / "c.duckdb")
    with open_client(Path(db)) as test_client:
        yield test_client


def _get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params={k: v for k, v in params.items() if v is not None})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    ("threshold", "codes"),
    [
        (None, ["040", "051", "111", "111", "112", "163"]),  # the imported 111 (no confidence) too
        (0, ["040", "051", "111", "112", "163"]),
        (0.1, ["040", "111", "112", "163"]),
        (0.3, ["040", "111", "112"]),
        (0.5, ["040", "112"]),
        (1, []),
    ],
)
def test_server_confidence_events_keep_those_at_or_above(
    client: TestClient, threshold: float | None, codes: list[str]
) -> None:
    body = _get(client, "/events", min_confidence=threshold)
    assert sorted(e["code"] for e in body["items"]) == codes
    assert body["total"] == len(codes)
    if threshold is not None:
        assert all(e["confidence"] >= threshold for e in body["items"])


def test_server_confidence_detail_agrees_with_the_listing(client: TestClient) -> None:
    (item,) = _get(client, "/events", code="040")["items"]
    detail = _get(client, f"/events/{item['id']}")
    assert item["confidence"] == detail["event"]["confidence"] == 0.5
    assert sorted(m["confidence"] for m in detail["mentions"]) == [0.2, 0.5]


def test_server_confidence_dashboard_numbers_agree_with_the_table(client: TestClient) -> None:
    for threshold in (None, 0.1, 0.3, 0.5):
        dyad = _get(client, "/events", dyad="RUS,JPN", min_confidence=threshold)["total"]
        timeline = _get(client, "/dyads/timeline", a="RUS", b="JPN", min_confidence=threshold)
        assert sum(p["events"] for p in timeline["points"]) == dyad, threshold
        located = _get(client, "/events", min_confidence=threshold, limit=50)["items"]
        places = _get(client, "/locations", min_confidence=threshold)["items"]
        assert sum(p["events"] for p in places) == sum(1 for e in located if e["location"]), threshold
        top = _get(client, "/dyads/top", min_confidence=threshold)["items"]
        assert sum(d["events"] for d in top) == _get(client, "/events", min_confidence=threshold)["total"]
        stats = _get(client, "/stats", min_confidence=threshold)
        assert stats["events"] + stats["gdelt_events"] == len(located), threshold
        assert stats["mentions"] == 6  # mentions, articles and actors are not filtered


@pytest.mark.parametrize("bad", ["-0.1", "1.01", "2", "nan", "inf", "high", ""])
@pytest.mark.parametrize(("path", "params"), ENDPOINTS)
def test_server_confidence_outside_0_to_1_is_422(
    client: TestClient, path: str, params: dict[str, str], bad: str
) -> None:
    response = client.get(path, params={**params, "min_confidence": bad})
    assert response.status_code == 422, (path, bad, response.text)
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter"
    assert "min_confidence" in error["message"]
