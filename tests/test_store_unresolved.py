"""Unresolved actor-like names in the store: recorded per article by the pipeline, written once with their
article (re-runs and batch boundaries change nothing), carried by Parquet parts, and listed by the store
query, `eventwire actors --unresolved --db` and `GET /actors/unresolved`."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from _server_corpus import open_client
from _store_factory import article, result
from eventwire.actors import ActorAnalyzer
from eventwire.commands import actors as actors_commands
from eventwire.errors import InputError
from eventwire.records import (
    DocType,
    DocumentResult,
    DocumentStatus,
    RawDocument,
    Span,
    UnresolvedMention,
    content_id,
)
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.store.dedup import StoryIndex
from eventwire.store.parts import RowSchemas, batch_rows, pending_parts, write_part

# A known actor with an unknown name beside it, so the actor stage runs NER on the sentence; the company
# is the object of "criticised" and resolves to no actor.
CODED = (
    "The foreign minister of Russia met the ambassador of Japan in the capital on Tuesday. "
    "Japan's trade minister, Kenji Moriyama, criticised Hexaline Corp over the deal."
)


def _named(art_text: str, source: str, day: int, *names: tuple[str, str, int]) -> DocumentResult:
    """An article whose sentences (split at '. ') hold the unresolved ``names`` (phrase, label, which
    occurrence of the phrase)."""
    art = article(art_text, source, datetime(2024, 5, day, 8, 0, tzinfo=UTC))
    found = []
    for phrase, label, nth in names:
        start = -1
        for _ in range(nth + 1):
            start = art.text.index(phrase, start + 1)
        first = art.text.rfind(". ", 0, start)
        sentence_start = first + 2 if first >= 0 else 0
        end = art.text.find(". ", start)
        sentence_text = art.text[sentence_start : end + 1 if end >= 0 else len(art.text)]
        sentence = art.text[:sentence_start].count(". ")
        span = Span(start, start + len(phrase), phrase)
        found.append(UnresolvedMention(sentence, sentence_text, span, label))
    return replace(result(art), unresolved=tuple(found))


def corpus() -> list[DocumentResult]:
    """Kestrel Holdings four times in three articles, Borla Trust twice (once with a double space), Ivo
    Brenn once; published 3, 1 and 2 May."""
    return [
        _named(
            "Kestrel Holdings sued the Borla Trust. Kestrel Holdings won.",
            "a.example",
            3,
            ("Kestrel Holdings", "ORG", 0),
            ("Borla Trust", "ORG", 0),
            ("Kestrel Holdings", "ORG", 1),
        ),
        _named(
            "Police arrested Ivo Brenn on Monday. Kestrel Holdings denied it.",
            "b.example",
            1,
            ("Ivo Brenn", "PERSON", 0),
            ("Kestrel Holdings", "ORG", 0),
        ),  # fmt: skip
        _named(
            "Kestrel Holdings sued the Borla  Trust. Nobody knew why.",
            "c.example",
            2,
            ("Kestrel Holdings", "ORG", 0),
            ("Borla  Trust", "ORG", 0),
        ),  # fmt: skip
    ]


def _rows(db: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(con.execute("SELECT * FROM unresolved_names").fetchall())


def test_store_unresolved_names_written_once_whatever_the_batches(tmp_path: Path) -> None:
    items = corpus()
    whole, split = tmp_path / "whole.duckdb", tmp_path / "split.duckdb"
    with Store.open(whole) as store:
        store.write_batch(items)
        store.write_batch(items)  # a re-run adds nothing
    with Store.open(split) as store:
        for item in items:
            store.write_batch([item, item])
    assert _rows(whole) == _rows(split)
    assert len(_rows(whole)) == 7
    assert {r[4] for r in _rows(whole)} == {"Kestrel Holdings", "Borla Trust", "Ivo Brenn"}


def test_store_unresolved_names_only_for_coded_articles(tmp_path: Path) -> None:
    item = corpus()[1]
    skipped = replace(
        item, status=DocumentStatus.skipped(item.status.doc_id, item.status.origin, "x", "language")
    )
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write_batch([skipped])
    assert _rows(tmp_path / "s.duckdb") == []


def test_store_unresolved_query_counts_names_with_examples(tmp_path: Path) -> None:
    db = tmp_path / "q.duckdb"
    with Store.open(db) as store:
        store.write_batch(corpus())
    with Store.open(db, read_only=True) as store:
        q = store.query()
        names = q.unresolved_names()
        totals = q.unresolved_totals()
        people = q.unresolved_names(label="PERSON")
        second = q.unresolved_names(limit=1, offset=1)
    assert [(n.name, n.label, n.count, n.articles) for n in names] == [
        ("Kestrel Holdings", "ORG", 4, 3),
        ("Borla Trust", "ORG", 2, 2),
        ("Ivo Brenn", "PERSON", 1, 1),
    ]
    # two different sentences, from the earliest published articles first
    assert names[0].examples == ("Kestrel Holdings denied it.", "Kestrel Holdings sued the Borla  Trust.")
    assert names[1].examples == (
        "Kestrel Holdings sued the Borla  Trust.",
        "Kestrel Holdings sued the Borla Trust.",
    )
    assert (totals.sightings, totals.names, totals.articles) == (7, 3, 3)
    assert [n.name for n in people] == ["Ivo Brenn"] and [n.name for n in second] == ["Borla Trust"]


def test_store_unresolved_parts_carry_the_names(tmp_path: Path) -> None:
    items = corpus()
    rows = batch_rows(items, RowSchemas.current(), StoryIndex())
    part = write_part(rows, tmp_path / "parts", "run-0000")
    with Store.open(tmp_path / "p.duckdb") as store:
        store.load_part(part)
    with Store.open(tmp_path / "d.duckdb") as store:
        store.write_batch(items)
    assert _rows(tmp_path / "p.duckdb") == _rows(tmp_path / "d.duckdb")
    # a part an older eventwire left has no unresolved.parquet: still whole, still loads
    old = write_part(rows, tmp_path / "old", "run-0000")
    (old / "unresolved.parquet").unlink()
    assert pending_parts(tmp_path / "old") == [old]
    with Store.open(tmp_path / "o.duckdb") as store:
        store.load_part(old)
    assert _rows(tmp_path / "o.duckdb") == []


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("unresolved") / "u.duckdb"
    with Store.open(path) as store:
        store.write_batch(corpus())
    return path


def _cli(*args: str) -> tuple[int, str]:
    app = typer.Typer()
    app.callback()(lambda: None)  # a group, so the command is called by its name as on the real CLI
    actors_commands.register(app)
    outcome = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return outcome.exit_code, outcome.output


def test_store_unresolved_cli_lists_names_of_a_store(db: Path) -> None:
    code, out = _cli("actors", "--unresolved", "--db", str(db), "--top", "2")
    assert code == 0, out
    assert f"7 unresolved actor-like names (3 different) in 3 articles of {db}" in out
    assert "    4  ORG    Kestrel Holdings  (3 article(s))" in out
    assert "e.g. Kestrel Holdings denied it." in out and "Ivo Brenn" not in out
    code, out = _cli("actors", "--unresolved", "--db", str(db), "--label", "person", "--json")
    assert code == 0, out
    body = json.loads(out)
    assert body["sightings"] == 1 and body["items"][0]["name"] == "Ivo Brenn"
    assert _cli("actors", "--db", str(db))[0] == 2  # --db lists unresolved names only
    assert _cli("actors", "--unresolved", "--db", str(db), "--label", "GPE")[0] == 2
    code, out = _cli("actors", "--unresolved", "--db", str(db.parent / "missing.duckdb"))
    assert code != 0 and "no such event store" in out


def test_store_unresolved_api_lists_names(db: Path) -> None:
    with open_client(db) as client:
        body = client.get("/actors/unresolved", params={"limit": 2}).json()
        assert (body["sightings"], body["names"], body["articles"]) == (7, 3, 3)
        assert [(i["name"], i["count"], i["articles"]) for i in body["items"]] == [
            ("Kestrel Holdings", 4, 3),
            ("Borla Trust", 2, 2),
        ]
        people = client.get("/actors/unresolved", params={"label": "PERSON"}).json()
        assert [i["name"] for i in people["items"]] == ["Ivo Brenn"]
        assert client.get("/actors/unresolved", params={"label": "GPE"}).status_code == 422


def _raw(text: str) -> RawDocument:
    payload = text.encode()
    return RawDocument(
        content_id(payload), "test://unresolved", payload, DocType.TEXT,
        published=datetime(2024, 5, 7, tzinfo=UTC),
    )  # fmt: skip


def test_store_unresolved_pipeline_records_names_and_modes_do_not_change_coding(
    processor: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The run records what the actor stage left unresolved; 'parsed' finds at least as much as 'ner',
    'off' nothing, and no mode changes the events coded (NER for names runs after coding)."""
    analyzer = processor.coder.analyzer
    found: dict[str, DocumentResult] = {}
    for mode in ("ner", "parsed", "off"):
        monkeypatch.setattr(analyzer, "_settings", analyzer._settings.replace(unresolved_names=mode))
        (found[mode],) = processor.process([_raw(CODED)])
    names = [(u.name, u.label, u.sentence) for u in found["ner"].unresolved]
    assert ("Hexaline Corp", "ORG", 1) in names
    assert set(names) <= {(u.name, u.label, u.sentence) for u in found["parsed"].unresolved}
    assert found["off"].unresolved == ()
    assert found["ner"].events == found["parsed"].events == found["off"].events
    with Store.open(tmp_path / "p.duckdb") as store:
        store.write_batch([found["ner"]])
        listed = store.query().unresolved_names()
    assert ("Hexaline Corp", "ORG", 1) in {(n.name, n.label, n.count) for n in listed}


def test_store_unresolved_bad_setting_is_an_input_error(nlp: Any, settings: Settings) -> None:
    with pytest.raises(InputError, match="unresolved_names: 'all' is not one of off, ner, parsed"):
        ActorAnalyzer(settings.replace(unresolved_names="all"), nlp=nlp)


def test_store_unresolved_cli_file_form_still_reads_a_file(tmp_path: Path) -> None:
    """`eventwire actors --unresolved FILE` (NER on every sentence of FILE) is unchanged by the --db form."""
    texts = ["Joseph Monka attacked the village.", "Police arrested Joseph Monka on Friday."]
    lines = [json.dumps({"id": str(n), "text": t}) for n, t in enumerate(texts)]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = _cli("actors", "--unresolved", str(tmp_path / "in.jsonl"), "--top", "3")
    assert code == 0, out
    assert "    2  PERSON Joseph Monka" in out and "e.g. Police arrested Joseph Monka on Friday." in out
