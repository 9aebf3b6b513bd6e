"""End to end in headless Chromium: the dashboard over a store made from the sample corpus.

Needs Debian's /usr/bin/chromium and the playwright package (never `playwright install`: its download
host is unreachable); the ``browser`` fixture is in conftest.py (one Playwright per session: a second
sync Playwright cannot start while one runs). Saves screenshots/dashboard.png for people to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.settings import Settings

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def base_url(sample_db: Path) -> Iterator[str]:
    import uvicorn

    from eventwire.server import create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(sample_db, Settings()), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def busiest(sample_db: Path) -> tuple[tuple[str, str], tuple[str, str]]:
    """The sample store's busiest pair of countries with events between them (either direction), and the
    busiest pair with located events: ((code, name prefix), (code, name prefix)) each, from the data, so
    that the test follows the sample corpus and the coder rather than naming one dyad."""
    import duckdb

    from eventwire.server._countries import load_country_names

    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        (a, b), *_ = con.execute(
            "SELECT least(actor1_country_code, actor2_country_code) a, greatest(actor1_country_code,"
            " actor2_country_code) b FROM events WHERE actor1_country_code <> actor2_country_code"
            " GROUP BY ALL ORDER BY count(*) DESC, a, b LIMIT 1"
        ).fetchall()
    finally:
        con.close()
    names = load_country_names().names
    return (a, names[a][:3]), (b, names[b][:3])


@pytest.fixture(scope="session")
def located(sample_db: Path) -> str:
    """A dyad (``A,B``) of the sample store with located events."""
    import duckdb

    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        (a, b), *_ = con.execute(
            "SELECT least(actor1_country_code, actor2_country_code) a, greatest(actor1_country_code,"
            " actor2_country_code) b FROM events WHERE actor1_country_code <> actor2_country_code"
            " AND action_geo_lat IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, a, b LIMIT 1"
        ).fetchall()
    finally:
        con.close()
    return f"{a},{b}"


@pytest.fixture()
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.foreign_requests = []  # type: ignore[attr-defined]
    page.on(
        "request",
        lambda r: None if r.url.startswith((base_url, "data:")) else page.foreign_requests.append(r.url),
    )
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def _pick(page: Any, selector: str, typed: str, code: str) -> None:
    box = page.locator(selector)
    box.fill("")
    box.type(typed, delay=40)
    option = page.locator(f"{selector} + .suggestions li[data-code='{code}']")
    option.wait_for(state="visible")
    option.click()
    assert box.input_value() == code


def _refreshes(page: Any) -> int:
    return int(page.evaluate("Number(document.body.dataset.refreshes || 0)"))


def _wait_for_refresh(page: Any, before: int, timeout_s: float = 20.0) -> None:
    """Poll from Python: the page's CSP forbids the eval that page.wait_for_function needs."""
    deadline = time.monotonic() + timeout_s
    while _refreshes(page) <= before:
        if time.monotonic() > deadline:
            pytest.fail("the dashboard did not refresh")
        page.wait_for_timeout(50)


def _total(page: Any, query: str) -> int:
    """The API's total of events for a query string."""
    total: int = page.evaluate(f"fetch('/events?{query}&limit=1').then(r => r.json()).then(b => b.total)")
    return total


def test_dashboard_browser_dyad_view_shows_chart_and_evidence(
    page: Any, base_url: str, busiest: tuple[tuple[str, str], tuple[str, str]]
) -> None:
    (a, a_typed), (b, b_typed) = busiest
    page.goto(base_url + "/")
    page.wait_for_selector("body[data-ready]")
    _pick(page, "#actor-a", a_typed, a)
    _pick(page, "#actor-b", b_typed, b)
    before = _refreshes(page)
    page.click("#dyad-form button[type=submit]")
    _wait_for_refresh(page, before)

    title = page.inner_text("#chart-title")
    assert a_typed in title and b_typed in title
    bars = page.evaluate(
        "Chart.getChart(document.getElementById('timeline')).data.datasets"
        ".filter(d => d.type === 'bar').flatMap(d => d.data).reduce((a, b) => a + b, 0)"
    )
    api_total = _total(page, f"dyad={a},{b}")
    assert bars == api_total > 0
    assert page.locator("#timeline").bounding_box()["height"] > 200

    rows = page.locator("#events tbody tr.event-row")
    assert rows.count() == min(api_total, 25)
    first = rows.first
    for role in ("source", "target", "trigger"):
        assert first.locator(f"mark.hl-{role}").first.is_visible(), role
    assert first.locator("a.article-link").count() == 1
    assert page.locator("#map path.land").count() > 100

    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
    assert page.errors == []
    assert page.foreign_requests == []  # everything is served by eventwire itself


