"""A small store for the front-end tests, built through the store API from hand-written records
(``tests/data/server/corpus.json``), so the server, CLI and dashboard tests do not need the coder."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's testclient warns that httpx support is deprecated
    from fastapi.testclient import TestClient

from eventwire.events.codes import cameo_table
from eventwire.records import (
    Actor,
    ActorMention,
    Article,
    DocumentResult,
    DocumentStatus,
    Event,
    Location,
    Span,
    content_id,
)
from eventwire.settings import Settings
from eventwire.store import Store

CORPUS = Path(__file__).resolve().parent / "data" / "server" / "corpus.json"


def _sentences(text: str) -> list[tuple[int, str]]:
    """(start offset, sentence) for a text whose sentences end with '. '."""
    out, start = [], 0
    while start < len(text):
        end = text.find(". ", start)
        stop = len(text) if end < 0 else end + 1
        out.append((start, text[start:stop]))
        start = stop + 1
    return out


def _mention(
    text: str, sent_idx: int, sent_start: int, phrase: str, code: str, actors: dict[str, Any]
) -> ActorMention:
    start = text.index(phrase, sent_start)
    info = actors[code]
    actor = Actor(code, info["country"], info["sector"], info["sector"], info["name"], kind=info["kind"])
    return ActorMention(
        sent_idx, Span(start, start + len(phrase), phrase), actor, code.lower(), "test corpus"
    )


def _result(item: dict[str, Any], actors: dict[str, Any]) -> DocumentResult:
    text = item["text"]
    doc_id = content_id(text.encode())
    published = datetime.fromisoformat(item["published"])
    art = Article(
        doc_id=doc_id,
        origin=f"test://{item['source']}/{doc_id[:8]}",
        text=text,
        method="test",
        url=f"https://{item['source']}/news/{doc_id[:8]}",
        source=item["source"],
        title=text.split(". ")[0],
        published=published,
        language="en",
    )
    codes = cameo_table()
    events = []
    sentences = _sentences(text)
    for ev in item["events"]:
        idx, (s_start, s_text) = next((i, s) for i, s in enumerate(sentences) if ev["sentence"] in s[1])
        t0 = text.index(ev["trigger"], s_start)
        loc = ev.get("location")
        code = codes[ev["cameo"]]
        events.append(
            Event(
                id=f"{doc_id}:{idx}:{t0}",
                article_id=doc_id,
                sentence=idx,
                sentence_text=s_text,
                trigger=Span(t0, t0 + len(ev["trigger"]), ev["trigger"]),
                source=_mention(text, idx, s_start, *ev["source"], actors),
                target=_mention(text, idx, s_start, *ev["target"], actors),
                cameo=ev["cameo"],
                plover=code.plover,
                quad_class=ev["quad"],
                goldstein=ev["goldstein"],
                event_date=date.fromisoformat(ev["date"]),
                location=Location(loc["name"], loc["country"], None, loc["lat"], loc["lon"], precision="city")
                if loc
                else None,
                published=published,
                coder_version="test",
            )
        )
    status = DocumentStatus.ok(doc_id, art.origin, len(events))
    return DocumentResult(status, art, tuple(events))


def corpus_results() -> list[DocumentResult]:
    data = json.loads(CORPUS.read_text(encoding="utf-8"))
    return [_result(item, data["actors"]) for item in data["articles"]]


def build_store(path: Path) -> Path:
    """Write the corpus into a new store file at ``path`` and return the path."""
    with Store.open(path) as store:
        store.write_batch(corpus_results())
    return path


@contextmanager
def open_client(db: Path, **settings: Any) -> Iterator[TestClient]:
    """An HTTP client on the API over the store ``db`` (settings overridden by keyword)."""
    from eventwire.server import create_app

    with TestClient(create_app(db, Settings().replace(**settings))) as c:
        yield c
