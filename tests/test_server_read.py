"""Read endpoints besides /events: one event, articles, actors, dyad timeline, top dyads, locations, stats."""

from __future__ import annotations

from fastapi.testclient import TestClient


def _id_of(client: TestClient, text: str) -> str:
    items = client.get("/events", params={"text": text}).json()["items"]
    assert len(items) == 1
    return str(items[0]["id"])


def test_server_event_detail_lists_mentions_with_evidence(client: TestClient) -> None:
    body = client.get(f"/events/{_id_of(client, 'fisheries')}").json()
    assert body["event"]["code"] == "057" and body["event"]["code_name"]
    [mention] = body["mentions"]
    roles = {s["role"]: s["text"] for s in mention["evidence"]["segments"] if s["role"]}
    assert roles == {"source": "Abe", "target": "Lavrov", "trigger": "signed"}
    assert mention["evidence"]["source"] == "pacificnews.example"


def test_server_event_detail_unknown_id_is_404(client: TestClient) -> None:
    response = client.get("/events/ew-does-not-exist")
    assert response.status_code == 404
    assert response.json()["error"] == {
        "status": 404,
        "code": "not_found",
        "message": "no event with id 'ew-does-not-exist'",
    }


def test_server_actors_typeahead_matches_code_prefix_and_name(client: TestClient) -> None:
    by_code = [a["code"] for a in client.get("/actors", params={"q": "rus"}).json()["items"]]
    assert by_code[0] == "RUS" and "RUSGOV" in by_code
    by_name = [a["code"] for a in client.get("/actors", params={"q": "lavrov"}).json()["items"]]
    assert by_name == ["RUSGOV"]
    assert client.get("/actors", params={"q": "zzz"}).json()["items"] == []


def test_server_actors_without_query_lists_busiest(client: TestClient) -> None:
    items = client.get("/actors", params={"limit": 2}).json()["items"]
    assert len(items) == 2 and items[0]["mentions"] >= items[1]["mentions"]


def test_server_timeline_counts_quad_classes_per_month(client: TestClient) -> None:
    body = client.get("/dyads/timeline", params={"a": "rus", "b": "jpn", "interval": "month"}).json()
    points = {p["period"]: p for p in body["points"]}
    sept = points["2018-09-01"]
    assert (sept["events"], sept["material_cooperation"], sept["verbal_conflict"]) == (2, 1, 1)
    assert sept["mean_goldstein"] == 0.5
    assert sum(p["events"] for p in body["points"]) == 7
    assert {c["code"] for c in sept["top_codes"]} == {"061", "120"}


def test_server_timeline_directed_and_interval_checked(client: TestClient) -> None:
    directed = client.get("/dyads/timeline", params={"a": "JPN", "b": "RUS", "directed": True}).json()
    assert sum(p["events"] for p in directed["points"]) == 4
    bad = client.get("/dyads/timeline", params={"a": "RUS", "b": "JPN", "interval": "year"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_parameter"


def test_server_top_dyads_busiest_first(client: TestClient) -> None:
    items = client.get("/dyads/top", params={"limit": 3}).json()["items"]
    assert [i["events"] for i in items] == [2, 2, 2]


def test_server_locations_group_events_by_place(client: TestClient) -> None:
    items = client.get("/locations", params={"dyad": "RUS,JPN"}).json()["items"]
    moscow = next(i for i in items if i["name"].startswith("Moscow"))
    assert (moscow["events"], moscow["cooperation"], moscow["conflict"]) == (3, 2, 1)
    assert all(i["country"] != "YEM" for i in items)


def test_server_articles_and_stats(client: TestClient) -> None:
    articles = client.get("/articles", params={"source": "pacificnews.example"}).json()["items"]
    assert len(articles) == 2 and all(a["mentions"] == 2 for a in articles)
    stats = client.get("/stats").json()
    assert (stats["articles"], stats["events"], stats["first_event"]) == (7, 9, "2018-01-15")


def test_server_actors_typeahead_matches_country_names_and_adjectives(client: TestClient) -> None:
    items = client.get("/actors", params={"q": "japanese"}).json()["items"]
    assert [a["code"] for a in items] == ["JPN", "JPNGOV"]
    assert items[0]["name"] == "Japan"


def test_server_article_by_id_has_its_text(client: TestClient) -> None:
    item = client.get("/events", params={"text": "fisheries"}).json()["items"][0]
    article = client.get(f"/articles/{item['evidence']['article_id']}").json()
    assert item["evidence"]["sentence"] in article["text"]
    assert client.get("/articles/nope").status_code == 404


def test_server_top_dyads_carry_readable_names(client: TestClient) -> None:
    items = client.get("/dyads/top", params={"limit": 10}).json()["items"]
    named = {(i["source"], i["source_name"]) for i in items}
    assert ("JPN", "Japan") in named and ("SAUMIL", "Saudi Arabia MIL") in named