def test_dashboard_browser_confidence_control_filters_every_view(
    page: Any, base_url: str, busiest: tuple[tuple[str, str], tuple[str, str]]
) -> None:
    (a, _), (b, _) = busiest
    page.goto(base_url + f"/#a={a}&b={b}")
    page.wait_for_selector("body[data-ready]")
    rows = page.locator("#events tbody tr.event-row")
    everything = _total(page, f"dyad={a},{b}")
    assert page.inner_text("#events-count") == f"· {everything}"
    options = page.locator("#min-confidence option").evaluate_all("os => os.map(o => o.value)")
    assert options == ["", "0.1", "0.3", "0.5"]
    # the strictest option that still leaves events between the two, and fewer than all of them
    narrower = [
        (v, n)
        for v in options[1:]
        if 0 < (n := _total(page, f"dyad={a},{b}&min_confidence={v}")) < everything
    ]
    assert narrower, f"no option keeps some but not all of the {everything} events between {a} and {b}"
    value, kept = narrower[-1]

    before = _refreshes(page)
    page.select_option("#min-confidence", value)  # applies at once, no "Show" needed
    _wait_for_refresh(page, before)
    assert page.inner_text("#events-count") == f"· {kept}"
    assert rows.count() == min(kept, 25)
    shown = [float(t) for t in page.locator("#events tbody td.confidence").all_inner_texts()]
    assert shown and all(c >= float(value) for c in shown)
    bars = page.evaluate(
        "Chart.getChart(document.getElementById('timeline')).data.datasets"
        ".filter(d => d.type === 'bar').flatMap(d => d.data).reduce((a, b) => a + b, 0)"
    )
    assert bars == kept  # the chart counts the events the table lists
    assert f"min_confidence={value}" in page.url
    assert f"≥ {value}" in page.inner_text("#stats")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator("#dyad-form").screenshot(path=str(SCREENSHOTS / "dashboard-confidence.png"))

    page.reload()  # the filter is part of the link
    page.wait_for_selector("body[data-ready]")
    assert page.locator("#min-confidence").input_value() == value
    assert page.inner_text("#events-count") == f"· {kept}"

    before = _refreshes(page)
    page.select_option("#min-confidence", "")
    _wait_for_refresh(page, before)
    assert page.inner_text("#events-count") == f"· {everything}"
    assert "min_confidence" not in page.url
    assert page.errors == []


def test_dashboard_browser_row_click_shows_all_mentions(
    page: Any, base_url: str, busiest: tuple[tuple[str, str], tuple[str, str]]
) -> None:
    (a, _), (b, _) = busiest
    page.goto(base_url + f"/#a={a}&b={b}")
    page.wait_for_selector("body[data-ready]")
    page.locator("#events tbody tr.event-row").first.click()
    detail = page.locator("#events tbody tr.detail")
    detail.locator("ol.mentions li").first.wait_for()
    assert detail.locator("mark.hl-trigger").count() >= 1


def test_dashboard_browser_map_draws_one_spot_per_location(page: Any, base_url: str, located: str) -> None:
    a, b = located.split(",")
    page.goto(base_url + f"/#a={a}&b={b}")
    page.wait_for_selector("body[data-ready]")
    places = page.evaluate(
        f"fetch('/locations?dyad={located}').then(r => r.json()).then(b => b.items.length)"
    )
    assert places > 0
    assert page.locator("#map circle.spot").count() == places


@pytest.mark.slow
def test_dashboard_browser_paste_page_codes_text(page: Any, base_url: str) -> None:
    page.goto(base_url + "/#view=paste")
    page.fill(
        "#paste-text", "Japan protested against Russian military drills near the Kuril islands on Tuesday."
    )
    page.click("#paste-go")
    page.locator("#paste-results .result").first.wait_for(timeout=120_000)
    assert "event(s) found" in page.inner_text("#paste-status")
    result = page.locator("#paste-results .result").first
    assert result.locator("mark.hl-source").inner_text() == "Japan"
    assert result.locator("mark.hl-trigger").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "paste.png"), full_page=True)


def test_dashboard_browser_api_docs_render_offline(page: Any, base_url: str) -> None:
    page.goto(base_url + "/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "eventwire" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock").count() >= 10
    assert page.foreign_requests == []
