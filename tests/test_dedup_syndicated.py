"""Near-duplicate detection: syndicated copies become one story and count once per action."""

from __future__ import annotations

from pathlib import Path

from _store_factory import STORE_DATA, syndicated_corpus
from eventwire.store import Store
from eventwire.store.dedup import StoryIndex


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((STORE_DATA / "syndicated").glob("*.txt"))]


def test_dedup_copies_with_boilerplate_and_edits_share_one_story() -> None:
    index = StoryIndex()
    stories = [index.assign(f"d{i}", text).story_id for i, text in enumerate(_texts())]
    assert stories[:4] == ["d0"] * 4
    assert stories[4] == "d4"


def test_dedup_unrelated_article_starts_its_own_story() -> None:
    index = StoryIndex()
    texts = _texts()
    index.assign("wire", texts[0])
    assert index.assign("other", texts[4]).matched is None


def test_dedup_persisted_signatures_match_later_runs() -> None:
    texts = _texts()
    first = StoryIndex()
    saved = first.assign("wire", texts[0])
    later = StoryIndex()
    later.load("wire", saved.story_id, saved.signature)
    assert later.assign("copy", texts[1]).story_id == "wire"


def test_dedup_short_texts_are_never_merged() -> None:
    index = StoryIndex()
    index.assign("a", "Putin met Abe.")
    assert index.assign("b", "Putin met Abe.").story_id == "b"


def test_dedup_store_counts_a_syndicated_story_once(tmp_path: Path) -> None:
    corpus = syndicated_corpus()
    with Store.open(tmp_path / "e.duckdb") as store:
        store.write_batch(corpus[:2])
        store.write_batch(corpus[2:])  # later batches dedup against signatures already stored
        with store.connection() as con:
            stories = con.execute("SELECT count(DISTINCT story_id) FROM articles").fetchone()
            rows = con.execute(
                "SELECT event_code, num_mentions, num_articles, num_sources FROM events "
                "WHERE actor1_code = 'RUSGOV' ORDER BY event_code"
            ).fetchall()
    assert stories == (2,)
    # two actions in the wire story, each seen in all four copies: one event each, one article/source
    assert rows == [("030", 4, 1, 1), ("036", 4, 1, 1)]
