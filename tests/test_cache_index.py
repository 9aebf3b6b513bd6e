"""The index cache: built once, found again, rebuilt when a source changes or the file is damaged, harmless
when the folder cannot be written; and the cached indexes answer exactly as freshly built ones."""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from eventwire.cache import IndexCache, StringColumn, StringIndex, fingerprint, string_arrays


def _counting_build(calls: list[int], value: int) -> Any:
    def build() -> dict[str, Any]:
        calls.append(value)
        return {"values": np.arange(value)}

    return build


def test_cache_index_built_once_then_read(tmp_path: Path) -> None:
    cache = IndexCache(tmp_path / "cache")
    calls: list[int] = []
    key = fingerprint("a source")
    first = cache.load("toy", key, _counting_build(calls, 5))
    second = cache.load("toy", key, _counting_build(calls, 5))
    assert calls == [5]
    assert first["values"].tolist() == second["values"].tolist() == [0, 1, 2, 3, 4]
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [f"toy-{key[:32]}.npz"]


def test_cache_index_rebuilt_when_a_source_table_changes(tmp_path: Path) -> None:
    table = tmp_path / "table.tsv"
    table.write_text("a\t1\n", encoding="utf-8")
    cache = IndexCache(tmp_path / "cache")
    calls: list[int] = []
    cache.load("toy", fingerprint(table), _counting_build(calls, 1))
    cache.load("toy", fingerprint(table), _counting_build(calls, 1))
    table.write_text("a\t1\nb\t2\n", encoding="utf-8")
    changed = cache.load("toy", fingerprint(table), _counting_build(calls, 2))
    assert calls == [1, 2]
    assert changed["values"].tolist() == [0, 1]


def test_cache_index_corrupt_file_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache = IndexCache(tmp_path)
    calls: list[int] = []
    key = fingerprint("x")
    cache.load("toy", key, _counting_build(calls, 3))
    path = cache.path("toy", key)
    assert path is not None
    for damage in (b"not a zip file at all", path.read_bytes()[:200], b""):
        path.write_bytes(damage)
        with caplog.at_level(logging.INFO, logger="eventwire.cache"):
            again = cache.load("toy", key, _counting_build(calls, 3))
        assert again["values"].tolist() == [0, 1, 2]
    assert calls == [3, 3, 3, 3]
    assert "rebuilding" in caplog.text
    assert cache.load("toy", key, _counting_build(calls, 3))["values"].tolist() == [0, 1, 2]
    assert calls == [3, 3, 3, 3]  # the rebuilt file is whole again


def test_cache_index_unwritable_folder_builds_in_memory_and_warns_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    cache = IndexCache(blocker / "eventwire")  # mkdir fails whatever the permissions (also as root)
    calls: list[int] = []
    with caplog.at_level(logging.WARNING, logger="eventwire.cache"):
        one = cache.load("first", fingerprint("1"), _counting_build(calls, 2))
        two = cache.load("second", fingerprint("2"), _counting_build(calls, 4))
    assert one["values"].tolist() == [0, 1] and two["values"].tolist() == [0, 1, 2, 3]
    assert calls == [2, 4]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "cannot write its index cache" in warnings[0].getMessage()


def test_cache_index_off_builds_every_time(tmp_path: Path) -> None:
    from eventwire.settings import Settings

    cache = IndexCache.from_settings(Settings(cache_dir="off"))
    calls: list[int] = []
    cache.load("toy", fingerprint("x"), _counting_build(calls, 1))
    cache.load("toy", fingerprint("x"), _counting_build(calls, 1))
    assert cache.directory is None and calls == [1, 1]


def _slow_build_in_process(folder: str, out: Any) -> None:
    def build() -> dict[str, Any]:
        time.sleep(0.5)  # both processes are inside build at the same time
        return {"values": np.arange(1000)}

    arrays = IndexCache(Path(folder)).load("race", fingerprint("race"), build)
    out.put(int(arrays["values"].sum()))


