"""The dashboard in headless Chromium stays live while `eventwire watch` writes into its store: new events
refresh the views in place (no page reload), a "N new events" notice appears, and the header says when
the store last changed. The watcher is the real CLI in another process, the server runs in this one.

Saves screenshots/dashboard_live.png for people to look at.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _feed_server import FeedSite, feed_site
from eventwire.settings import Settings
from eventwire.watch import read_status

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(what: str, check: Any, timeout_s: float = 120.0, page: Any = None) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        if page is not None:
            page.wait_for_timeout(200)
        else:
            time.sleep(0.2)


@pytest.fixture()
def live_site() -> Iterator[FeedSite]:
    with feed_site() as site:
        yield site


@pytest.fixture()
def watching(live_site: FeedSite, tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    db = tmp_path / "live.duckdb"
    live_site.publish("/feed.rss", [0])
    env = {**os.environ, "EVENTWIRE_FETCH_DELAY_S": "0", "EVENTWIRE_STORE_HOLD_S": "1"}
    args = ["watch", f"{live_site.base}/feed.rss", "--db", str(db), "--every", "2s"]
    proc = subprocess.Popen(
        [sys.executable, "-c", "from eventwire.cli import main; main()", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        _wait(
            "the watcher to create the store", lambda: read_status(db) is not None or proc.poll() is not None
        )
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        yield db, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture()
def live_url(watching: tuple[Path, subprocess.Popen[str]]) -> Iterator[str]:
    import uvicorn

    from eventwire.server import create_app

    db, _ = watching
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db, Settings()), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    _wait("uvicorn to start", lambda: server.started)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def live_page(browser: Any, live_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def _data(page: Any, name: str) -> str:
    return str(page.evaluate(f"document.body.dataset.{name} || ''"))


def test_dashboard_live_refreshes_in_place_when_watch_adds_events(
    live_site: FeedSite, watching: tuple[Path, subprocess.Popen[str]], live_url: str, live_page: Any
) -> None:
    page = live_page
    page.goto(live_url + "/")
    page.wait_for_selector("body[data-ready]")
    _wait(
        "the first cycle's events",
        lambda: page.evaluate("fetch('/status').then(r => r.json()).then(s => s.events)"),
        page=page,
    )
    _wait("the dashboard to show them", lambda: page.input_value("#actor-a") != "", page=page)
    _wait("the live header", lambda: "store updated" in page.inner_text("#live"), page=page)
    assert page.get_attribute("#live", "data-state") == "running"
    chosen = (page.input_value("#actor-a"), page.input_value("#actor-b"))
    before = int(page.evaluate("fetch('/status').then(r => r.json()).then(s => s.events)"))
    page.evaluate("window.eventwireMarker = 'same page'")
    notice = page.locator("#new-events")
    if notice.is_visible():  # the page opened before the first cycle's events were in: they came live
        notice.click()
    assert notice.is_hidden() and _data(page, "newEvents") == ""
    refreshes = int(_data(page, "liveRefreshes") or 0)

    live_site.publish("/feed.rss", [0, 1, 2])  # two new stories on the site
    _wait("the new-events notice", lambda: _data(page, "newEvents"), page=page)
    after = int(page.evaluate("fetch('/status').then(r => r.json()).then(s => s.events)"))
    assert notice.is_visible()
    assert notice.inner_text() == f"{after - before} new events"
    assert page.evaluate("window.eventwireMarker") == "same page"  # refreshed in place, not reloaded
    assert int(_data(page, "liveRefreshes")) > refreshes
    _wait("the header counts", lambda: f"{after}" in page.inner_text("#stats").replace(",", ""), page=page)
    assert (page.input_value("#actor-a"), page.input_value("#actor-b")) == chosen  # the user's view is kept
    chips = page.inner_text("#top-dyads")
    assert "CHN" in chips or "FRA" in chips or "DEU" in chips or "IND" in chips  # the new dyads are listed

    SCREENSHOTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "dashboard_live.png"))
    notice.click()
    assert notice.is_hidden()
    assert page.errors == []  # type: ignore[attr-defined]

    _, proc = watching
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert out.splitlines()[-1].startswith("stopped after")
