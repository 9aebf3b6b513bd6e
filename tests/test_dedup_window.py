"""The story index holds a bounded window of recent articles, and a store rebuilds the same window."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _store_factory import STORE_DATA, syndicated_corpus
from eventwire.store import Store
from eventwire.store.dedup import StoryIndex

_WORDS = [f"w{n}" for n in range(400)]


def _text(seed: int) -> str:
    """An article of 40 words that shares no run of three words with another seed's article."""
    rng = random.Random(seed)
    return " ".join(rng.choice(_WORDS) for _ in range(40))


def _copy(text: str) -> str:
    """A light edit: one word changed near the end (Jaccard of shingles well above 0.5)."""
    words = text.split()
    words[-2] = "edited"
    return " ".join(words)


def _wire() -> tuple[str, str]:
    original, copy = sorted((STORE_DATA / "syndicated").glob("*.txt"))[:2]
    return original.read_text(encoding="utf-8"), copy.read_text(encoding="utf-8")


def test_dedup_window_copy_inside_the_window_joins_the_story() -> None:
    original, copy = _wire()
    index = StoryIndex(window=3)
    index.assign("wire", original)
    index.assign("other1", _text(1))
    assert index.assign("copy", copy).story_id == "wire"


def test_dedup_window_copy_after_the_window_starts_its_own_story() -> None:
    original, copy = _wire()
    index = StoryIndex(window=3)
    index.assign("wire", original)
    for n in range(3):
        index.assign(f"other{n}", _text(n))
    assignment = index.assign("copy", copy)
    assert (assignment.story_id, assignment.matched) == ("copy", None)
    assert "wire" not in index and index.story_of("wire") is None


def test_dedup_window_memory_stays_bounded() -> None:
    index = StoryIndex(window=50)
    for n in range(400):
        index.assign(f"d{n}", _text(n) if n % 3 else _copy(_text(n - 1)))
    assert len(index) == 50
    assert index.seen == 400
    buckets = index._buckets
    assert sum(1 if isinstance(v, int) else len(v) for b in buckets for v in b.values()) <= 50 * len(buckets)
    assert len(index._signatures) <= 50
    assert len(index._number) == 50


def test_dedup_window_loading_out_of_order_is_refused() -> None:
    index = StoryIndex(window=5)
    index.load("a", "a", None, 7)
    with pytest.raises(ValueError, match="store order"):
        index.load("b", "b", None, 3)


def test_dedup_window_load_past_the_window_forgets_what_it_held() -> None:
    original, copy = _wire()
    index = StoryIndex(window=4)
    index.assign("wire", original)
    index.load("late", "late", None, 10)  # another writer stored articles 1-10 meanwhile
    assert "wire" not in index
    assert index.assign("copy", copy).story_id == "copy"


@settings(max_examples=60, deadline=None)
@given(
    window=st.integers(1, 12),
    plan=st.lists(st.integers(0, 30), min_size=1, max_size=60),
    cut=st.integers(0, 60),
)
def test_dedup_window_rebuilt_from_persisted_rows_assigns_like_an_uninterrupted_index(
    window: int, plan: list[int], cut: int
) -> None:
    """A writer restarted after ``cut`` articles reloads the last ``window`` persisted rows (what
    ``Store.open`` does) and goes on to assign exactly the stories of a writer that never stopped."""
    texts = [_text(seed) if n % 2 == 0 else _copy(_text(seed)) for n, seed in enumerate(plan)]
    whole = StoryIndex(window=window)
    expected = [whole.assign(f"d{n}", text) for n, text in enumerate(texts)]
    cut = min(cut, len(texts))
    first = StoryIndex(window=window)
    rows = [(f"d{n}", first.assign(f"d{n}", t)) for n, t in enumerate(texts[:cut])]
    restarted = StoryIndex(window=window)
    for seq, (doc_id, done) in enumerate(rows):
        if seq >= cut - window:
            restarted.load(doc_id, done.story_id, done.signature, seq)
    rest = [restarted.assign(f"d{n}", t) for n, t in enumerate(texts[cut:], start=cut)]
    assert [a.story_id for a in [r for _, r in rows] + rest] == [a.story_id for a in expected]
    assert [a.matched for a in rest] == [a.matched for a in expected[cut:]]


def test_dedup_window_store_reopened_rebuilds_the_same_window(tmp_path: Path) -> None:
    """Story ids in the store follow the window, across batches and across opening the store again."""
    corpus = syndicated_corpus()  # four copies of one wire story, then an independent report
    db = tmp_path / "w.duckdb"
    with Store.open(db, story_window=1) as store:
        store.write_batch(corpus[:2])
    with Store.open(db, story_window=1) as store:  # reopened: loads only the last stored signature
        store.write_batch(corpus[2:])
    with duckdb.connect(str(db), read_only=True) as con:
        stories = [
            row[0] for row in con.execute("SELECT story_id FROM articles ORDER BY published").fetchall()
        ]
        seqs = [row[0] for row in con.execute("SELECT seq FROM minhashes ORDER BY seq").fetchall()]
    ids = [r.status.doc_id for r in corpus]
    # each copy still finds the one before it (a window of 1), so the chain keeps the wire's story
    assert stories[:4] == [ids[0]] * 4
    assert stories[4] == ids[4]
    assert seqs == list(range(5))
