"""Shared fixtures: the spaCy model is loaded once per test session; ../shared is optional; one headless
Chromium (Playwright) per session for the browser tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TEST_DATA = Path(__file__).resolve().parent / "data"
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder beside the checkout; tests using it skip cleanly when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not beside the checkout ({SHARED} missing)")
    return SHARED


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def nlp(settings: Settings) -> Any:
    """The English spaCy pipeline, loaded once for the whole session."""
    from eventwire.nlp import load_nlp

    return load_nlp(settings.spacy_model)


@pytest.fixture(scope="session")
def coder(settings: Settings, nlp: Any) -> Any:
    """The event coder wired as the pipeline wires it (pattern words and the learned model pick what is
    parsed), on the shared model, once per session."""
    from eventwire.events import EventCoder

    return EventCoder.with_analyzer(settings, nlp=nlp)


@pytest.fixture(scope="session")
def processor(settings: Settings, nlp: Any) -> Any:
    """One Processor (actor tables, patterns, gazetteer) for the whole session, on the shared model."""
    from eventwire.pipeline import Processor

    return Processor(settings, nlp=nlp)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory, processor: Any) -> Path:
    """The bundled sample corpus run through the whole pipeline into a DuckDB store, once per session."""
    from eventwire.ingest import read_inputs
    from eventwire.pipeline import LocalEngine, run
    from eventwire.store import Store

    db = tmp_path_factory.mktemp("samples") / "samples.duckdb"
    with Store.open(db) as store:
        run(read_inputs([str(REPO / "samples")], processor.settings), LocalEngine(processor), store)
    return db


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small hand-written store (tests/data/server/corpus.json) for the HTTP API tests, one per module."""
    from _server_corpus import build_store

    return build_store(tmp_path_factory.mktemp("server") / "corpus.duckdb")


@pytest.fixture(scope="module")
def client(corpus_db: Path) -> Iterator[Any]:
    """A TestClient over ``corpus_db``; modules that need other settings define their own."""
    from _server_corpus import open_client

    with open_client(corpus_db) as test_client:
        yield test_client


@pytest.fixture()
def tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright's sync API, once per session (a second one cannot start while
    one runs in the same thread)."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip(
            "/usr/bin/chromium is missing: apt-get install -y chromium (the Makefile's test target does)"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()
