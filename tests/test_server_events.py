"""GET /events: filters, pagination, sorting, highlighted evidence and the page-size limit."""

from __future__ import annotations

from fastapi.testclient import TestClient


def _events(client: TestClient, **params: object) -> dict:
    response = client.get("/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_server_events_dyad_matches_both_directions(client: TestClient) -> None:
    body = _events(client, dyad="RUS,JPN")
    pairs = {(e["source"]["code"][:3], e["target"]["code"][:3]) for e in body["items"]}
    assert pairs == {("RUS", "JPN"), ("JPN", "RUS")}
    assert body["total"] == 7


def test_server_events_source_and_target_are_directed(client: TestClient) -> None:
    body = _events(client, source="JPN", target="RUS")
    assert body["total"] == 4
    assert all(e["source"]["code"].startswith("JPN") for e in body["items"])


def test_server_events_code_root_quad_filters(client: TestClient) -> None:
    assert {e["code"] for e in _events(client, root="11")["items"]} == {"111", "112"}
    assert {e["code"] for e in _events(client, code="05")["items"]} == {"051", "057"}
    assert {e["quad_class"] for e in _events(client, quad=4)["items"]} == {4}


def test_server_events_date_country_and_text_filters(client: TestClient) -> None:
    dates = [e["date"] for e in _events(client, since="2018-05-01", until="2018-09-30")["items"]]
    assert dates and all("2018-05-01" <= d <= "2018-09-30" for d in dates)
    assert {e["location"]["country"] for e in _events(client, country="jpn")["items"]} == {"JPN"}
    found = _events(client, text="FISHERIES")["items"]
    assert [e["code"] for e in found] == ["057"]


def test_server_events_pagination_and_sorting(client: TestClient) -> None:
    first = _events(client, limit=4, offset=0, sort="-date")
    second = _events(client, limit=4, offset=4, sort="-date")
    ids = [e["id"] for e in first["items"] + second["items"]]
    assert first["total"] == 9 and len(ids) == 8 and len(set(ids)) == 8
    dates = [e["date"] for e in first["items"] + second["items"]]
    assert dates == sorted(dates, reverse=True)
    gold = [e["goldstein"] for e in _events(client, sort="goldstein")["items"]]
    assert gold == sorted(gold)


def test_server_events_evidence_is_highlighted(client: TestClient) -> None:
    item = _events(client, text="militarising")["items"][0]
    roles = {s["role"]: s["text"] for s in item["evidence"]["segments"] if s["role"]}
    assert roles == {"source": "Sergei Lavrov", "trigger": "accused", "target": "Japan"}
    assert "".join(s["text"] for s in item["evidence"]["segments"]) == item["evidence"]["sentence"]
    assert item["evidence"]["url"].startswith("https://eastwire.example/")


def test_server_events_page_size_is_limited(client: TestClient) -> None:
    response = client.get("/events", params={"limit": 501})
    assert response.status_code == 422
    assert "500" in response.json()["error"]["message"]


def test_server_events_bad_filter_values_are_422(client: TestClient) -> None:
    for params in ({"dyad": "RUS"}, {"code": "3x"}, {"quad": 9}, {"country": "JAPAN"}, {"sort": "random()"}):
        response = client.get("/events", params=params)
        assert response.status_code == 422, params
        assert response.json()["error"]["code"] == "invalid_parameter"


def test_server_events_values_are_bound_not_spliced(client: TestClient) -> None:
    body = _events(client, text="'; DROP TABLE events; --")
    assert body["total"] == 0
    assert _events(client)["total"] == 9
