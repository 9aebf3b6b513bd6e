"""The dashboard and API docs are served offline from the package's web folder, and only from there."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from eventwire.server.app import web_dir


def test_server_dashboard_is_served_with_csp(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "<title>eventwire" in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_server_assets_referenced_by_pages_exist_locally(client: TestClient) -> None:
    pages = client.get("/").text + client.get("/docs").text
    refs = re.findall(r"""(?:src|href)=["']([^"']+)["']""", pages)
    assert refs
    for ref in refs:
        assert not ref.startswith(("http:", "https:", "//")), f"external asset {ref}"
        if ref.startswith("/static/"):
            assert client.get(ref.split("#")[0]).status_code == 200, ref


def test_server_vendored_libraries_ship_with_licences() -> None:
    vendor = web_dir() / "vendor"
    libraries = [p for p in vendor.iterdir() if p.is_dir()]
    assert {p.name for p in libraries} >= {"chartjs", "d3-geo", "world-atlas", "swagger-ui"}
    for lib in libraries:
        assert any(f.name.upper().startswith("LICENSE") for f in lib.iterdir()), lib.name


def test_server_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/events", "/events/{event_id}", "/actors", "/dyads/timeline", "/code", "/documents"} <= set(
        spec["paths"]
    )


@pytest.mark.parametrize(
    "path",
    [
        "/static/../pyproject.toml",
        "/static/%2e%2e/server/app.py",
        "/static/..%2f..%2fpyproject.toml",
        "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd",
        "/static//etc/passwd",
        "/static/vendor/../../settings.py",
    ],
)
def test_server_static_refuses_paths_outside_web_dir(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