def test_cache_index_two_processes_building_at_once_both_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    workers = [context.Process(target=_slow_build_in_process, args=(str(tmp_path), out)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    assert sorted(out.get(timeout=5) for _ in workers) == [499500, 499500]
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 1 and files[0].startswith("race-") and files[0].endswith(".npz")  # no temp files
    assert IndexCache(tmp_path).load("race", fingerprint("race"), dict)["values"].sum() == 499500


def test_cache_index_string_columns_round_trip() -> None:
    values = ["Kyiv", "", "São Paulo", "北京", "kyiv", "a" * 300, "nul\0inside"]
    arrays = string_arrays("names", values, index=True)
    assert StringColumn(arrays, "names").tolist() == values
    index = StringIndex(arrays, "names")
    assert [index.find(v) for v in values] == list(range(len(values)))
    assert index.find("Kiev") is None
    for _ in range(200):  # past a quarter of its size it answers from a dict, the same answers
        assert index.find("São Paulo") == 2 and index.find("nowhere") is None


# ---------------------------------------------------------------- the cached indexes themselves


def test_cache_gazetteer_answers_as_a_fresh_build(tmp_path: Path) -> None:
    from eventwire.geo._gazetteer import Gazetteer, _Builder

    built = _Builder()
    cached = Gazetteer(cache=IndexCache(tmp_path))
    again = Gazetteer(cache=IndexCache(tmp_path))  # this one reads the file
    for gazetteer in (cached, again):
        assert len(gazetteer.names) == len(built.names)
        assert all(gazetteer.lookup(name) == places for name, places in built.names.items())
        assert dict(gazetteer.adjectives.items()) == built.adjectives
        assert gazetteer.ambiguous == built.ambiguous
        assert gazetteer.country_name == built.country_name
    assert again.lookup("KIEV") == again.lookup("kyiv") != []
    assert again.lookup("no such place") == []


def test_cache_phrase_index_finds_what_spacy_phrase_matcher_finds(nlp: Any, tmp_path: Path) -> None:
    """The compiled phrase index against spaCy's PhraseMatcher over LOWER, same patterns, on real text."""
    from collections import defaultdict

    from spacy.matcher import PhraseMatcher

    from eventwire.actors import load_table
    from eventwire.actors._index import load_compiled
    from eventwire.actors._match import _patterns

    reference = load_table()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_key: dict[str, list[Any]] = defaultdict(list)
    for term in reference.terms:
        by_key[term.phrase.lower()].append(term)
    for key, terms in by_key.items():
        if patterns := _patterns(nlp, key, terms):
            matcher.add(key, patterns)
    table, phrases, _ = load_compiled(nlp, [], IndexCache(tmp_path))
    samples = Path(__file__).resolve().parents[1] / "samples"
    texts = [
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(samples.iterdir()) if p.is_file()
    ]
    texts += [
        "",
        "Putin",
        "U.S. Sen. Lindsey Graham and the United Nations Security Council met in Rio de Janeiro.",
    ]
    found = 0
    for text in texts:
        doc = nlp.make_doc(text)
        ours = sorted((phrases[k][0].phrase.lower(), s, e) for k, s, e in phrases(doc))
        theirs = sorted((nlp.vocab.strings[k], s, e) for k, s, e in matcher(doc))
        assert ours == theirs
        found += len(ours)
    assert found > 200
    assert list(table.terms) == list(reference.terms)
    assert all(table.entries[entry_id] == entry for entry_id, entry in reference.entries.items())
    assert table.sectors == reference.sectors


def test_cache_name_index_answers_as_a_fresh_build(nlp: Any, tmp_path: Path) -> None:
    """The name-variant keys read from the cache file give the terms a freshly keyed index gives."""
    from eventwire.actors import load_table
    from eventwire.actors._index import load_compiled
    from eventwire.actors._names import NameIndex

    reference = load_table()
    fresh = NameIndex.build(reference.terms)
    load_compiled(nlp, [], IndexCache(tmp_path))  # builds and writes the file
    _, _, cached = load_compiled(nlp, [], IndexCache(tmp_path))  # reads it
    assert len(cached) == len(fresh) > 10_000
    names = [t.phrase for t in reference.terms if t.role in ("person", "city")][::5]
    variants = ["Hashim Thaçi", "Brasília", "Dmitri Peskov", "William J. Burns", "Kasym-Zhomart Tokayev"]
    for text in [*names, *variants, "no such name"]:
        assert cached.lookup(text) == fresh.lookup(text), text
    assert all(cached.lookup(text) for text in variants)
    assert cached.lookup("no such name") == ()


def test_cache_warm_start_reads_the_name_keys(nlp: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """A start with the cache file present reads the name keys from it and never computes them again."""
    from eventwire.actors import ActorAnalyzer, _names
    from eventwire.settings import Settings

    settings = Settings(cache_dir=str(tmp_path))
    ActorAnalyzer(settings, nlp=nlp)  # the first start builds the file

    def refuse(terms: Any) -> Any:
        raise AssertionError("name keys computed on a warm start")

    monkeypatch.setattr(_names, "name_arrays", refuse)
    mentions = ActorAnalyzer(settings, nlp=nlp).analyze("Hashim Thaçi met envoys.").mentions
    assert [m.actor.name for m in mentions if m.span.text == "Hashim Thaçi"] == ["Hashim Thaci"]


_FREEDONIA = """
- country: XFD
  name: {name}
  adjectives: [{name}n]
  capital: Fredville
"""


def test_cache_actor_index_rebuilt_when_a_user_dictionary_changes(nlp: Any, tmp_path: Path) -> None:
    from eventwire.actors import ActorAnalyzer
    from eventwire.settings import Settings

    settings = Settings(cache_dir=str(tmp_path / "cache"))
    user = tmp_path / "mine.yaml"

    def countries(text: str) -> list[str | None]:
        analyzer = ActorAnalyzer(settings, nlp=nlp, extra_files=[user])
        return [m.actor.country for m in analyzer.analyze(text).mentions]

    user.write_text(_FREEDONIA.format(name="Freedonia"), encoding="utf-8")
    assert countries("Freedonia protested.") == ["XFD"]
    assert countries("Sylvania protested.") == []
    user.write_text(_FREEDONIA.format(name="Sylvania"), encoding="utf-8")
    assert countries("Sylvania protested.") == ["XFD"]
    assert countries("Freedonia protested.") == []
    assert len(list((tmp_path / "cache").glob("actors-*.npz"))) == 2


def test_cache_actor_index_corrupt_file_is_rebuilt(nlp: Any, tmp_path: Path) -> None:
    from eventwire.actors import ActorAnalyzer
    from eventwire.settings import Settings

    settings = Settings(cache_dir=str(tmp_path))
    first = ActorAnalyzer(settings, nlp=nlp).analyze("Russia and Japan signed a treaty in Moscow.")
    [path] = tmp_path.glob("actors-*.npz")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    again = ActorAnalyzer(settings, nlp=nlp).analyze("Russia and Japan signed a treaty in Moscow.")
    assert [m.actor for m in again.mentions] == [m.actor for m in first.mentions] != []


def test_cache_actor_fingerprint_follows_the_shipped_tables(
    nlp: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from eventwire.actors import _index

    copy = tmp_path / "actors"
    shutil.copytree(_index.DATA, copy)
    monkeypatch.setattr(_index, "DATA", copy)
    before = _index._fingerprint(nlp, [])
    with (copy / "countries.tsv").open("a", encoding="utf-8") as table:
        table.write("XFD\tFreedonia\t\tFreedonian\t\t\t\n")
    assert _index._fingerprint(nlp, []) != before
    (copy / "generated_people.tsv").write_text("# a new table\n", encoding="utf-8")
    assert len({before, _index._fingerprint(nlp, [])}) == 2


def test_cache_actor_fingerprint_follows_the_name_key_code_and_version(
    nlp: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The cached name keys are rebuilt when the code computing them or eventwire's version changes."""
    from eventwire import cache
    from eventwire.actors import _index, _names

    before = _index._fingerprint(nlp, [])
    sources = _index.source_files("eventwire.actors", "eventwire.cache")
    code = Path(_names.__file__).resolve()
    assert code in sources
    edited = tmp_path / "_names.py"
    edited.write_text(code.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(_index, "source_files", lambda *names: [edited if p == code else p for p in sources])
        assert _index._fingerprint(nlp, []) != before
    assert _index._fingerprint(nlp, []) == before
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert _index._fingerprint(nlp, []) != before
